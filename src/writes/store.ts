/**
 * Where idempotency keys live: one entry per (vendor, connection, mutation, key), shared by
 * every replica that uses the same store. Entries are JSON strings; the store compares them
 * whole (compare-and-set), so it needs no knowledge of their shape.
 */

export type EntryState = "in_flight" | "done" | "unknown";

export interface Entry {
  state: EntryState;
  /** SHA-256 of the canonical input: the same key with other input is refused. */
  fingerprint: string;
  /** The request that holds an in-flight entry; only it may settle it. */
  owner: string;
  /** When the first attempt began (a reconciliation looks for what was created since). */
  startedAt: number;
  /** An in-flight entry whose holder is gone (a replica died) is taken over after this. */
  leaseUntil: number;
  /** The payload answered (state done), as JSON. */
  payload?: string;
  /**
   * Instead of `payload` when that was over the per-entry cap (IDEMPOTENCY_MAX_ANSWER_BYTES): its
   * slim form as JSON (the mutation's own fields and the ids of the records it holds), which a
   * replay turns back into an answer by reading those records again.
   */
  slim?: string;
}

export type Claim = { claimed: true } | { claimed: false; existing: Entry; raw: string };

export interface IdempotencyStore {
  /** Writes `entry` when the key is free (for `ttlMs`); otherwise answers what is there. */
  claim(key: string, entry: Entry, ttlMs: number): Promise<Claim>;
  /** Replaces the entry only if it is still exactly `expected`, keeping its time to live. */
  replace(key: string, expected: string, entry: Entry): Promise<boolean>;
  /** Settles the entry held by `owner`: a new state, or `null` to release the key. */
  settle(key: string, owner: string, entry: Entry | null): Promise<boolean>;
  get(key: string): Promise<{ entry: Entry; raw: string } | null>;
  close(): Promise<void>;
}

/** The store could not be reached: a write with a key fails rather than run unprotected. */
export class StoreUnavailableError extends Error {}

export function parseEntry(raw: string): Entry {
  return JSON.parse(raw) as Entry;
}
