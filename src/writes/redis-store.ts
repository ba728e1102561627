import { Redis } from "ioredis";
import { parseEntry, StoreUnavailableError, type Claim, type Entry, type IdempotencyStore } from "./store.js";

/** Compare-and-set that keeps the key's time to live. */
const REPLACE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0`;

/** Settle (ARGV[2] = new entry) or release (ARGV[2] = '') only if ARGV[1] still owns the entry. */
const SETTLE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, entry = pcall(cjson.decode, raw)
if not ok or entry.owner ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
return 1`;

interface Scripts {
  idemReplace(key: string, expected: string, next: string): Promise<number>;
  idemSettle(key: string, owner: string, next: string): Promise<number>;
}

/**
 * Keys shared by every replica through Redis: claims are `SET NX PX` (atomic), later changes
 * compare-and-set Lua scripts. Commands are not queued while Redis is away: they fail at once
 * (StoreUnavailableError), so a keyed write never runs unprotected; the client reconnects by itself.
 */
export class RedisStore implements IdempotencyStore {
  private readonly redis: Redis & Scripts;

  constructor(url: string, options: { commandTimeoutMs?: number; onError?: (error: Error) => void } = {}) {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      connectTimeout: 2_000,
      // Reconnect forever, at most every 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2_000),
    });
    redis.defineCommand("idemReplace", { numberOfKeys: 1, lua: REPLACE });
    redis.defineCommand("idemSettle", { numberOfKeys: 1, lua: SETTLE });
    // Without a listener ioredis prints every connection error; the gateway reports them its own way.
    redis.on("error", (error: Error) => options.onError?.(error));
    this.redis = redis as Redis & Scripts;
  }

  /** Resolves once connected (or rejects after the connect timeout); the gateway starts either way. */
  async ready(): Promise<void> {
    if (this.redis.status === "ready") return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StoreUnavailableError("Redis did not answer")), 2_000);
      this.redis.once("ready", () => (clearTimeout(timer), resolve()));
    });
  }

  async claim(key: string, entry: Entry, ttlMs: number): Promise<Claim> {
    for (;;) {
      const raw = JSON.stringify(entry);
      if ((await this.run(() => this.redis.set(key, raw, "PX", ttlMs, "NX"))) === "OK") return { claimed: true };
      const existing = await this.run(() => this.redis.get(key));
      // Expired between the two commands: claim again.
      if (existing !== null) return { claimed: false, existing: parseEntry(existing), raw: existing };
    }
  }

  async replace(key: string, expected: string, entry: Entry): Promise<boolean> {
    return (await this.run(() => this.redis.idemReplace(key, expected, JSON.stringify(entry)))) === 1;
  }

  async settle(key: string, owner: string, entry: Entry | null): Promise<boolean> {
    return (await this.run(() => this.redis.idemSettle(key, owner, entry ? JSON.stringify(entry) : ""))) === 1;
  }

  async get(key: string): Promise<{ entry: Entry; raw: string } | null> {
    const raw = await this.run(() => this.redis.get(key));
    return raw === null ? null : { entry: parseEntry(raw), raw };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StoreUnavailableError(`Redis: ${(error as Error).message}`);
    }
  }
}
