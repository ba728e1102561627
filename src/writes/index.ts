import type { GatewayConfig } from "../config.js";
import type { Logger } from "../observability/logger.js";
import { MemoryStore } from "./memory-store.js";
import { SafeWrites } from "./safe-writes.js";
import type { IdempotencyStore } from "./store.js";

export { SafeWrites } from "./safe-writes.js";

/**
 * The idempotency keys as configured: Redis (shared by replicas) when REDIS_URL is set, else
 * memory. A Redis that is down at start is not fatal: keyed writes fail with
 * IDEMPOTENCY_UNAVAILABLE until it is back, unkeyed writes and reads are unaffected.
 */
export async function createSafeWrites(config: GatewayConfig, logger: Logger): Promise<{ writes: SafeWrites; store: IdempotencyStore }> {
  let store: IdempotencyStore;
  if (config.redisUrl) {
    const { host, port } = new URL(config.redisUrl);
    // Loaded only when configured, like the tracing SDK: a gateway without Redis does not hold ioredis.
    const { RedisStore } = await import("./redis-store.js");
    let down = false;
    const redis = new RedisStore(config.redisUrl, {
      onError: (error) => {
        if (!down) logger.warn({ redis: `${host}:${port}`, err: { type: "RedisError", message: error.message } }, "idempotency store: Redis unreachable");
        down = true;
      },
    });
    await redis.ready().catch(() => undefined);
    logger.info({ redis: `${host}:${port}` }, `idempotency keys: Redis at ${host}:${port}`);
    store = redis;
  } else {
    store = new MemoryStore({ maxEntries: config.idempotencyMaxKeys, maxBytes: config.idempotencyMaxBytes });
  }
  // A write holds its key for at most its request's deadline (which bounds every call it makes), plus a margin.
  const leaseMs = config.requestTimeoutMs + 5_000;
  const writes = new SafeWrites(store, {
    ttlMs: config.idempotencyTtlMs,
    leaseMs,
    waitMs: leaseMs,
    maxAnswerBytes: config.idempotencyMaxAnswerBytes,
    onStoreError: (error) => logger.warn({ err: { type: error.constructor.name, message: error.message } }, "idempotency store failed"),
  });
  return { writes, store };
}
