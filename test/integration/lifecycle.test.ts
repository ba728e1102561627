import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { RecordedRequest, SandboxControls } from "../../src/sandbox/http.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The relation lifecycle through the real server against the sandboxes, per vendor: a created
 * relation shows in relationsOf of both ends, deleteRelation removes it from both, a second
 * delete is NOT_FOUND; and the delete keyed like the creates (replay, reuse, lost answers).
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: 1_000 });
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const hl = HIGHLEVEL_DEMO;
const key = () => `del-${randomUUID()}`;

const DELETE = `mutation ($input: DeleteRelationInput!) { deleteRelation(input: $input) { deletedId userErrors { field message code } replayed } }`;
const RELATIONS_OF = `query ($id: ID!) { relationsOf(id: $id, first: 100) { nodes { id } pageInfo { hasNextPage } } }`;
const END = `source { ... on Node { id } } target { ... on Node { id } }`;

interface Created {
  id: string;
  ends: [string, string];
}

interface VendorCase {
  vendor: string;
  sandbox: () => SandboxControls;
  /** Creates a fresh relation (`n` picks ends no other test uses). */
  create(n: number): Promise<Created>;
  /** The vendor's delete write, as its sandbox sees it. */
  isDelete(r: RecordedRequest): boolean;
}

async function created(mutation: string, input: Record<string, unknown>): Promise<Created> {
  const res = await t.gql<any>(mutation, { input });
  const payload = Object.values(res.data ?? {})[0] as any;
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(payload.userErrors).toEqual([]);
  const relation = payload.relation ?? payload.relationship;
  return { id: relation.id, ends: [relation.source.id, relation.target.id] };
}

const HL_CONTACTS = [hl.contacts.grace, hl.contacts.alan, hl.contacts.katherine, hl.contacts.linus, hl.contacts.margaret, hl.contacts.edsger, hl.contacts.barbara];
/** Distinct unordered contact pairs (a same-object association refuses either order twice). */
const HL_PAIRS = HL_CONTACTS.flatMap((a, i) => HL_CONTACTS.slice(i + 1).map((b) => [a, b] as const));

const CASES: VendorCase[] = [
  {
    vendor: "SUPEROFFICE",
    sandbox: () => t.sandboxes.superoffice,
    create: (n) =>
      created(
        `mutation ($input: CreateContactRelationInput!) { createContactRelation(input: $input) { relation { id ${END} } userErrors { field message code } } }`,
        { sourceContactId: 13, sourcePersonId: 105, destinationContactId: 16, relationDefinitionId: 4, comment: `lifecycle ${n}` },
      ),
    isDelete: (r) => r.method === "DELETE" && /\/Relation\/\d+$/.test(r.path),
  },
  {
    vendor: "HIGHLEVEL",
    sandbox: () => t.sandboxes.highlevel,
    create: (n) =>
      created(
        `mutation ($input: CreateAssociationRelationInput!) { createAssociationRelation(input: $input) { relation { id ${END} } userErrors { field message code } } }`,
        { associationId: hl.associations.mentor, firstRecordId: HL_PAIRS[n]![0], secondRecordId: HL_PAIRS[n]![1] },
      ),
    isDelete: (r) => r.method === "DELETE" && r.path.startsWith("/associations/relations/"),
  },
  {
    vendor: "CUSTOMER_INSIGHTS",
    sandbox: () => t.sandboxes.customerInsights,
    create: (n) =>
      created(
        `mutation ($input: CreateRelationshipInstanceInput!) { createRelationshipInstance(input: $input) { relationship { id ${END} } userErrors { field message code } } }`,
        {
          relationshipType: "AccountContact",
          profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }],
          relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }],
          properties: { ContactId: `C10${String(10 + n).padStart(2, "0")}`, AccountId: "A2004", Role: `lifecycle ${n}` },
        },
      ),
    isDelete: (r) => r.method === "POST" && /\/data\/Relationships$/i.test(r.path) && String(r.headers["x-http-method"]).toUpperCase() === "DELETE",
  },
];

async function listed(endId: string): Promise<string[]> {
  const res = await t.gql<any>(RELATIONS_OF, { id: endId });
  expect(res.errors).toBeUndefined();
  expect(res.data.relationsOf.pageInfo.hasNextPage).toBe(false);
  return res.data.relationsOf.nodes.map((n: { id: string }) => n.id);
}

const deleted = async (input: Record<string, unknown>, headers?: Record<string, string>) => {
  const res = await t.gql<any>(DELETE, { input }, headers);
  return { res, payload: res.data?.deleteRelation };
};

