import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VENDORS } from "../../src/domain/vendor.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { redisAvailable, startRedis, type RunningRedis } from "../support/redis.js";
import { startTestSandboxes } from "../support/sandboxes.js";

/**
 * Two gateways (each its own registry and providers, as two replicas) sharing one real Redis and
 * one HighLevel whose refresh tokens rotate: one refresh per expiry between them, the other
 * replica reads the new token from the store, no token request ever carries a spent refresh
 * token, and Redis holds no token in plain text.
 */

const withRedis = redisAvailable();
const TTL = 2;
const READ = `{ contact(vendor: HIGHLEVEL, id: "${HIGHLEVEL_DEMO.contacts.ada}") { name } }`;

let redis: RunningRedis;
let sandboxes: TestGateway["sandboxes"];
const replicas: TestGateway[] = [];
const key = randomBytes(32);

const refreshTokens = () => sandboxes.highlevel.tokenRequests().map((r) => new URLSearchParams(r.rawBody).get("refresh_token")!);

/** Every request on both replicas at once; all must succeed. */
async function burst(perReplica: number): Promise<void> {
  const answers = await Promise.all(replicas.flatMap((r) => Array.from({ length: perReplica }, () => r.gql(READ))));
  for (const answer of answers) expect(answer.errors).toBeUndefined();
}

describe.runIf(withRedis)("refresh across two replicas on Redis", () => {
  beforeAll(async () => {
    [redis, sandboxes] = await Promise.all([
      startRedis(),
      startTestSandboxes(VENDORS, { highlevel: { rateLimit: { max: 100_000 } }, tokenTtlSeconds: TTL }) as Promise<TestGateway["sandboxes"]>,
    ]);
    const seed = sandboxes.highlevel.credentials.refreshToken;
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startTestGateway(
          { redisUrl: redis.url, credentials: { key } },
          (connections, s) => {
            const c = s.highlevel.credentials;
            connections.HIGHLEVEL.default = {
              ...connections.HIGHLEVEL.default!,
              token: undefined,
              oauth: { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: seed, tokenUrl: c.tokenUrl },
            };
          },
          { sandboxes },
        ),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await sandboxes?.close();
    await redis?.stop();
  });

  it("one refresh per expiry between them, none with a spent refresh token", async () => {
    await burst(10);
    expect(sandboxes.highlevel.tokenRequests()).toHaveLength(1);

    for (let expiry = 2; expiry <= 3; expiry++) {
      await sleep(TTL * 1000 + 200);
      await burst(10);
      expect(sandboxes.highlevel.tokenRequests()).toHaveLength(expiry);
    }
    // Each refresh spent the token the one before it rotated in: never one twice.
    const used = refreshTokens();
    expect(new Set(used).size).toBe(used.length);
    // Both replicas sent the same, current, access token after the last refresh.
    const last = sandboxes.highlevel.requests.filter((r) => r.path.startsWith("/contacts/")).slice(-20);
    expect(new Set(last.map((r) => r.headers.authorization)).size).toBe(1);
  }, 30_000);

  it("keeps no token in plain text in Redis", async () => {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys("gw:cred:*");
      expect(keys.length).toBeGreaterThan(0);
      const values = (await Promise.all(keys.map((k) => client.get(k)))).join("\n");
      const tokens = [
        ...refreshTokens(),
        ...sandboxes.highlevel.requests.filter((r) => r.path.startsWith("/contacts/")).map((r) => String(r.headers.authorization).split(" ")[1]!),
      ];
      for (const token of tokens) expect(values).not.toContain(token);
      expect(values).not.toContain(sandboxes.highlevel.credentials.clientSecret);
    } finally {
      client.disconnect();
    }
  });
});
