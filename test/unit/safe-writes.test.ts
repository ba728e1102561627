import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdempotencyError, UpstreamError, ValidationError, VendorRejection } from "../../src/errors.js";
import { fingerprint } from "../../src/writes/fingerprint.js";
import { MemoryStore } from "../../src/writes/memory-store.js";
import { RedisStore } from "../../src/writes/redis-store.js";
import { SafeWrites, storeKeyOf, type WriteSpec } from "../../src/writes/safe-writes.js";
import type { Entry, IdempotencyStore } from "../../src/writes/store.js";
import { rejectionOf } from "../support/rejection.js";
import { fullGc } from "../support/gc.js";
import { redisAvailable, startRedis, type RunningRedis } from "../support/redis.js";

const target = { vendor: "SUPEROFFICE" as const, connection: "default" };

interface Payload {
  id: number | null;
  userErrors: Array<{ message: string }>;
}

/** A vendor create that counts its calls; `fail` makes the next call fail with that error. */
function vendor() {
  const v = {
    calls: 0,
    created: [] as number[],
    fail: undefined as Error | undefined,
    delayMs: 0,
    async create(): Promise<Payload> {
      v.calls++;
      if (v.delayMs) await new Promise((r) => setTimeout(r, v.delayMs));
      const failure = v.fail;
      v.fail = undefined;
      if (failure) throw failure;
      v.created.push(v.created.length + 1);
      return { id: v.created.length, userErrors: [] };
    },
  };
  return v;
}

function spec(v: ReturnType<typeof vendor>, key: string | undefined, input: unknown = { a: 1 }, reconcile?: WriteSpec<Payload>["reconcile"]): WriteSpec<Payload> {
  return {
    scope: { vendor: "SUPEROFFICE", connection: "default", mutation: "createContactRelation" },
    key,
    input,
    write: () => v.create(),
    reconcile,
    rejected: (e) => ({ id: null, userErrors: e.messages.map((message) => ({ message })) }),
    slim: (p) => ({ id: p.id }),
    restore: async (slim) => ({ ...(slim as { id: number }), userErrors: [], restored: true }),
  };
}

const unknownOutcome = () => Object.assign(new UpstreamError("UPSTREAM_TIMEOUT", "timed out", target), { writeOutcome: "UNKNOWN" as const });

