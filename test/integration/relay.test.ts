import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import type { NodeRef } from "../../src/domain/entities.js";
import { ACCOUNT_CONTOSO, CONTACT_ADA, CONTOSO_RELATIONSHIP_COUNT } from "../../src/sandbox/customer-insights/data.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * Relay connection conformance: every connection of the schema, walked forward with
 * `first`/`after` to its end, checking all four PageInfo fields on every page against the
 * edges it holds and the pages around it.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

const hl = HIGHLEVEL_DEMO;
const so = SUPEROFFICE_DEMO;
const id = (vendor: NodeRef["vendor"], kind: NodeRef["kind"], ...key: string[]) => encodeId({ vendor, connection: "default", kind, key });

const PAGE = `edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

interface Walk {
  name: string;
  /** A query with $first and $after whose connection `pick` returns. */
  query: string;
  pick(data: any): Page;
  /** How many relations the connection holds in all. */
  total: number;
}

interface Page {
  edges: Array<{ cursor: string; node: { id: string } }>;
  nodes: Array<{ id: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const relationsOf = (name: string, nodeId: string, total: number): Walk => ({
  name: `relationsOf(${name})`,
  query: `query ($first: Int, $after: String) { relationsOf(id: "${nodeId}", first: $first, after: $after) { ${PAGE} } }`,
  pick: (d) => d.relationsOf,
  total,
});

const WALKS: Walk[] = [
  relationsOf("SuperOffice contact", id("SUPEROFFICE", "Contact", String(so.hubContactId)), so.hubRelationCount),
  relationsOf("SuperOffice person", id("SUPEROFFICE", "Person", String(so.busyPersonId)), 4),
  relationsOf("HighLevel contact", id("HIGHLEVEL", "Contact", hl.contacts.ada), hl.adaRelationCount),
  relationsOf("HighLevel record", id("HIGHLEVEL", "Record", hl.objects.vehicles, hl.vehicles.van), 4),
  relationsOf("Customer Insights account", id("CUSTOMER_INSIGHTS", "Profile", "Account", ACCOUNT_CONTOSO.profileId), CONTOSO_RELATIONSHIP_COUNT),
  relationsOf("Customer Insights contact", id("CUSTOMER_INSIGHTS", "Profile", "Contact", CONTACT_ADA.profileId), 8),
  {
    name: "Contact.relations (SuperOffice)",
    query: `query ($first: Int, $after: String) { contact(vendor: SUPEROFFICE, id: "${so.hubContactId}") { relations(first: $first, after: $after) { ${PAGE} } } }`,
    pick: (d) => d.contact.relations,
    total: so.hubRelationCount,
  },
  {
    name: "Contact.relations (HighLevel)",
    query: `query ($first: Int, $after: String) { contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { relations(first: $first, after: $after) { ${PAGE} } } }`,
    pick: (d) => d.contact.relations,
    total: hl.adaRelationCount,
  },
  {
    name: "Record.relations",
    query: `query ($first: Int, $after: String) { record(objectKey: "pets", id: "${hl.pets.rex}") { relations(first: $first, after: $after) { ${PAGE} } } }`,
    pick: (d) => d.record.relations,
    total: 3,
  },
  {
    name: "Profile.relationships",
    query: `query ($first: Int, $after: String) { profile(profileType: "Account", profileId: "${ACCOUNT_CONTOSO.profileId}") { relationships(first: $first, after: $after) { ${PAGE} } } }`,
    pick: (d) => d.profile.relationships,
    total: CONTOSO_RELATIONSHIP_COUNT,
  },
];

async function page(walk: Walk, first: number, after: string | null): Promise<Page> {
  const res = await t.gql<any>(walk.query, { first, after });
  expect(res.errors, walk.name).toBeUndefined();
  return walk.pick(res.data);
}

/** The four PageInfo fields of one page, against its own edges. */
function expectPageInfo(p: Page, index: number, label: string): void {
  expect(p.nodes.map((n) => n.id), label).toEqual(p.edges.map((e) => e.node.id));
  expect(p.pageInfo.startCursor, `${label} startCursor`).toBe(p.edges[0]?.cursor ?? null);
  expect(p.pageInfo.endCursor, `${label} endCursor`).toBe(p.edges.at(-1)?.cursor ?? null);
  expect(p.pageInfo.hasPreviousPage, `${label} hasPreviousPage`).toBe(index > 0);
}

describe.each(WALKS)("Relay: $name", (walk) => {
  it.each([5, 7])("walked forward %i at a time: all four PageInfo fields right on every page, every relation once", async (first) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let index = 0; ; index++) {
      const p = await page(walk, first, after);
      const label = `${walk.name} page ${index}`;
      expectPageInfo(p, index, label);
      expect(p.edges.length, label).toBeLessThanOrEqual(first);
      seen.push(...p.edges.map((e) => e.node.id));
      const rest = walk.total - seen.length;
      expect(p.pageInfo.hasNextPage, `${label} hasNextPage`).toBe(rest > 0);
      if (!p.pageInfo.hasNextPage) break;
      expect(p.edges, label).toHaveLength(first);
      after = p.pageInfo.endCursor;
      expect(index, "pages").toBeLessThan(20);
    }
    expect(seen).toHaveLength(walk.total);
    expect(new Set(seen).size).toBe(walk.total);
    // Forward paging from any cursor continues right after its edge.
    const whole = await page(walk, 100, null);
    expect(whole.edges.map((e) => e.node.id)).toEqual(seen);
  });

  it("first outside 1-100 is VALIDATION on first with no vendor call; the page after the last edge is empty and ends the walk", async () => {
    for (const first of [0, -1, 101]) {
      t.reset();
      const res = await t.gql<any>(walk.query, { first, after: null });
      expect(res.errors?.[0]?.extensions?.code, `${walk.name} first: ${first}`).toBe("VALIDATION");
      expect(res.errors?.[0]?.message).toContain("first must be between 1 and 100");
      expect(t.vendorCalls().filter((c) => c.method !== "GET" || /Relation|relation/.test(c.path))).toEqual([]);
    }
    const whole = await page(walk, 100, null);
    expectPageInfo(whole, 0, `${walk.name} whole`);
    const past = await page(walk, 5, whole.pageInfo.endCursor);
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
