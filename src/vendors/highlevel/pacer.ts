import type { PacedCall, Pacer, PacerGrant, UpstreamResponse } from "../../http/client.js";

/**
 * Paces one HighLevel rate-limit window: the calls of every connection with the same app
 * token and location (the registry shares one pacer per module.ts `pacer.key`), so that its
 * burst window (X-RateLimit-Max calls per X-RateLimit-Interval-Milliseconds) is never run dry.
 *
 * The budget left is estimated as the lower of
 * - the vendor's last X-RateLimit-Remaining, less our calls sent since, plus our calls that
 *   were in its window then and have aged out of it since (other clients of the location
 *   are seen only through this figure), and
 * - the window's size less our own calls within the last interval (covers calls in flight).
 * While the estimate is above a reserve a call goes at once; otherwise it waits until the
 * next of our calls leaves the window (or the observed window has fully rolled over).
 * Until the vendor first reports its limits, one call goes at a time.
 *
 * Fairness between client requests (a call's `group`): waiting calls are served round-robin
 * by group, and one group may hold at most 1/(n+1) of the window's budget while n groups are
 * active, so a large request leaves room for the next one to arrive. A waiting call never
 * outlives its deadline or its request's abort, and a call dropped before it is sent uses no
 * budget.
 */

export interface HighLevelPacerOptions {
  /** Calls kept in hand per window; default 10% of X-RateLimit-Max, at least 1. */
  reserve?: number;
  /** Assumed before the first answer: the vendor's documented 100 per 10 s. */
  max?: number;
  intervalMs?: number;
  /** Added to the window: the vendor counts a call when it arrives, a little after we send it. */
  marginMs?: number;
  /** How long the first call may take before the others stop waiting for its headers. */
  probeTimeoutMs?: number;
  /** Injected by tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Observation {
  at: number;
  remaining: number;
}

interface Sent {
  at: number;
  group?: object;
}

interface Waiter {
  call: PacedCall;
  settle(grant: PacerGrant | null): void;
}

/** Shortest re-check delay, so waiters never spin. */
const MIN_WAIT_MS = 5;
/** The queue key of calls that belong to no client request. */
const NO_GROUP = {};

export function createHighLevelPacer(options: HighLevelPacerOptions = {}): Pacer {
  const now = options.now ?? Date.now;
  const probeTimeoutMs = options.probeTimeoutMs ?? 2_000;
  const marginMs = options.marginMs ?? 100;
  let max = options.max ?? 100;
  let intervalMs = options.intervalMs ?? 10_000;
  let last: Observation | null = null;
  /** Until the first call's answer (or this time), later calls wait: only that first call probes. */
  let probeUntil: number | null = null;
  /** Our calls that went out, oldest first; kept for two windows (the vendor's report may be a window old). */
  const sent: Sent[] = [];
  /** Waiting calls by group; Map order is the round-robin order. */
  const queues = new Map<object, Waiter[]>();
  let pumping = false;
  let wake: (() => void) | null = null;

  const span = () => intervalMs + marginMs;
  const reserve = () => options.reserve ?? Math.max(1, Math.ceil(max * 0.1));
  const count = (from: number, to: number, group?: object) =>
    sent.filter((s) => s.at > from && s.at <= to && (group === undefined || s.group === group)).length;
  const probing = (t: number) => !last && probeUntil !== null && t < probeUntil;

  function budget(t: number): number {
    while (sent.length > 0 && sent[0]!.at <= t - 2 * span()) sent.shift();
    const own = max - count(t - span(), t);
    if (!last || t - last.at >= span()) return own;
    // Released since the report: calls surely in its window then (sent after at − interval)
    // and surely out of it now (sent before t − span).
    const reported = last.remaining - count(last.at, t) + count(last.at - intervalMs, t - span());
    return Math.min(own, reported);
  }

  /** A group's share of the window: 1/(n+1) of the spendable budget with n groups active (those sent lately or waiting). */
  function withinShare(t: number, group: object | undefined): boolean {
    if (group === undefined) return true;
    const active = new Set<object>([group]);
    for (const s of sent) if (s.group && s.at > t - span()) active.add(s.group);
    for (const key of queues.keys()) if (key !== NO_GROUP) active.add(key);
    const share = Math.max(1, Math.floor((max - reserve()) / (active.size + 1)));
    return count(t - span(), t, group) < share;
  }

  const canGo = (t: number, group: object | undefined) => !probing(t) && budget(t) > reserve() && withinShare(t, group);

  /** Time until the estimate can grow: the next of our calls to age out, or the observed window's end. */
  function nextRelease(t: number): number {
    const candidates = sent.map((s) => s.at + span());
    if (last) candidates.push(last.at + span());
    const next = Math.min(...candidates.filter((at) => at > t));
    return Number.isFinite(next) ? next - t : intervalMs;
  }

  function grant(t: number, group: object | undefined): PacerGrant {
    probeUntil ??= t + probeTimeoutMs;
    const entry: Sent = { at: t, group };
    sent.push(entry);
    return {
      cancel() {
        const i = sent.indexOf(entry);
        if (i >= 0) sent.splice(i, 1);
        wake?.();
      },
    };
  }

  function remove(key: object, waiter: Waiter): void {
    const list = queues.get(key);
    const i = list?.indexOf(waiter) ?? -1;
    if (i < 0) return;
    list!.splice(i, 1);
    if (list!.length === 0) queues.delete(key);
  }

  /** The next waiting call that may go, round-robin over groups; expired calls are dropped on the way. */
  function next(t: number): { key: object; waiter: Waiter } | null {
    for (const [key, list] of queues) {
      while (list.length > 0 && list[0]!.call.deadline <= t) list.shift()!.settle(null);
      if (list.length === 0) {
        queues.delete(key);
        continue;
      }
      if (canGo(t, list[0]!.call.group)) return { key, waiter: list[0]! };
    }
    return null;
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let over = false;
      const done = () => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      // Unref'd: a waiting call belongs to a request, which holds the process open itself.
      const timer = options.sleep ? undefined : setTimeout(done, ms).unref();
      if (options.sleep) void options.sleep(ms).then(done);
      wake = done;
    });
  }

  async function pump(): Promise<void> {
    if (pumping) return void wake?.();
    pumping = true;
    try {
      while (queues.size > 0) {
        const t = now();
        const found = next(t);
        if (found) {
          const { key, waiter } = found;
          remove(key, waiter);
          // Served groups go to the back of the line.
          const rest = queues.get(key);
          if (rest) {
            queues.delete(key);
            queues.set(key, rest);
          }
          waiter.settle(grant(t, waiter.call.group));
          continue;
        }
        if (queues.size === 0) break;
        await pause(Math.max(MIN_WAIT_MS, probing(t) ? MIN_WAIT_MS * 4 : nextRelease(t)));
      }
    } finally {
      pumping = false;
    }
  }

  return {
    ready(call: PacedCall = { deadline: Infinity }): Promise<PacerGrant | null> {
      const t = now();
      if (call.signal?.aborted || call.deadline <= t) return Promise.resolve(null);
      if (queues.size === 0 && canGo(t, call.group)) return Promise.resolve(grant(t, call.group));
      return new Promise((resolve) => {
        const key = call.group ?? NO_GROUP;
        const drop = () => {
          remove(key, waiter);
          waiter.settle(null);
        };
        const timer = Number.isFinite(call.deadline) ? setTimeout(drop, call.deadline - t).unref() : undefined;
        const waiter: Waiter = {
          call,
          settle(result) {
            clearTimeout(timer);
            call.signal?.removeEventListener("abort", drop);
            resolve(result);
          },
        };
        call.signal?.addEventListener("abort", drop, { once: true });
        const list = queues.get(key);
        if (list) list.push(waiter);
        else queues.set(key, [waiter]);
        void pump();
      });
    },

    observe(headers: UpstreamResponse["headers"]): void {
      const remaining = numberHeader(headers, "x-ratelimit-remaining");
      // An answer without the headers (a proxy's error page) still ends the probe: waiting longer learns nothing.
      if (remaining === undefined) probeUntil = Math.min(probeUntil ?? now(), now());
      else {
        max = numberHeader(headers, "x-ratelimit-max") ?? max;
        intervalMs = numberHeader(headers, "x-ratelimit-interval-milliseconds") || intervalMs;
        last = { at: now(), remaining };
      }
      wake?.();
    },
  };
}

function numberHeader(headers: UpstreamResponse["headers"], name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
