import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, MAIN } from "../support/dist.js";
import { gatewayUrl, runNode, type RunningProcess } from "../support/process.js";
import { redisAvailable, startRedis, type RunningRedis } from "../support/redis.js";
import { startTestSandboxes, type TestSandboxes } from "../support/sandboxes.js";

/**
 * Two gateway processes sharing one Redis and one SuperOffice: idempotency keys hold across
 * replicas (one vendor create for concurrent requests on both; a replay on the other replica),
 * and with Redis gone, keyed writes fail clearly while unkeyed ones go on.
 */

const withRedis = redisAvailable();

let redis: RunningRedis;
let sandboxes: TestSandboxes;
const replicas: Array<{ process: RunningProcess; url: string }> = [];

async function startReplica(env: Record<string, string>): Promise<{ process: RunningProcess; url: string }> {
  const replica = runNode([MAIN], { PORT: "0", LOG_LEVEL: "info", SANDBOX: "off", ...env });
  return { process: replica, url: `${await gatewayUrl(replica)}/graphql` };
}

async function gql(url: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: Array<{ extensions?: Record<string, unknown> }> };
}

const CREATE = `mutation ($input: CreateContactRelationInput!) {
  createContactRelation(input: $input) { relation { id relationId } userErrors { code message } replayed }
}`;
const input = (comment: string, idempotencyKey?: string) => ({ sourceContactId: 12, destinationContactId: 13, relationDefinitionId: 2, comment, idempotencyKey });
const creates = () => sandboxes.superoffice!.requests.filter((r) => r.method === "POST").length;

describe.runIf(withRedis)("two replicas sharing Redis", () => {
  beforeAll(async () => {
    ensureBuilt();
    [redis, sandboxes] = await Promise.all([startRedis(), startTestSandboxes(["SUPEROFFICE"])]);
    const so = sandboxes.connections.SUPEROFFICE.default!;
    const env = { REDIS_URL: redis.url, SUPEROFFICE_BASE_URL: so.baseUrl, SUPEROFFICE_AUTHORIZATION: so.authorization!, SUPEROFFICE_APP_TOKEN: so.appToken! };
    replicas.push(...(await Promise.all([startReplica(env), startReplica(env)])));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.process.stop()));
    await sandboxes?.close();
    await redis?.stop();
  });

  it("10 concurrent requests with one key over both replicas: exactly one vendor create, one relation in every answer", async () => {
    sandboxes.superoffice!.delayMs = 200;
    const key = `replicas-${randomUUID()}`;
    const before = creates();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => gql(replicas[i % 2]!.url, CREATE, { input: input("both replicas", key) })));
    sandboxes.superoffice!.delayMs = 0;
    expect(creates() - before).toBe(1);
    const payloads = answers.map((a) => a.data.createContactRelation);
    expect(new Set(payloads.map((p) => p.relation.id)).size).toBe(1);
    expect(payloads.filter((p) => !p.replayed)).toHaveLength(1);
  });

  it("a replay on the other replica is replayed, with no vendor call", async () => {
    const key = `replicas-${randomUUID()}`;
    const first = await gql(replicas[0]!.url, CREATE, { input: input("replayed elsewhere", key) });
    const before = creates();
    const again = await gql(replicas[1]!.url, CREATE, { input: input("replayed elsewhere", key) });
    expect(again.data.createContactRelation).toEqual({ ...first.data.createContactRelation, replayed: true });
    expect(creates()).toBe(before);
  });

  it("Redis stopped mid-run: keyed writes fail with IDEMPOTENCY_UNAVAILABLE (no vendor call), unkeyed ones still write; back again, keys work", async () => {
    await redis.stop();
    try {
      const before = creates();
      const keyed = await gql(replicas[0]!.url, CREATE, { input: input("redis down", `down-${randomUUID()}`) });
      expect(keyed.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_UNAVAILABLE");
      expect(creates()).toBe(before);
      const unkeyed = await gql(replicas[1]!.url, CREATE, { input: input("redis down, no key") });
      expect(unkeyed.data.createContactRelation.userErrors).toEqual([]);
      expect(creates()).toBe(before + 1);
    } finally {
      await redis.start();
    }
    const key = `back-${randomUUID()}`;
    await expect
      .poll(async () => (await gql(replicas[0]!.url, CREATE, { input: input("redis back", key) })).data?.createContactRelation?.userErrors, { timeout: 10_000, interval: 250 })
      .toEqual([]);
    // Each replica's Redis client reconnects on its own schedule: the other one may need a moment more.
    await expect
      .poll(async () => (await gql(replicas[1]!.url, CREATE, { input: input("redis back", key) })).data?.createContactRelation?.replayed, { timeout: 10_000, interval: 250 })
      .toBe(true);
  });
});
