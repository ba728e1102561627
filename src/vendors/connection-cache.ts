interface Entry<V> {
  expires: number;
  value: Promise<V | null>;
}

/**
 * Definitions that outlive a request (relationship types, associations) cached per connection
 * and tenant: keyed by the tenant's identity object (src/vendors/connection-http.ts), so one
 * caller's reads never serve another, and the cache goes when the registry lets the tenant go.
 * Only found values are kept (a missing one may be defined a moment later) and failures
 * retry; concurrent misses share one fetch.
 */
export class ConnectionCache<V> {
  private readonly byConnection = new WeakMap<object, Map<string, Entry<V>>>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  get(tenant: object, key: string, fetch: () => Promise<V | null>, now: number = Date.now()): Promise<V | null> {
    let entries = this.byConnection.get(tenant);
    if (!entries) this.byConnection.set(tenant, (entries = new Map()));
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
  delete(tenant: object, key: string): void {
    this.byConnection.get(tenant)?.delete(key);
  }
}