function storeContract(name: string, make: () => Promise<IdempotencyStore>) {
  describe(`SafeWrites over the ${name} store`, () => {
    let store: IdempotencyStore;
    let writes: SafeWrites;
    beforeAll(async () => {
      store = await make();
      writes = new SafeWrites(store, { ttlMs: 60_000, leaseMs: 2_000, waitMs: 3_000, maxAnswerBytes: 1_024 });
    });
    afterAll(() => store.close());
    let n = 0;
    const key = () => `${name}-key-${++n}`;

    it("the same key and input: the stored payload, replayed, no second call", async () => {
      const v = vendor();
      const k = key();
      expect(await writes.run(spec(v, k))).toEqual({ id: 1, userErrors: [], replayed: false });
      expect(await writes.run(spec(v, k, { a: 1 }))).toEqual({ id: 1, userErrors: [], replayed: true });
      expect(v.calls).toBe(1);
    });

    it("the same key with another input: IDEMPOTENCY_KEY_REUSED on idempotencyKey, no call", async () => {
      const v = vendor();
      const k = key();
      await writes.run(spec(v, k, { a: 1 }));
      const error = await rejectionOf(writes.run(spec(v, k, { a: 2 })));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ userCode: "IDEMPOTENCY_KEY_REUSED", field: ["idempotencyKey"] });
      expect(v.calls).toBe(1);
    });

    it("20 concurrent requests with one key: one call, twenty equal payloads", async () => {
      const v = vendor();
      v.delayMs = 100;
      const k = key();
      const results = await Promise.all(Array.from({ length: 20 }, () => writes.run(spec(v, k))));
      expect(v.calls).toBe(1);
      expect(new Set(results.map((r) => r.id))).toEqual(new Set([1]));
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    });

    it("a vendor refusal is stored and replayed", async () => {
      const v = vendor();
      const k = key();
      v.fail = new VendorRejection(target, 400, ["Contact id 99999 not found"], "UPSTREAM_REJECTED");
      const first = await writes.run(spec(v, k));
      expect(first).toEqual({ id: null, userErrors: [{ message: "Contact id 99999 not found" }], replayed: false });
      expect(await writes.run(spec(v, k))).toEqual({ ...first, replayed: true });
      expect(v.calls).toBe(1);
    });

    it("nothing written (validation, connection refused): the key is free again", async () => {
      const v = vendor();
      const k = key();
      v.fail = new ValidationError("bad", ["a"]);
      await rejectionOf(writes.run(spec(v, k)));
      v.fail = new UpstreamError("UPSTREAM_UNAVAILABLE", "refused", target);
      await rejectionOf(writes.run(spec(v, k)));
      expect(await writes.run(spec(v, k))).toMatchObject({ id: 1, replayed: false });
      expect(v.calls).toBe(3);
    });

    it("an unknown outcome: the retry reconciles first and adopts what the lost attempt made", async () => {
      const v = vendor();
      const k = key();
      v.fail = unknownOutcome();
      const lost = await rejectionOf(writes.run(spec(v, k)));
      expect(lost).toMatchObject({ writeOutcome: "UNKNOWN" });
      let since: Date | undefined;
      const adopted = await writes.run(spec(v, k, { a: 1 }, async (s) => ((since = s), { id: 42, userErrors: [] })));
      expect(adopted).toEqual({ id: 42, userErrors: [], replayed: false });
      expect(since!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(v.calls).toBe(1);
      expect(await writes.run(spec(v, k))).toMatchObject({ id: 42, replayed: true });
    });

    it("an unknown outcome that reconciliation does not find: the retry writes again", async () => {
      const v = vendor();
      const k = key();
      v.fail = unknownOutcome();
      await rejectionOf(writes.run(spec(v, k)));
      expect(await writes.run(spec(v, k, { a: 1 }, async () => null))).toMatchObject({ id: 1, replayed: false });
      expect(v.calls).toBe(2);
    });

    it("a reconciliation that fails keeps the outcome unknown (the next retry reconciles again)", async () => {
      const v = vendor();
      const k = key();
      v.fail = unknownOutcome();
      await rejectionOf(writes.run(spec(v, k)));
      await rejectionOf(writes.run(spec(v, k, { a: 1 }, async () => Promise.reject(new UpstreamError("UPSTREAM_UNAVAILABLE", "down", target)))));
      let reconciled = false;
      await writes.run(spec(v, k, { a: 1 }, async () => ((reconciled = true), null)));
      expect(reconciled).toBe(true);
    });

    it("a holder that vanished (lease over) is taken over and reconciled", async () => {
      const k = key();
      const stale: Entry = { state: "in_flight", fingerprint: fingerprint({ a: 1 }), owner: "gone", startedAt: Date.now() - 10_000, leaseUntil: Date.now() - 1 };
      const storeKey = storeKeyOf(spec(vendor(), k).scope, k);
      expect(await store.claim(storeKey, stale, 60_000)).toEqual({ claimed: true });
      const v = vendor();
      let since: Date | undefined;
      await writes.run(spec(v, k, { a: 1 }, async (s) => ((since = s), null)));
      expect(since?.getTime()).toBe(stale.startedAt);
    });

    it("without a key: written every time", async () => {
      const v = vendor();
      await writes.run(spec(v, undefined));
      await writes.run(spec(v, undefined));
      expect(v.calls).toBe(2);
    });

    it("a payload over the per-entry cap is kept slim (no copy of it in the store) and replayed from what was kept", async () => {
      const v = vendor();
      const k = key();
      const big = (): WriteSpec<Payload> => ({ ...spec(v, k), write: async () => ({ ...(await v.create()), userErrors: [{ message: "x".repeat(5_000) }] }) });
      const first = await writes.run(big());
      expect(first.userErrors[0]!.message).toHaveLength(5_000);
      const kept = await store.get(storeKeyOf(spec(v, k).scope, k));
      expect(kept!.raw.length).toBeLessThan(1_024);
      expect(kept!.entry).toMatchObject({ state: "done", fingerprint: fingerprint({ a: 1 }) });
      expect(await writes.run(big())).toEqual({ id: first.id, userErrors: [], restored: true, replayed: true });
      expect(v.calls).toBe(1);
    });

    it("a refusal over the per-entry cap releases the key: nothing was written, the retry asks the vendor again", async () => {
      const v = vendor();
      const k = key();
      const refusal = () => new VendorRejection(target, 400, [`no: ${"y".repeat(5_000)}`], "UPSTREAM_REJECTED");
      v.fail = refusal();
      expect((await writes.run(spec(v, k))).userErrors[0]!.message).toMatch(/^no: y+$/);
      expect(await store.get(storeKeyOf(spec(v, k).scope, k))).toBeNull();
      v.fail = refusal();
      expect((await writes.run(spec(v, k))).replayed).toBe(false);
      expect(v.calls).toBe(2);
    });
  });
}

storeContract("memory", async () => new MemoryStore({ maxEntries: 1_000, maxBytes: 1024 * 1024 }));

let redis: RunningRedis | undefined;
const withRedis = redisAvailable();
beforeAll(async () => {
  if (withRedis) redis = await startRedis();
});
afterAll(() => redis?.stop());
if (withRedis) {
  storeContract("Redis", async () => {
    const store = new RedisStore(redis!.url);
    await store.ready();
    return store;
  });
}

