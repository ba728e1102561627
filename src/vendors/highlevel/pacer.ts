import type { Pacer, UpstreamResponse } from "../../http/client.js";

/**
 * Paces one HighLevel connection (one app token, one location) so its burst window
 * (X-RateLimit-Max calls per X-RateLimit-Interval-Milliseconds) is never run dry.
 *
 * The budget left is estimated as the lower of
 * - the vendor's last X-RateLimit-Remaining, less our calls sent since, plus our calls that
 *   were in its window then and have aged out of it since (other clients of the location
 *   are seen only through this figure), and
 * - the window's size less our own calls within the last interval (covers calls in flight).
 * While the estimate is above a reserve a call goes at once; otherwise it waits until the
 * next of our calls leaves the window (or the observed window has fully rolled over).
 * Until the vendor first reports its limits, one call goes at a time.
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

/** Shortest re-check delay, so waiters never spin. */
const MIN_WAIT_MS = 5;

export function createHighLevelPacer(options: HighLevelPacerOptions = {}): Pacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const probeTimeoutMs = options.probeTimeoutMs ?? 2_000;
  const marginMs = options.marginMs ?? 100;
  let max = options.max ?? 100;
  let intervalMs = options.intervalMs ?? 10_000;
  let last: Observation | null = null;
  /** Until the first call's answer (or this time), later calls wait: only that first call probes. */
  let probeUntil: number | null = null;
  /** When our calls went out, oldest first; kept for two windows (the vendor's report may be a window old). */
  const sent: number[] = [];

  const reserve = () => options.reserve ?? Math.max(1, Math.ceil(max * 0.1));
  const count = (from: number, to: number) => sent.filter((s) => s > from && s <= to).length;

  function budget(t: number): number {
    const span = intervalMs + marginMs;
    while (sent.length > 0 && sent[0]! <= t - 2 * span) sent.shift();
    const own = max - count(t - span, t);
    if (!last || t - last.at >= span) return own;
    // Released since the report: calls surely in its window then (sent after at − interval)
    // and surely out of it now (sent before t − span).
    const reported = last.remaining - count(last.at, t) + count(last.at - intervalMs, t - span);
    return Math.min(own, reported);
  }

  /** Time until the estimate can grow: the next of our calls to age out, or the observed window's end. */
  function nextRelease(t: number): number {
    const span = intervalMs + marginMs;
    const candidates = sent.map((s) => s + span);
    if (last) candidates.push(last.at + span);
    const next = Math.min(...candidates.filter((at) => at > t));
    return Number.isFinite(next) ? next - t : intervalMs;
  }

  return {
    async ready(): Promise<void> {
      for (;;) {
        const t = now();
        const probing = !last && probeUntil !== null && t < probeUntil;
        if (!probing && budget(t) > reserve()) break;
        await sleep(Math.max(MIN_WAIT_MS, probing ? MIN_WAIT_MS * 4 : nextRelease(t)));
      }
      const t = now();
      probeUntil ??= t + probeTimeoutMs;
      sent.push(t);
    },

    observe(headers: UpstreamResponse["headers"]): void {
      const remaining = numberHeader(headers, "x-ratelimit-remaining");
      // An answer without the headers (a proxy's error page) still ends the probe: waiting longer learns nothing.
      if (remaining === undefined) return void (probeUntil = Math.min(probeUntil ?? now(), now()));
      max = numberHeader(headers, "x-ratelimit-max") ?? max;
      intervalMs = numberHeader(headers, "x-ratelimit-interval-milliseconds") || intervalMs;
      last = { at: now(), remaining };
    },
  };
}

function numberHeader(headers: UpstreamResponse["headers"], name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
