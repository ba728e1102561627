import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Fault, RecordedRequest, SandboxReply } from "../../src/sandbox/http.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { createCases, expectOneRelationOnRetry, key, keyed, payloadOf, posts } from "./idempotency-cases.js";

/**
 * A write the vendor made, answered with something the gateway cannot read (a body cut short,
 * a body of the wrong shape, a body over UPSTREAM_MAX_RESPONSE_BYTES, a reset connection): its
 * outcome is unknown, never a plain error that frees the key. The keyed retry reconciles, so
 * exactly one relation exists at the vendor (creates), or the retry answers the deletion.
 */

const MAX_RESPONSE_BYTES = 256 * 1024;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: 2_000, upstreamMaxResponseBytes: MAX_RESPONSE_BYTES });
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const cutShort = (reply: SandboxReply): SandboxReply => {
  const text = JSON.stringify(reply.body);
  return { status: reply.status, body: text.slice(0, Math.floor(text.length / 2)), headers: { "content-type": "application/json" } };
};

/** The vendor's answer replaced after it did the work. */
const FAULTS: Array<{ name: string; fault: Fault; code: string }> = [
  { name: "a 200 whose JSON is cut short", fault: { handleThen: cutShort }, code: "UPSTREAM_BAD_RESPONSE" },
  { name: "a body of the wrong shape", fault: { handleThen: (r) => ({ status: r.status, body: { unexpected: [1, 2, 3] } }) }, code: "UPSTREAM_BAD_RESPONSE" },
  { name: "a body over the size cap", fault: { handleThen: (r) => ({ status: r.status, stream: { bytes: 2 * MAX_RESPONSE_BYTES } }) }, code: "UPSTREAM_BAD_RESPONSE" },
  { name: "a reset connection", fault: { handleThen: "drop" }, code: "UPSTREAM_UNAVAILABLE" },
  { name: "an unexpected redirect", fault: { handleThen: () => ({ status: 302, headers: { location: "/elsewhere" } }) }, code: "UPSTREAM_BAD_RESPONSE" },
];

const CASES = createCases(() => t);

describe.each(CASES)("$vendor create answered unreadably after the vendor made it", (c) => {
  let n = CASES.indexOf(c) * 10;

  it.each(FAULTS)("$name: writeOutcome UNKNOWN; the keyed retry makes no second relation", async ({ fault, code }) => {
    const k = key();
    c.sandbox().injectFault(fault, { match: (r: RecordedRequest) => r.method === "POST" && c.creates.test(r.path) });
    const lost = await t.gql(c.mutation, keyed(c.variables(++n), k));
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code, writeOutcome: "UNKNOWN" });
    await expectOneRelationOnRetry(t, c, n, k);
  });

  it("without a key the unreadable answer is flagged UNKNOWN too", async () => {
    c.sandbox().injectFault({ handleThen: cutShort }, { match: (r: RecordedRequest) => r.method === "POST" && c.creates.test(r.path) });
    const lost = await t.gql(c.mutation, c.variables(++n));
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", writeOutcome: "UNKNOWN" });
    expect(posts(c.sandbox(), c.creates)).toHaveLength(1);
  });
});

const DELETE = `mutation ($input: DeleteRelationInput!) { deleteRelation(input: $input) { deletedId userErrors { field message code } replayed } }`;

/** Each vendor's delete write, as its sandbox sees it. */
const DELETES: Array<{ vendor: string; isDelete: (r: RecordedRequest) => boolean }> = [
  { vendor: "SUPEROFFICE", isDelete: (r) => r.method === "DELETE" && /\/Relation\/\d+$/.test(r.path) },
  { vendor: "HIGHLEVEL", isDelete: (r) => r.method === "DELETE" && r.path.startsWith("/associations/relations/") },
  {
    vendor: "CUSTOMER_INSIGHTS",
    isDelete: (r) => r.method === "POST" && /\/data\/Relationships$/i.test(r.path) && String(r.headers["x-http-method"]).toUpperCase() === "DELETE",
  },
];

/** Deletes answer no body the gateway reads: what it cannot understand is a status it does not expect (a redirect too), or an answer too large. */
const DELETE_FAULTS: Array<{ name: string; fault: Fault }> = [
  { name: "a success status the call does not expect", fault: { handleThen: () => ({ status: 207, body: "<multistatus>" }) } },
  { name: "a body over the size cap", fault: { handleThen: () => ({ status: 200, stream: { bytes: 2 * MAX_RESPONSE_BYTES } }) } },
  { name: "an unexpected redirect", fault: { handleThen: () => ({ status: 302, headers: { location: "/elsewhere" } }) } },
];

describe.each(DELETES)("$vendor deleteRelation answered unreadably after the vendor deleted", (d) => {
  const c = CASES.find((x) => x.vendor === d.vendor)!;
  // Each test deletes what it created, so one set of ends serves them all (HighLevel refuses a pair twice).
  const n = CASES.indexOf(c) * 10 + 7;

  it.each(DELETE_FAULTS)("$name: writeOutcome UNKNOWN; the keyed retry answers the deletion", async ({ fault }) => {
    const created = payloadOf(await t.gql(c.mutation, c.variables(n)));
    expect(created.userErrors).toEqual([]);
    const id = c.idOf(created);
    const k = key();
    c.sandbox().injectFault(fault, { match: d.isDelete });
    const lost = await t.gql<any>(DELETE, { input: { id, idempotencyKey: k } });
    expect(lost.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", writeOutcome: "UNKNOWN" });
    expect(await c.count(n)).toBe(0);
    const retry = await t.gql<any>(DELETE, { input: { id, idempotencyKey: k } });
    expect(retry.data.deleteRelation).toEqual({ deletedId: id, userErrors: [], replayed: false });
  });
});