describe.runIf(withRedis)("SafeWrites when Redis goes away", () => {
  it("a keyed write fails with IDEMPOTENCY_UNAVAILABLE (no call); an unkeyed one still writes; keys work again when it is back", async () => {
    const other = await startRedis();
    const store = new RedisStore(other.url, { commandTimeoutMs: 300 });
    await store.ready();
    const writes = new SafeWrites(store, { ttlMs: 60_000, leaseMs: 2_000, waitMs: 2_000, maxAnswerBytes: 1_024 });
    try {
      const v = vendor();
      await other.stop();
      const error = await rejectionOf(writes.run(spec(v, "k-down")));
      expect(error).toBeInstanceOf(IdempotencyError);
      expect(error).toMatchObject({ code: "IDEMPOTENCY_UNAVAILABLE" });
      expect(v.calls).toBe(0);
      await writes.run(spec(v, undefined));
      expect(v.calls).toBe(1);
      await other.start();
      await expect.poll(() => writes.run(spec(v, "k-back")).then((r) => r.replayed, () => "down"), { timeout: 8_000, interval: 200 }).toBe(false);
    } finally {
      await store.close();
      await other.stop();
    }
  });
});

describe("MemoryStore", () => {
  it("keeps at most maxEntries (least recently used go first) and forgets expired keys", async () => {
    let now = 0;
    const store = new MemoryStore({ maxEntries: 3, maxBytes: 1024 * 1024 }, () => now);
    const entry = (owner: string): Entry => ({ state: "done", fingerprint: "f", owner, startedAt: 0, leaseUntil: 0, payload: "{}" });
    for (const k of ["a", "b", "c"]) await store.claim(k, entry(k), 1_000);
    await store.get("a"); // a is now the most recent
    await store.claim("d", entry("d"), 1_000);
    expect(await store.get("b")).toBeNull();
    expect(await store.get("a")).not.toBeNull();
    expect(store.size).toBe(3);
    now = 2_000;
    expect(await store.get("a")).toBeNull();
  });

  it("1e5 distinct keys stay within the documented bound (10,000 keys, under 64 MB of heap)", async () => {
    const store = new MemoryStore({ maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 });
    const payload = JSON.stringify({ relation: { id: "x".repeat(64), properties: { text: "y".repeat(900) } }, userErrors: [] });
    fullGc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) {
      await store.claim(`key-${i}`, { state: "done", fingerprint: "f".repeat(64), owner: `o${i}`, startedAt: i, leaseUntil: i, payload }, 60_000);
    }
    fullGc();
    expect(store.size).toBe(10_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("keeps at most maxBytes of keys and entries (least recently used go first), never evicting the entry just written", async () => {
    const store = new MemoryStore({ maxEntries: 1_000, maxBytes: 10_000 });
    const entry = (owner: string, size: number): Entry => ({ state: "done", fingerprint: "f", owner, startedAt: 0, leaseUntil: 0, payload: "p".repeat(size) });
    for (const k of ["a", "b", "c", "d"]) await store.claim(k, entry(k, 2_000), 60_000);
    await store.get("a"); // a is now the most recent
    await store.claim("e", entry("e", 3_000), 60_000);
    expect(store.bytes).toBeLessThanOrEqual(10_000);
    expect(await store.get("b")).toBeNull();
    expect(await store.get("a")).not.toBeNull();
    expect(await store.get("e")).not.toBeNull();
    await store.claim("huge", entry("huge", 20_000), 60_000);
    expect(store.size).toBe(1);
    expect(await store.get("huge")).not.toBeNull();
    await store.settle("huge", "huge", null);
    expect([store.size, store.bytes]).toEqual([0, 0]);
  });

  it("creates with a new key each and a 900 KB answer stay within the byte budget: kept slim, under a 64 KiB cap", async () => {
    const store = new MemoryStore({ maxEntries: 10_000, maxBytes: 4 * 1024 * 1024 });
    const writes = new SafeWrites(store, { ttlMs: 60_000, leaseMs: 2_000, waitMs: 2_000, maxAnswerBytes: 64 * 1024 });
    const v = vendor();
    const large = "z".repeat(900 * 1024);
    for (let i = 0; i < 50; i++) {
      await writes.run({ ...spec(v, `big-${i}`), write: async () => ({ ...(await v.create()), userErrors: [{ message: large }] }) });
    }
    expect(store.size).toBe(50);
    expect(store.bytes).toBeLessThan(50 * 1_024);
  });

  it("settle only by the owner", async () => {
    const store = new MemoryStore({ maxEntries: 10, maxBytes: 1024 * 1024 });
    const entry: Entry = { state: "in_flight", fingerprint: "f", owner: "me", startedAt: 0, leaseUntil: Date.now() + 1000 };
    await store.claim("k", entry, 60_000);
    expect(await store.settle("k", "someone else", null)).toBe(false);
    expect(await store.settle("k", "me", { ...entry, state: "done" })).toBe(true);
    expect((await store.get("k"))?.entry.state).toBe("done");
  });
});

describe("fingerprint", () => {
  it("is the same for the same input whatever the key order, and null equals absent", () => {
    expect(fingerprint({ a: 1, b: { c: [1, 2], d: null } })).toBe(fingerprint({ b: { c: [1, 2] }, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
  });
});

