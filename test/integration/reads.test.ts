import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { NodeRef } from "../../src/domain/entities.js";
import { encodeId } from "../../src/domain/ids.js";
import { ACCOUNT_CONTOSO, CONTOSO_RELATIONSHIP_COUNT, RELATIONSHIP_LINK_MEETING } from "../../src/sandbox/customer-insights/index.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** The read side over HTTP: minimal upstream calls, paging, partial failure, node lookups. */

let t: TestGateway;
beforeAll(async () => {
  // One test asks for a record through 21 root fields (to show the dedupe): above MAX_ROOT_FIELDS' default of 10.
  t = await startTestGateway({ limits: { ...loadConfig({}).limits, maxRootFields: 25 } });
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const id = (ref: Omit<NodeRef, "connection">) => encodeId({ connection: "default", ...ref });
const hl = HIGHLEVEL_DEMO;
const so = SUPEROFFICE_DEMO;
const IDS = {
  contoso: id({ vendor: "CUSTOMER_INSIGHTS", kind: "Profile", key: ["Account", ACCOUNT_CONTOSO.profileId] }),
  soHub: id({ vendor: "SUPEROFFICE", kind: "Contact", key: [String(so.hubContactId)] }),
  soPerson: id({ vendor: "SUPEROFFICE", kind: "Person", key: [String(so.busyPersonId)] }),
  ada: id({ vendor: "HIGHLEVEL", kind: "Contact", key: [hl.contacts.ada] }),
  rex: id({ vendor: "HIGHLEVEL", kind: "Record", key: [hl.objects.pets, hl.pets.rex] }),
};

const END = `{ __typename ... on Node { id } ... on Profile { profileId } ... on Contact { name } ... on Person { fullName } ... on Record { objectKey } }`;
const RELATIONS_OF = `query ($id: ID!, $first: Int, $after: String) {
  relationsOf(id: $id, first: $first, after: $after) {
    edges { cursor node { id vendor source ${END} target ${END} } }
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  edges: Array<{ cursor: string; node: { id: string; source: { id: string } | null; target: { id: string } | null } }>;
  nodes: Array<{ id: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const requests = (): RecordedRequest[] => t.vendorCalls();
const signature = (r: RecordedRequest) => `${r.method} ${r.path}?${r.query}`;

async function relationsOf(nodeId: string, first?: number, after?: string | null): Promise<Page> {
  const res = await t.gql<{ relationsOf: Page }>(RELATIONS_OF, { id: nodeId, first, after });
  expect(res.errors).toBeUndefined();
  return res.data!.relationsOf;
}

function distinctEnds(page: Page): number {
  return new Set(page.edges.flatMap((e) => [e.node.source?.id, e.node.target?.id]).filter(Boolean)).size;
}

describe("upstream calls per query", () => {
  it.each([
    // [name, node id, extra calls per relation (SuperOffice lists ids, then loads each relation)]
    ["Customer Insights profile", IDS.contoso, 0],
    ["SuperOffice contact", IDS.soHub, 1],
    ["HighLevel contact", IDS.ada, 0],
  ])("twenty relations of a %s and their ends: the list, then each distinct end once", async (_, nodeId, perRelation) => {
    await relationsOf(nodeId, 20); // warms the per-connection caches of type/association definitions
    t.reset();
    const page = await relationsOf(nodeId, 20);
    expect(page.edges).toHaveLength(20);
    const calls = requests().map(signature);
    expect(new Set(calls).size).toBe(calls.length); // no duplicates
    const ends = distinctEnds(page);
    expect(ends).toBeLessThan(40); // the ends repeat
    expect(calls).toHaveLength(1 + 20 * perRelation + ends);
  });

  it("a record asked for twenty times in one query is fetched once", async () => {
    const fields = Array.from({ length: 20 }, (_, i) => `c${i}: contact(vendor: SUPEROFFICE, id: "12") { name }`).join(" ");
    const res = await t.gql(`{ ${fields} p: person(id: 103) { contact { name } } }`);
    expect(res.errors).toBeUndefined();
    expect(requests().map(signature)).toEqual([
      expect.stringMatching(/^GET \/Cust12345\/api\/v1\/Contact\/12\?/),
      expect.stringMatching(/^GET \/Cust12345\/api\/v1\/Person\/103\?/),
    ]);
  });

  it("DataLoaders are per request: the next request fetches again", async () => {
    await t.gql(`{ contact(vendor: SUPEROFFICE, id: "12") { name } }`);
    await t.gql(`{ contact(vendor: SUPEROFFICE, id: "12") { name } }`);
    expect(requests()).toHaveLength(2);
  });
});

describe("paging", () => {
  it.each([
    ["Customer Insights (30-item vendor pages, nextLink)", IDS.contoso, CONTOSO_RELATIONSHIP_COUNT, 35],
    ["SuperOffice ($top/$skip)", IDS.soHub, so.hubRelationCount, 10],
    ["HighLevel (skip/limit)", IDS.ada, hl.adaRelationCount, 10],
  ])("%s: pages cover every relation once and end with hasNextPage false", async (_, nodeId, total, size) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Page = await relationsOf(nodeId, size, after);
      expect(page.nodes.map((n) => n.id)).toEqual(page.edges.map((e) => e.node.id));
      seen.push(...page.nodes.map((n) => n.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(size);
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("Customer Insights follows nextLink across the hub's 30-item pages", async () => {
    const page = await relationsOf(IDS.contoso, 35);
    expect(page.edges).toHaveLength(35);
    const lists = t.sandboxes.customerInsights.requests.filter((r) => r.path.endsWith("/Relationships"));
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists[1]!.query.get("$skiptoken")).toBeTruthy();
  });

  it("a cursor resumes right after its edge", async () => {
    const first = await relationsOf(IDS.ada, 5);
    const fromThird = await relationsOf(IDS.ada, 2, first.edges[2]!.cursor);
    expect(fromThird.nodes.map((n) => n.id)).toEqual(first.nodes.slice(3, 5).map((n) => n.id));
  });

  it("rejects first above 100 and foreign cursors with VALIDATION naming the argument, without upstream calls", async () => {
    const big = await t.gql(RELATIONS_OF, { id: IDS.soHub, first: 101 });
    expect(big.errors![0]).toMatchObject({ path: ["relationsOf"], extensions: { code: "VALIDATION", field: ["first"] } });
    expect(big.errors![0]!.message).toContain("100");
    const foreign = await t.gql(RELATIONS_OF, { id: IDS.soHub, first: 5, after: "bm90LWEtY3Vyc29y" });
    expect(foreign.errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: ["after"] });
    const nested = await t.gql(`{ contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { name relations(first: 500) { nodes { id } } } }`);
    expect(nested.errors![0]).toMatchObject({ path: ["contact", "relations"], extensions: { code: "VALIDATION" } });
    expect(nested.data).toEqual({ contact: null }); // relations is non-null, so the error nulls its parent
  });
});

describe("partial failure", () => {
  it("an end whose vendor fails is null with an error at its path; the rest of the answer is intact", async () => {
    t.sandboxes.highlevel.injectFault(
      { status: 500, body: { statusCode: 500, message: "Internal server error" } },
      { times: 10, match: (r) => r.path === `/contacts/${hl.contacts.grace}` },
    );
    const res = await t.gql<{ relationsOf: Page }>(RELATIONS_OF, { id: IDS.ada, first: 10 });
    const edges = res.data!.relationsOf.edges;
    expect(edges).toHaveLength(10);
    const errors = res.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", vendor: "HIGHLEVEL", status: 500 });
      const [, , index, , side] = error.path as [string, string, number, string, "source" | "target"];
      expect(edges[index]!.node[side]).toBeNull();
    }
    const healthy = edges.flatMap((e) => [e.node.source, e.node.target]).filter(Boolean);
    expect(healthy.length).toBe(20 - errors.length);
  });

  it("an end the vendor no longer has (404) is null without an error", async () => {
    t.sandboxes.superoffice.injectFault(
      { status: 404, body: { Error: true, ErrorType: "SoNotFoundException", ErrorMessage: "Person id 101 not found" } },
      { times: 5, match: (r) => r.path.endsWith("/Person/101") },
    );
    const res = await t.gql(`{ contactRelation(id: ${so.personRelationId}) { relationId source ${END} target ${END} } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ contactRelation: { relationId: so.personRelationId, source: null } });
  });
});

