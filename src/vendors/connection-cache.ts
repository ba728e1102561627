import type { HttpClient } from "../http/client.js";

interface Entry<V> {
  expires: number;
  value: Promise<V | null>;
}

/**
 * Definitions that outlive a request (relationship types, associations) cached per
 * connection: keyed by the connection's long-lived HttpClient, so the cache goes with it.
 * Only found values are kept (a missing one may be defined a moment later) and failures
 * retry; concurrent misses share one fetch.
 */
export class ConnectionCache<V> {
  private readonly byConnection = new WeakMap<HttpClient, Map<string, Entry<V>>>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  get(http: HttpClient, key: string, fetch: () => Promise<V | null>, now: number = Date.now()): Promise<V | null> {
    let entries = this.byConnection.get(http);
    if (!entries) this.byConnection.set(http, (entries = new Map()));
    const hit = entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    entries.delete(key);
    if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value!);
    const entry: Entry<V> = { expires: now + this.ttlMs, value: fetch() };
    entries.set(key, entry);
    const drop = () => {
      if (entries.get(key) === entry) entries.delete(key);
    };
    entry.value.then((found) => found ?? drop(), drop);
    return entry.value;
  }

  /** Forgets `key` of this connection: the next get fetches it again. */
  delete(http: HttpClient, key: string): void {
    this.byConnection.get(http)?.delete(key);
  }
}