describe.each(CASES)("$vendor relation lifecycle", (c) => {
  let n = CASES.indexOf(c) * 7;

  it("create → relationsOf of both ends shows it → deleteRelation → neither shows it; a second delete is NOT_FOUND", async () => {
    const relation = await c.create(++n);
    for (const end of relation.ends) expect(await listed(end)).toContain(relation.id);

    t.reset();
    const { payload } = await deleted({ id: relation.id });
    expect(payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: false });
    expect(c.sandbox().requests.filter(c.isDelete)).toHaveLength(1);
    expect(c.sandbox().requests.filter((r) => r.method !== "GET" && !c.isDelete(r))).toEqual([]);

    for (const end of relation.ends) expect(await listed(end)).not.toContain(relation.id);
    expect((await t.gql<any>(`query ($id: ID!) { node(id: $id) { id } }`, { id: relation.id })).data.node).toBeNull();

    const again = await deleted({ id: relation.id });
    expect(again.payload.deletedId).toBeNull();
    expect(again.payload.userErrors).toEqual([{ field: null, message: expect.any(String), code: "NOT_FOUND" }]);
  });

  it("keyed: the same key and id again is the stored answer (replayed), one vendor delete", async () => {
    const relation = await c.create(++n);
    t.reset();
    const k = key();
    const first = await deleted({ id: relation.id, idempotencyKey: k });
    expect(first.payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: false });
    const again = await deleted({ id: relation.id, idempotencyKey: k });
    expect(again.payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: true });
    const header = await deleted({ id: relation.id }, { "idempotency-key": k });
    expect(header.payload.replayed).toBe(true);
    expect(c.sandbox().requests.filter(c.isDelete)).toHaveLength(1);
  });

  it("keyed: another encoding of the same id (the ref's JSON spaced out) is the same input: replayed, one vendor delete", async () => {
    const relation = await c.create(++n);
    t.reset();
    const k = key();
    const respelled = Buffer.from(JSON.stringify(JSON.parse(Buffer.from(relation.id, "base64url").toString()), null, 1)).toString("base64url");
    expect(respelled).not.toBe(relation.id);
    const first = await deleted({ id: relation.id, idempotencyKey: k });
    expect(first.payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: false });
    const again = await deleted({ id: respelled, idempotencyKey: k });
    expect(again.payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: true });
    expect(c.sandbox().requests.filter(c.isDelete)).toHaveLength(1);
  });

  it("keyed: the same key with another id is IDEMPOTENCY_KEY_REUSED, with no vendor call", async () => {
    const [a, b] = [await c.create(++n), await c.create(++n)];
    const k = key();
    await deleted({ id: a.id, idempotencyKey: k });
    t.reset();
    const reused = await deleted({ id: b.id, idempotencyKey: k });
    expect(reused.payload).toEqual({
      deletedId: null,
      userErrors: [{ field: ["input", "idempotencyKey"], message: expect.stringMatching(/different input/), code: "IDEMPOTENCY_KEY_REUSED" }],
      replayed: false,
    });
    expect(c.sandbox().requests).toEqual([]);
    expect(await listed(b.ends[0])).toContain(b.id);
  });

  it("an answer lost after the vendor deleted (timeout): writeOutcome UNKNOWN; the keyed retry answers the deletion, not NOT_FOUND", async () => {
    const relation = await c.create(++n);
    t.reset();
    const k = key();
    c.sandbox().injectFault({ handleThen: 1_500 }, { match: c.isDelete });
    const lost = await deleted({ id: relation.id, idempotencyKey: k });
    expect(lost.res.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", writeOutcome: "UNKNOWN" });
    await new Promise((resolve) => setTimeout(resolve, 700)); // the vendor finishes its late answer
    expect(await listed(relation.ends[0])).not.toContain(relation.id);

    const retry = await deleted({ id: relation.id, idempotencyKey: k });
    expect(retry.payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: false });
    const replay = await deleted({ id: relation.id, idempotencyKey: k });
    expect(replay.payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: true });
  });

  it("a connection dropped after the vendor deleted: writeOutcome UNKNOWN; the keyed retry answers the deletion", async () => {
    const relation = await c.create(++n);
    const k = key();
    c.sandbox().injectFault({ handleThen: "drop" }, { match: c.isDelete });
    const lost = await deleted({ id: relation.id, idempotencyKey: k });
    expect(lost.res.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", writeOutcome: "UNKNOWN" });
    const retry = await deleted({ id: relation.id, idempotencyKey: k });
    expect(retry.payload).toEqual({ deletedId: relation.id, userErrors: [], replayed: false });
    for (const end of relation.ends) expect(await listed(end)).not.toContain(relation.id);
  });

  it("without a key a lost answer is flagged too, and a retry cannot tell: NOT_FOUND", async () => {
    const relation = await c.create(++n);
    c.sandbox().injectFault({ handleThen: "drop" }, { match: c.isDelete });
    const lost = await deleted({ id: relation.id });
    expect(lost.res.errors?.[0]?.extensions).toMatchObject({ writeOutcome: "UNKNOWN" });
    expect((await deleted({ id: relation.id })).payload.userErrors[0]).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("deleteRelation input", () => {
  it.each([
    ["an id the gateway did not issue", "not-an-id", /not an id this gateway issued/],
    ["the id of a contact", encodeId({ vendor: "SUPEROFFICE", connection: "default", kind: "Contact", key: ["11"] }), /names a Contact, which is not a relation/],
    ["a relation type's id", encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "RelationType", key: [hl.associations.mentor] }), /not a relation/],
    ["a key SuperOffice could never hold", encodeId({ vendor: "SUPEROFFICE", connection: "default", kind: "ContactRelation", key: ["abc"] }), /SuperOffice could hold/],
    ["an unknown connection", encodeId({ vendor: "SUPEROFFICE", connection: "nope", kind: "ContactRelation", key: ["1001"] }), /Unknown SuperOffice connection 'nope'/],
  ])("%s: VALIDATION on input.id, no vendor call", async (_case, id, message) => {
    const { payload } = await deleted({ id, idempotencyKey: key() });
    expect(payload).toEqual({ deletedId: null, userErrors: [{ field: ["input", "id"], message: expect.stringMatching(message), code: "VALIDATION" }], replayed: false });
    for (const sandbox of [t.sandboxes.superoffice, t.sandboxes.highlevel, t.sandboxes.customerInsights]) expect(sandbox.requests).toEqual([]);
  });

  it("a malformed key is VALIDATION on input.idempotencyKey (with the id's own problem, both at once)", async () => {
    const { payload } = await deleted({ id: "x", idempotencyKey: "" });
    expect(payload.userErrors).toEqual([
      { field: ["input", "idempotencyKey"], message: expect.any(String), code: "VALIDATION" },
      { field: ["input", "id"], message: "id is not an id this gateway issued", code: "VALIDATION" },
    ]);
  });
});