describe("node", () => {
  const OWN_IDS = `{
    profile(profileType: "Account", profileId: "${ACCOUNT_CONTOSO.profileId}") { id relationships(first: 1) { nodes { id } } }
    so: contact(vendor: SUPEROFFICE, id: "${so.hubContactId}") { id persons { id } relations(first: 1) { nodes { id } } }
    hl: contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { id relations(first: 1) { nodes { id } } }
    record(objectKey: "${hl.objects.pets}", id: "${hl.pets.rex}") { id }
    relationshipLink(name: "${RELATIONSHIP_LINK_MEETING}") { id }
  }`;

  it("resolves every kind of id the gateway returns, to the same object", async () => {
    const res = await t.gql<Record<string, any>>(OWN_IDS);
    expect(res.errors).toBeUndefined();
    const d = res.data!;
    const ids: Record<string, string> = {
      Profile: d.profile.id,
      RelationshipInstance: d.profile.relationships.nodes[0].id,
      "Contact (SuperOffice)": d.so.id,
      Person: d.so.persons[0].id,
      ContactRelation: d.so.relations.nodes[0].id,
      "Contact (HighLevel)": d.hl.id,
      AssociationRelation: d.hl.relations.nodes[0].id,
      Record: d.record.id,
      RelationshipLink: d.relationshipLink.id,
    };
    for (const [kind, nodeId] of Object.entries(ids)) {
      const found = await t.gql<{ node: { id: string; __typename: string } | null }>(
        `query ($id: ID!) { node(id: $id) { __typename id } }`,
        { id: nodeId },
      );
      expect(found.errors, kind).toBeUndefined();
      expect(found.data!.node, kind).toEqual({ __typename: kind.split(" ")[0], id: nodeId });
    }
  });

  it("gives null for garbage, foreign and unknown ids, and keeps the order in nodes", async () => {
    const missing = id({ vendor: "SUPEROFFICE", kind: "Contact", key: [String(so.missingContactId)] });
    const otherConnection = encodeId({ vendor: "SUPEROFFICE", connection: "elsewhere", kind: "Contact", key: ["11"] });
    const res = await t.gql<{ nodes: Array<{ id: string } | null> }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: ["garbage", IDS.soHub, "", missing, otherConnection, "eyJhIjoxfQ", IDS.rex],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([null, { id: IDS.soHub }, null, null, null, null, { id: IDS.rex }]);
  });

  it("relationsOf refuses an id it did not issue, or one that is not a relation end", async () => {
    const garbage = await t.gql(RELATIONS_OF, { id: "garbage" });
    expect(garbage.errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: ["id"] });
    const link = id({ vendor: "CUSTOMER_INSIGHTS", kind: "RelationshipLink", key: [RELATIONSHIP_LINK_MEETING] });
    const notAnEnd = await t.gql(RELATIONS_OF, { id: link });
    expect(notAnEnd.errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: ["id"] });
    expect(requests()).toHaveLength(0);
  });

  it("entities the vendor does not have are null", async () => {
    const res = await t.gql(`{
      profile(profileType: "Account", profileId: "nobody") { id }
      contact(vendor: HIGHLEVEL, id: "ctNobody") { id }
      person(id: ${so.missingPersonId}) { id }
      contactRelation(id: ${so.missingRelationId}) { id }
      record(objectKey: "pets", id: "recNobody") { id }
      relationshipLink(name: "NoSuchLink") { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(Object.values(res.data!)).toEqual([null, null, null, null, null, null]);
  });
});

describe("nativeId: one field every relation has", () => {
  // relationId is Int! on ContactRelation and String! on AssociationRelation: selecting both under one alias does not validate.
  const NATIVE = `query ($id: ID!) {
    relationsOf(id: $id, first: 5) {
      nodes { __typename nativeId ... on ContactRelation { soId: relationId } ... on AssociationRelation { hlId: relationId } ... on RelationshipInstance { properties } }
    }
  }`;

  it.each([
    ["SuperOffice", IDS.soHub, (n: Record<string, unknown>) => String(n.soId)],
    ["HighLevel", IDS.ada, (n: Record<string, unknown>) => n.hlId],
    ["Customer Insights", IDS.contoso, (n: Record<string, unknown>) => (n.properties as { RelationshipId: string }).RelationshipId],
  ])("%s: the vendor's own id as text, selectable on the Relation interface", async (_vendor, nodeId, own) => {
    const res = await t.gql<{ relationsOf: { nodes: Array<Record<string, unknown>> } }>(NATIVE, { id: nodeId });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.relationsOf.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(typeof node.nativeId).toBe("string");
      expect(node.nativeId).toBe(own(node));
    }
  });
});
