import { parseEntry, type Claim, type Entry, type IdempotencyStore } from "./store.js";

interface Slot {
  raw: string;
  expires: number;
}

/**
 * The default store: this process only, bounded to `maxEntries` (least recently used go first)
 * so that many distinct keys cannot grow memory without limit. Replicas need Redis instead.
 */
export class MemoryStore implements IdempotencyStore {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  async claim(key: string, entry: Entry, ttlMs: number): Promise<Claim> {
    const found = this.live(key);
    if (found) return { claimed: false, existing: parseEntry(found.raw), raw: found.raw };
    this.put(key, { raw: JSON.stringify(entry), expires: this.now() + ttlMs });
    return { claimed: true };
  }

  async replace(key: string, expected: string, entry: Entry): Promise<boolean> {
    const found = this.live(key);
    if (!found || found.raw !== expected) return false;
    this.put(key, { raw: JSON.stringify(entry), expires: found.expires });
    return true;
  }

  async settle(key: string, owner: string, entry: Entry | null): Promise<boolean> {
    const found = this.live(key);
    if (!found || parseEntry(found.raw).owner !== owner) return false;
    if (entry === null) this.slots.delete(key);
    else this.put(key, { raw: JSON.stringify(entry), expires: found.expires });
    return true;
  }

  async get(key: string): Promise<{ entry: Entry; raw: string } | null> {
    const found = this.live(key);
    return found ? { entry: parseEntry(found.raw), raw: found.raw } : null;
  }

  async close(): Promise<void> {
    this.slots.clear();
  }

  private live(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expires <= this.now()) {
      this.slots.delete(key);
      return undefined;
    }
    // Map order is the recency order: a touched key moves to the end.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot;
  }

  private put(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.slots.set(key, slot);
    while (this.slots.size > this.maxEntries) this.slots.delete(this.slots.keys().next().value!);
  }
}
