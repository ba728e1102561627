import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { encodeId } from "../../src/domain/ids.js";
import { ACCOUNT_CONTOSO } from "../../src/sandbox/customer-insights/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** The limits as shipped (docs/operations.md): each is probed at its default, just under and just over. */
const DEFAULTS = loadConfig({}).limits;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t?.close());
beforeEach(() => t.reset());

const vendorCalls = () =>
  t.sandboxes.customerInsights.requests.length + t.sandboxes.superoffice.requests.length + t.sandboxes.highlevel.requests.length;
const so = (id: number) => encodeId({ vendor: "SUPEROFFICE", connection: "default", kind: "Contact", key: [String(id)] });
const contoso = encodeId({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Account", ACCOUNT_CONTOSO.profileId] });

async function expectPasses(query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables);
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  return res;
}

async function expectRefused(query: string, limit: string, max: number, actual: number, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables);
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]!.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit, max, actual });
  expect(res.errors![0]!.message).toContain(String(max));
  expect(vendorCalls()).toBe(0);
}

const repeat = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join(" ");

describe("limits at their defaults: just under passes, just over is refused with no vendor call", () => {
  it("MAX_QUERY_DEPTH (10; introspection aside)", async () => {
    expect(DEFAULTS.maxDepth).toBe(10);
    // contact 1, relations 2, edges 3, node 4, source 5, relations 6, edges 7, node 8, source 9, and the 10th level:
    const nested = (leaf: string) =>
      `{ contact(vendor: SUPEROFFICE, id: "11") { relations(first: 1) { edges { node { source { ... on Contact { relations(first: 1) { edges { node { source { ${leaf} } } } } } } } } } } }`;
    await expectPasses(nested("__typename"));
    expect(vendorCalls()).toBeGreaterThan(0);
    t.reset();
    await expectRefused(nested("... on Person { contact { name } }"), "DEPTH", 10, 11);
    // The playground's introspection query is 15 deep: it counts nothing (graphql-js bounds introspection itself).
    await expectPasses(`{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`);
  });

  it("MAX_ALIASES (30), every spread of a fragment counted", async () => {
    expect(DEFAULTS.maxAliases).toBe(30);
    await expectPasses(`{ contact(vendor: SUPEROFFICE, id: "12") { ${repeat(30, (i) => `a${i}: name`)} } }`);
    expect(vendorCalls()).toBe(1);
    t.reset();
    await expectRefused(`{ contact(vendor: SUPEROFFICE, id: "12") { ${repeat(31, (i) => `a${i}: name`)} } }`, "ALIASES", 30, 31);
    await expectRefused(
      `query { contact(vendor: SUPEROFFICE, id: "12") { ...A persons { ...A } } } fragment A on Node { ${repeat(16, (i) => `a${i}: id`)} }`,
      "ALIASES",
      30,
      32,
    );
  });

  it("MAX_ROOT_FIELDS (10)", async () => {
    expect(DEFAULTS.maxRootFields).toBe(10);
    await expectPasses(`{ ${repeat(10, (i) => `c${i}: contact(vendor: SUPEROFFICE, id: "12") { name }`)} __typename }`);
    t.reset();
    await expectRefused(`{ ${repeat(11, (i) => `c${i}: contact(vendor: SUPEROFFICE, id: "12") { name }`)} }`, "ROOT_FIELDS", 10, 11);
  });

  it("MAX_IDS (100): the length of nodes(ids:), literal or variable", async () => {
    expect(DEFAULTS.maxIds).toBe(100);
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    await expectPasses(query, { ids: Array(100).fill(so(12)) });
    t.reset();
    await expectRefused(query, "IDS", 100, 101, { ids: Array(101).fill(so(12)) });
    await expectRefused(`{ nodes(ids: [${Array(101).fill(`"${so(12)}"`).join(",")}]) { id } }`, "IDS", 100, 101);
  });

  it("MAX_QUERY_COST (250): the estimated vendor calls", async () => {
    expect(DEFAULTS.maxCost).toBe(250);
    // Each SuperOffice contact id costs one call (the loader dedupes the same id at run time; the estimate does not).
    const query = `query ($a: [ID!]!, $b: [ID!]!, $c: [ID!]!) { a: nodes(ids: $a) { id } b: nodes(ids: $b) { id } c: nodes(ids: $c) { id } }`;
    const ids = (n: number) => Array(n).fill(so(12));
    await expectPasses(query, { a: ids(100), b: ids(100), c: ids(50) });
    t.reset();
    await expectRefused(query, "COST", 250, 251, { a: ids(100), b: ids(100), c: ids(51) });
    // `first` from a variable: 100 Customer Insights relations with both ends are 5 hub pages, 100 type definitions, 200 ends.
    const list = `query ($id: ID!, $first: Int) { relationsOf(id: $id, first: $first) { nodes { source { __typename } target { __typename } } } }`;
    await expectRefused(list, "COST", 250, 5 + 100 + 200, { id: contoso, first: 100 });
  });
});

describe("the abuse from the issue is refused before any vendor call", () => {
  it("1,000 aliases of one contact", async () => {
    const query = `{ contact(vendor: SUPEROFFICE, id: "11") { name } ${repeat(999, (i) => `a${i}: contact(vendor: SUPEROFFICE, id: "11") { name }`)} }`;
    const res = await t.gql(query);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "ROOT_FIELDS" });
    expect(vendorCalls()).toBe(0);
  });

  it("relationsOf(first: 100) nested three levels through the ends", async () => {
    const level = (inner: string) => `relationships(first: 100) { nodes { source { ... on Profile { ${inner} } } } }`;
    const query = `query ($id: ID!) { relationsOf(id: $id, first: 100) { nodes { source { ... on Profile { ${level(level("profileId"))} } } } } }`;
    const res = await t.gql(query, { id: contoso });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "COST", max: 250 });
    expect(res.errors![0]!.extensions!.actual as number).toBeGreaterThan(1_000_000);
    expect(vendorCalls()).toBe(0);
  });

  it("nodes(ids:) with 15,000 forged ids", async () => {
    const forged = Array.from({ length: 15_000 }, (_, i) => so(100_000 + i));
    const res = await t.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: forged });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit: "IDS", max: 100, actual: 15_000 });
    expect(vendorCalls()).toBe(0);
  });
});

describe("limits are settings", () => {
  it("0 turns a limit off, and each is read from its env var", () => {
    expect(
      loadConfig({ MAX_QUERY_DEPTH: "0", MAX_ALIASES: "5", MAX_ROOT_FIELDS: "3", MAX_IDS: "7", MAX_QUERY_COST: "1000" }).limits,
    ).toEqual({ maxDepth: 0, maxAliases: 5, maxRootFields: 3, maxIds: 7, maxCost: 1000 });
    expect(() => loadConfig({ MAX_QUERY_COST: "-1" })).toThrow("MAX_QUERY_COST: must be an integer from 0 to 10000000");
  });
});

describe("measuring a document is linear in its size", () => {
  it("a fragment bomb (each fragment spreads the next twice) is measured at once and refused", async () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === 0 ? `fragment F0 on Query { contact(vendor: SUPEROFFICE, id: "11") { name } }` : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`,
    ).join(" ");
    const started = Date.now();
    const res = await t.gql(`{ ...F${levels - 1} } ${fragments}`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit: "ROOT_FIELDS", max: 10, actual: 2 ** (levels - 1) });
    expect(vendorCalls()).toBe(0);
  });
});
