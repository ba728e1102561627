import { createHash, randomUUID } from "node:crypto";
import { IdempotencyError, UpstreamError, ValidationError, VendorRejection } from "../errors.js";
import { fingerprint } from "./fingerprint.js";
import { StoreUnavailableError, type Entry, type IdempotencyStore } from "./store.js";

/** One keyed (or unkeyed) write, as a mutation resolver describes it. */
export interface WriteSpec<P> {
  /** What the key is scoped to: the same key in another connection or mutation is another key. */
  scope: { vendor: string; connection: string; mutation: string; tenant?: string };
  key: string | undefined;
  /** The input as the client sent it (without the key): its fingerprint detects a reused key. */
  input: unknown;
  /** Epoch ms: the request's own deadline, which bounds its wait for another request with the key. */
  deadline?: number;
  /** Makes the write; `retry` is true when an earlier attempt's outcome is unknown. */
  write(retry: boolean): Promise<P>;
  /** Finds what an attempt since `since` created, before writing again; vendors whose create is an upsert need none. */
  reconcile?(since: Date): Promise<P | null>;
  /** The payload for a refusal (its userErrors); refusals are stored and replayed like successes. */
  rejected(error: VendorRejection): P;
  /** A payload over the per-entry cap as the store keeps it instead: small, and enough for `restore`. */
  slim(payload: P): unknown;
  /** A replay's payload from what `slim` kept (it may read the records it names again). */
  restore(slim: unknown): Promise<P>;
}

export interface SafeWritesOptions {
  /** How long a key is remembered (24 h by default). */
  ttlMs: number;
  /** How long a write may hold its key before another request may take it over (and reconcile). */
  leaseMs: number;
  /** How long a request waits for another in flight with the same key (less when its own deadline comes first). */
  waitMs: number;
  /** The largest payload an entry keeps as it is (its JSON, in bytes); a larger one is kept slim. */
  maxAnswerBytes: number;
  onStoreError?(error: Error): void;
}

const POLL_MS = [20, 50, 100, 200];

/**
 * Idempotency keys over a store: the same key and input → the stored payload (no vendor call);
 * the same key while the first request runs → wait for its payload; another input →
 * IDEMPOTENCY_KEY_REUSED; a write whose outcome is unknown → the key is kept as `unknown`, and a
 * retry reconciles with the vendor before it writes again. Nothing written → the key is released.
 * A payload over `maxAnswerBytes` is kept slim (the spec's `slim`/`restore`), in any store.
 */
