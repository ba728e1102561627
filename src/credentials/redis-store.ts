import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Sealer } from "./sealer.js";
import { parseTokens, type CredentialStore, type StoredTokens, type Unlock } from "./store.js";

/** Deletes the lock only if ARGV[1] still holds it (it may have expired and been taken by another). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const PREFIX = "gw:cred:v1:";

/**
 * Tokens shared by every replica: values sealed, the refresh lock a `SET NX PX` that expires by
 * itself should its holder die. Commands fail at once while Redis is away (no offline queue).
 */
export class RedisCredentialStore implements CredentialStore {
  readonly shared = true;
  private readonly redis: Redis & { credRelease(key: string, owner: string): Promise<number> };

  constructor(
    url: string,
    private readonly sealer: Sealer,
    options: { onError?: (error: Error) => void } = {},
  ) {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1_000,
      connectTimeout: 2_000,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(times * 100, 2_000),
    });
    redis.defineCommand("credRelease", { numberOfKeys: 1, lua: RELEASE });
    redis.on("error", (error: Error) => options.onError?.(error));
    this.redis = redis as typeof this.redis;
  }

  /** Resolves once connected (or rejects after the connect timeout). */
  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async get(key: string): Promise<StoredTokens | null> {
    const sealed = await this.redis.get(PREFIX + key);
    const plain = sealed === null ? null : this.sealer.open(sealed, key);
    return plain === null ? null : parseTokens(plain);
  }

  async put(key: string, tokens: StoredTokens): Promise<void> {
    await this.redis.set(PREFIX + key, this.sealer.seal(JSON.stringify(tokens), key));
  }

  async lock(key: string, ttlMs: number): Promise<Unlock | null> {
    const owner = randomUUID();
    const lockKey = `${PREFIX}lock:${key}`;
    const taken = await this.redis.set(lockKey, owner, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
    if (taken !== "OK") return null;
    return async () => {
      await this.redis.credRelease(lockKey, owner).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
