import { parseEntry, type Claim, type Entry, type IdempotencyStore } from "./store.js";

interface Slot {
  raw: string;
  expires: number;
  /** What the slot counts against the byte budget: its key and entry, as UTF-8. */
  bytes: number;
}

export interface MemoryStoreLimits {
  /** Keys kept at most. */
  maxEntries: number;
  /** Bytes of keys and entries kept at most (IDEMPOTENCY_MAX_BYTES). */
  maxBytes: number;
}

/**
 * The default store: this process only, bounded in keys and in bytes (least recently used go
 * first), so that many distinct keys, or large answers, cannot grow memory without limit. The
 * entry just written is never the one evicted. Replicas need Redis instead.
 */
export class MemoryStore implements IdempotencyStore {
  private readonly slots = new Map<string, Slot>();
  private total = 0;

  constructor(
    private readonly limits: MemoryStoreLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  /** Bytes of the keys and entries held now. */
  get bytes(): number {
    return this.total;
  }

  async claim(key: string, entry: Entry, ttlMs: number): Promise<Claim> {
    const found = this.live(key);
    if (found) return { claimed: false, existing: parseEntry(found.raw), raw: found.raw };
    this.put(key, JSON.stringify(entry), this.now() + ttlMs);
    return { claimed: true };
  }

  async replace(key: string, expected: string, entry: Entry): Promise<boolean> {
    const found = this.live(key);
    if (!found || found.raw !== expected) return false;
    this.put(key, JSON.stringify(entry), found.expires);
    return true;
  }

  async settle(key: string, owner: string, entry: Entry | null): Promise<boolean> {
    const found = this.live(key);
    if (!found || parseEntry(found.raw).owner !== owner) return false;
    if (entry === null) this.remove(key);
    else this.put(key, JSON.stringify(entry), found.expires);
    return true;
  }

  async get(key: string): Promise<{ entry: Entry; raw: string } | null> {
    const found = this.live(key);
    return found ? { entry: parseEntry(found.raw), raw: found.raw } : null;
  }

  async close(): Promise<void> {
    this.slots.clear();
    this.total = 0;
  }

  private live(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expires <= this.now()) {
      this.remove(key);
      return undefined;
    }
    // Map order is the recency order: a touched key moves to the end.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot;
  }

  private put(key: string, raw: string, expires: number): void {
    this.remove(key);
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(raw);
    this.slots.set(key, { raw, expires, bytes });
    this.total += bytes;
    const { maxEntries, maxBytes } = this.limits;
    while (this.slots.size > 1 && (this.slots.size > maxEntries || this.total > maxBytes)) this.remove(this.slots.keys().next().value!);
  }

  private remove(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.total -= slot.bytes;
  }
}