export class SafeWrites {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly options: SafeWritesOptions,
  ) {}

  async run<P extends object>(spec: WriteSpec<P>): Promise<P & { replayed: boolean }> {
    if (spec.key === undefined) return { ...(await this.attempt(spec, false)), replayed: false };
    const storeKey = storeKeyOf(spec.scope, spec.key);
    const print = fingerprint(spec.input);
    const owner = randomUUID();
    const waitUntil = Math.min(Date.now() + this.options.waitMs, spec.deadline ?? Infinity);
    for (let poll = 0; ; poll++) {
      const now = Date.now();
      const mine: Entry = { state: "in_flight", fingerprint: print, owner, startedAt: now, leaseUntil: now + this.options.leaseMs };
      const claim = await this.guard(() => this.store.claim(storeKey, mine, this.options.ttlMs));
      if (claim.claimed) return this.execute(spec, storeKey, mine, null);
      const { existing, raw } = claim;
      if (existing.fingerprint !== print) {
        throw new ValidationError(
          "This idempotency key was used with a different input; use a new key for a new request",
          ["idempotencyKey"],
          "IDEMPOTENCY_KEY_REUSED",
        );
      }
      if (existing.state === "done") return { ...(await this.replay(spec, existing)), replayed: true };
      if (existing.state === "unknown" || existing.leaseUntil <= now) {
        // Its outcome is unknown, or its holder is gone: take it over, reconciling since its first attempt.
        const takeover: Entry = { ...mine, startedAt: existing.startedAt };
        if (await this.guard(() => this.store.replace(storeKey, raw, takeover))) return this.execute(spec, storeKey, takeover, existing.startedAt);
        continue;
      }
      if (now >= waitUntil) {
        throw new IdempotencyError(
          "IDEMPOTENCY_KEY_IN_USE",
          "A request with this idempotency key is still running; retry later with the same key to get its answer",
        );
      }
      await sleep(Math.min(POLL_MS[Math.min(poll, POLL_MS.length - 1)]!, waitUntil - now));
    }
  }

  private async execute<P extends object>(spec: WriteSpec<P>, storeKey: string, entry: Entry, since: number | null): Promise<P & { replayed: boolean }> {
    const retry = since !== null;
    let payload: P;
    let refused = false;
    try {
      const found = retry && spec.reconcile ? await spec.reconcile(new Date(since)) : null;
      payload =
        found ??
        (await this.attempt(spec, retry, () => {
          refused = true;
        }));
    } catch (error) {
      // Still unknown (this attempt's outcome, or an earlier one's we could not settle): keep the
      // key so that the next retry reconciles. Otherwise nothing was written: free the key.
      const unknown = retry || (error instanceof UpstreamError && error.writeOutcome === "UNKNOWN");
      await this.settle(storeKey, entry.owner, unknown ? { ...entry, state: "unknown" } : null);
      throw error;
    }
    await this.settle(storeKey, entry.owner, this.done(spec, entry, payload, refused));
    return { ...payload, replayed: false };
  }

  /**
   * The entry a write settles as: its payload, or its slim form when the payload is over the
   * per-entry cap. An over-cap refusal releases the key instead: nothing was written, so a
   * retry asks the vendor again rather than the store keeping its long answer.
   */
  private done<P>(spec: WriteSpec<P>, entry: Entry, payload: P, refused: boolean): Entry | null {
    const json = JSON.stringify(payload);
    if (Buffer.byteLength(json) <= this.options.maxAnswerBytes) return { ...entry, state: "done", payload: json };
    return refused ? null : { ...entry, state: "done", slim: JSON.stringify(spec.slim(payload)) };
  }

  private async replay<P>(spec: WriteSpec<P>, entry: Entry): Promise<P> {
    if (entry.slim !== undefined) return spec.restore(JSON.parse(entry.slim));
    return JSON.parse(entry.payload ?? "{}") as P;
  }

  private async attempt<P>(spec: WriteSpec<P>, retry: boolean, onRefused?: () => void): Promise<P> {
    try {
      return await spec.write(retry);
    } catch (error) {
      if (!(error instanceof VendorRejection)) throw error;
      onRefused?.();
      return spec.rejected(error);
    }
  }

  /**
   * After the vendor answered, a store failure must not turn a made write into an error: the
   * entry stays in flight until its lease ends, and a retry then reconciles.
   */
  private async settle(storeKey: string, owner: string, entry: Entry | null): Promise<void> {
    try {
      await this.store.settle(storeKey, owner, entry);
    } catch (error) {
      this.options.onStoreError?.(error as Error);
    }
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.options.onStoreError?.(error);
      throw new IdempotencyError(
        "IDEMPOTENCY_UNAVAILABLE",
        "The idempotency store is unavailable; the write was not made. Retry later with the same key, or without a key",
      );
    }
  }
}

/** The store's key: a hash, so client-chosen keys never shape the store's key space. */
export function storeKeyOf(scope: WriteSpec<unknown>["scope"], key: string): string {
  // The tenant (a caller's own vendor credential, an authenticated caller) is part of the key: one caller's key never replays another's answer.
  const parts = [scope.vendor, scope.connection, scope.mutation, key];
  if (scope.tenant) parts.push(scope.tenant);
  return `gw:idem:v1:${createHash("sha256").update(JSON.stringify(parts)).digest("hex")}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
