import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { ciInput, createCases, expectOneRelationOnRetry, HL_MUTATION, hlInput, key, keyed, payloadOf, posts, SO_MUTATION, soInput } from "./idempotency-cases.js";

/**
 * Safe writes against the sandboxes, counting the vendor's create calls from their request
 * logs: keys replay, reused keys are refused, concurrent requests share one write, refusals
 * are replayed, and a write whose answer was lost is reconciled by the retry, so exactly one
 * relation exists at the vendor.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: 1_000 }, (connections) => {
    // A connection nobody listens on: connection refused, so the vendor never saw the write.
    connections.SUPEROFFICE.refused = { ...connections.SUPEROFFICE.default!, name: "refused", baseUrl: "http://127.0.0.1:9/api/v1" };
  });
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const CASES = createCases(() => t);

describe.each(CASES)("$vendor create with an idempotency key", (c) => {
  let n = CASES.indexOf(c) * 10;

  it("repeated with the same key and input: the stored answer (replayed), one vendor create", async () => {
    const k = key();
    const first = payloadOf(await t.gql(c.mutation, keyed(c.variables(++n), k)));
    expect(first.userErrors).toEqual([]);
    expect(first.replayed).toBe(false);
    const again = payloadOf(await t.gql(c.mutation, keyed(c.variables(n), k)));
    expect(again.replayed).toBe(true);
    expect(c.idOf(again)).toBe(c.idOf(first));
    expect(posts(c.sandbox(), c.creates)).toHaveLength(1);
  });

  it("the Idempotency-Key header works like the input field", async () => {
    const k = key();
    const first = payloadOf(await t.gql(c.mutation, c.variables(++n), { "idempotency-key": k }));
    const again = payloadOf(await t.gql(c.mutation, c.variables(n), { "idempotency-key": k }));
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(c.idOf(again)).toBe(c.idOf(first));
    expect(posts(c.sandbox(), c.creates)).toHaveLength(1);
  });

  it("the same key with another input: IDEMPOTENCY_KEY_REUSED on input.idempotencyKey, no vendor call", async () => {
    const k = key();
    await t.gql(c.mutation, keyed(c.variables(++n), k));
    t.reset();
    const reused = payloadOf(await t.gql(c.mutation, keyed(c.other(n), k)));
    expect(reused.userErrors).toEqual([{ field: ["input", "idempotencyKey"], message: expect.stringMatching(/different input/), code: "IDEMPOTENCY_KEY_REUSED" }]);
    expect(reused.replayed).toBe(false);
    expect(c.sandbox().requests).toEqual([]);
  });

  it("an answer lost after the vendor wrote (timeout): writeOutcome UNKNOWN; the keyed retry reconciles, so exactly one relation exists", async () => {
    const k = key();
    c.sandbox().injectFault({ handleThen: 1_500 }, { match: (r: RecordedRequest) => r.method === "POST" });
    const lost = await t.gql(c.mutation, keyed(c.variables(++n), k));
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", writeOutcome: "UNKNOWN" });
    await new Promise((resolve) => setTimeout(resolve, 700)); // the vendor finishes its late answer
    await expectOneRelationOnRetry(t, c, n, k);
  });

  it("a connection dropped after the vendor wrote: writeOutcome UNKNOWN; the keyed retry answers the one relation", async () => {
    const k = key();
    c.sandbox().injectFault({ handleThen: "drop" }, { match: (r: RecordedRequest) => r.method === "POST" });
    const lost = await t.gql(c.mutation, keyed(c.variables(++n), k));
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", writeOutcome: "UNKNOWN" });
    const retry = payloadOf(await t.gql(c.mutation, keyed(c.variables(n), k)));
    expect(retry.userErrors).toEqual([]);
    expect(await c.count(n)).toBe(1);
  });

  it("without a key the lost answer is flagged too (and nothing is remembered)", async () => {
    c.sandbox().injectFault({ handleThen: 1_500 }, { match: (r: RecordedRequest) => r.method === "POST" });
    const lost = await t.gql(c.mutation, c.variables(++n));
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", writeOutcome: "UNKNOWN" });
    expect(lost.errors?.[0]?.message).toMatch(/did not answer/);
  });
});

describe("idempotency keys (SuperOffice)", () => {
  it("20 concurrent requests with one key: exactly one vendor create and twenty equal answers", async () => {
    const k = key();
    t.sandboxes.superoffice.delayMs = 150;
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => t.gql(SO_MUTATION, { input: { ...soInput(100), idempotencyKey: k } })));
      const payloads = results.map(payloadOf);
      expect(posts(t.sandboxes.superoffice, /\/Relation$/)).toHaveLength(1);
      expect(new Set(payloads.map((p) => p.relation.id)).size).toBe(1);
      expect(payloads.filter((p) => !p.replayed)).toHaveLength(1);
    } finally {
      t.sandboxes.superoffice.delayMs = 0;
    }
  });

  it("a vendor refusal is stored and replayed without a call", async () => {
    const k = key();
    const input = { sourceContactId: 99999, destinationContactId: 12, relationDefinitionId: 1, idempotencyKey: k };
    const first = payloadOf(await t.gql(SO_MUTATION, { input }));
    expect(first.userErrors[0]).toMatchObject({ code: "UPSTREAM_REJECTED" });
    t.reset();
    const again = payloadOf(await t.gql(SO_MUTATION, { input }));
    expect(again).toEqual({ ...first, replayed: true });
    expect(t.sandboxes.superoffice.requests).toEqual([]);
  });

  it("a write that never reached the vendor (connection refused) releases the key", async () => {
    const k = key();
    const input = { ...soInput(200), connection: "refused", idempotencyKey: k };
    for (let i = 0; i < 2; i++) {
      const res = await t.gql(SO_MUTATION, { input });
      expect(res.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(res.errors?.[0]?.extensions).not.toHaveProperty("writeOutcome");
    }
  });

  it("a key is scoped to its connection and mutation: the same key elsewhere is another key", async () => {
    const k = key();
    const so = payloadOf(await t.gql(SO_MUTATION, { input: { ...soInput(300), idempotencyKey: k } }));
    const hlPayload = payloadOf(await t.gql(HL_MUTATION, { input: { ...hlInput(7), idempotencyKey: k } }));
    expect([so.replayed, hlPayload.replayed]).toEqual([false, false]);
  });

  it("the header and the input field disagreeing, the header on two mutation fields, a malformed key: VALIDATION, no call", async () => {
    const differ = payloadOf(await t.gql(SO_MUTATION, { input: { ...soInput(400), idempotencyKey: "a" } }, { "idempotency-key": "b" }));
    expect(differ.userErrors).toEqual([{ field: ["input", "idempotencyKey"], message: expect.stringMatching(/differ/), code: "VALIDATION" }]);
    const two = await t.gql<any>(
      `mutation ($a: CreateContactRelationInput!, $b: CreateContactRelationInput!) {
        a: createContactRelation(input: $a) { userErrors { field code } }
        b: createContactRelation(input: $b) { userErrors { field code } }
      }`,
      { a: soInput(401), b: soInput(402) },
      { "idempotency-key": key() },
    );
    expect(two.data.a.userErrors).toEqual([{ field: ["input", "idempotencyKey"], code: "VALIDATION" }]);
    expect(two.data.b.userErrors).toEqual([{ field: ["input", "idempotencyKey"], code: "VALIDATION" }]);
    for (const bad of ["", "x".repeat(256), "tab\there", "ünïcode"]) {
      const res = payloadOf(await t.gql(SO_MUTATION, { input: { ...soInput(403), idempotencyKey: bad } }));
      expect(res.userErrors[0]).toMatchObject({ field: ["input", "idempotencyKey"], code: "VALIDATION" });
    }
    expect(t.sandboxes.superoffice.requests).toEqual([]);
  });
});

describe("idempotency keys with a large answer (Customer Insights)", () => {
  it("an answer over IDEMPOTENCY_MAX_ANSWER_BYTES is kept by the relation's id: the replay reads it back (a GET, no POST)", async () => {
    const k = key();
    const input = { ...ciInput(28), properties: { ...ciInput(28).properties, Role: `large ${"r".repeat(100 * 1024)}` }, idempotencyKey: k };
    const mutation = `mutation ($input: CreateRelationshipInstanceInput!) {
      createRelationshipInstance(input: $input) { status relationship { id properties } userErrors { field message code } replayed }
    }`;
    const first = payloadOf(await t.gql(mutation, { input }));
    expect(first.userErrors).toEqual([]);
    expect(first.relationship.properties.Role).toBe(input.properties.Role);
    t.reset();
    const replay = payloadOf(await t.gql(mutation, { input }));
    expect(replay).toEqual({ ...first, replayed: true });
    const calls = t.sandboxes.customerInsights.requests;
    expect(calls.filter((r) => r.method === "POST")).toEqual([]);
    expect(calls.some((r) => r.method === "GET" && /\/data\/Relationships\(/i.test(r.path))).toBe(true);
  });
});

/** A POST to /graphql with each header line as given: fetch would join repeated ones into one line. */
function postLines(body: unknown, lines: Array<[string, string | string[]]>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.gateway.url}/graphql`, { method: "POST" }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.setHeader("content-type", "application/json");
    for (const [name, value] of lines) req.setHeader(name, value);
    req.end(JSON.stringify(body));
  });
}

describe("the Idempotency-Key header and the key's spelling", () => {
  it("the header sent twice (which node would join into one valid-looking key): VALIDATION naming the header, no vendor call", async () => {
    const res = await postLines({ query: SO_MUTATION, variables: { input: soInput(500) } }, [["idempotency-key", [key(), key()]]]);
    expect(res.status).toBe(200);
    expect(res.body.data.createContactRelation).toEqual({
      relation: null,
      userErrors: [{ field: ["input", "idempotencyKey"], message: "The Idempotency-Key header was sent 2 times; send it once", code: "VALIDATION" }],
      replayed: false,
    });
    expect(t.vendorCalls()).toEqual([]);
  });

  it("one header line holding a comma is one key", async () => {
    const res = await postLines({ query: SO_MUTATION, variables: { input: soInput(501) } }, [["idempotency-key", `${key()}, part`]]);
    expect(res.body.data.createContactRelation.userErrors).toEqual([]);
  });

  it("spaces around a key count in neither the header nor the input field: the same key either way", async () => {
    const k = key();
    const first = payloadOf(await t.gql(SO_MUTATION, { input: { ...soInput(502), idempotencyKey: `  ${k} ` } }));
    expect(first.userErrors).toEqual([]);
    const header = payloadOf(await t.gql(SO_MUTATION, { input: soInput(502) }, { "idempotency-key": `  ${k}  ` }));
    expect(header).toEqual({ ...first, replayed: true });
    const both = payloadOf(await t.gql(SO_MUTATION, { input: { ...soInput(502), idempotencyKey: k } }, { "idempotency-key": k }));
    expect(both).toEqual({ ...first, replayed: true });
    const spaced = payloadOf(await t.gql(SO_MUTATION, { input: { ...soInput(502), idempotencyKey: `\t${k} ` } }, { "idempotency-key": k }));
    expect(spaced).toEqual({ ...first, replayed: true });
    expect(posts(t.sandboxes.superoffice, /\/Relation$/)).toHaveLength(1);
  });

  it("a key of spaces only is VALIDATION, no vendor call", async () => {
    const res = payloadOf(await t.gql(SO_MUTATION, { input: { ...soInput(503), idempotencyKey: "   " } }));
    expect(res.userErrors).toEqual([{ field: ["input", "idempotencyKey"], message: expect.stringMatching(/1 to 255 printable ASCII/), code: "VALIDATION" }]);
    expect(t.vendorCalls()).toEqual([]);
  });
});

describe("the key's fingerprint sees the input with its defaults applied", () => {
  it("SuperOffice: reversed: false, comment and person ends spelled out as their defaults are the same input as leaving them out", async () => {
    const k = key();
    const { comment: _comment, ...plain } = soInput(510);
    const first = payloadOf(await t.gql(SO_MUTATION, { input: { ...plain, idempotencyKey: k } }));
    expect(first.userErrors).toEqual([]);
    const spelled = { ...plain, reversed: false, comment: "", sourcePersonId: null, idempotencyKey: k };
    expect(payloadOf(await t.gql(SO_MUTATION, { input: spelled }))).toEqual({ ...first, replayed: true });
    // A value that is not the default is another input.
    const reversed = payloadOf(await t.gql(SO_MUTATION, { input: { ...spelled, reversed: true } }));
    expect(reversed.userErrors).toEqual([expect.objectContaining({ code: "IDEMPOTENCY_KEY_REUSED" })]);
    expect(posts(t.sandboxes.superoffice, /\/Relation$/)).toHaveLength(1);
  });

  it("HighLevel: the connection's own locationId spelled out is the same input as leaving it out", async () => {
    const k = key();
    const input = hlInput(1);
    const first = payloadOf(await t.gql(HL_MUTATION, { input: { ...input, idempotencyKey: k } }));
    expect(first.userErrors).toEqual([]);
    const spelled = { ...input, locationId: HIGHLEVEL_DEMO.locationId, idempotencyKey: k };
    expect(payloadOf(await t.gql(HL_MUTATION, { input: spelled }))).toEqual({ ...first, replayed: true });
    expect(posts(t.sandboxes.highlevel, /\/associations\/relations$/)).toHaveLength(1);
  });
});
