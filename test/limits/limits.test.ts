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

  it("MAX_QUERY_COST (650): the estimated vendor calls", async () => {
    expect(DEFAULTS.maxCost).toBe(650);
    // Each SuperOffice contact id costs one call (the loader dedupes the same id at run time; the estimate does not).
    const lists = "abcdefg".split("");
    const query = `query (${lists.map((l) => `$${l}: [ID!]!`).join(", ")}) { ${lists.map((l) => `${l}: nodes(ids: $${l}) { id }`).join(" ")} }`;
    const ids = (n: number) => Array(n).fill(so(12));
    const sized = (last: number) => Object.fromEntries(lists.map((l, i) => [l, ids(i < 6 ? 100 : last)]));
    await expectPasses(query, sized(50));
    t.reset();
    await expectRefused(query, "COST", 650, 651, sized(51));
    // `first` from a variable: three levels of 30 Customer Insights relations with a source each.
    const level = (inner: string) => `relationships(first: $first) { nodes { source { ... on Profile { ${inner} } } } }`;
    const list = `query ($id: ID!, $first: Int) { relationsOf(id: $id, first: $first) { nodes { source { ... on Profile { ${level("profileId")} } } } } }`;
    await expectRefused(list, "COST", 650, 2 + 30 + 30 * (1 + (2 + 30 + 30)), { id: contoso, first: 30 });
  });

  it("MAX_QUERY_TOKENS (2000): the parser stops there, before validation, with no vendor call", async () => {
    expect(DEFAULTS.maxTokens).toBe(2_000);
    // `{ contact(vendor: SUPEROFFICE, id: "12") { ` is 10 tokens, each alias 3, the closing braces 2.
    const aliases = (n: number) => `{ contact(vendor: SUPEROFFICE, id: "12") { ${repeat(n, (i) => `a${i}: id`)} } }`;
    const res = await t.gql(aliases(662));
    expect(res.status).toBe(400);
    // Parsed to the end (1,998 tokens): the next check in line is the alias count.
    expect(res.errors![0]!.extensions).toMatchObject({ limit: "ALIASES", actual: 662 });
    const refused = await t.gql(aliases(665));
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      { message: "The query has more tokens than allowed; at most 2000 are allowed", extensions: { code: "QUERY_TOO_COMPLEX", limit: "TOKENS", max: 2_000 } },
    ]);
    // The 10,000-alias document from the issue: refused at the front door, before Apollo parses,
    // hashes or counts it as an operation (its metrics plugin would count a parse failure).
    const operations = async () => (await t.gateway.metrics.registry.getSingleMetric("gateway_graphql_operations_total")!.get()).values.reduce((sum, v) => sum + v.value, 0);
    const before = await operations();
    expect(before).toBeGreaterThan(0);
    const huge = await t.gql(aliases(10_000));
    expect(huge.status).toBe(400);
    expect(huge.errors).toEqual(refused.errors);
    expect(await operations()).toBe(before);
    expect(vendorCalls()).toBe(0);
  });
});

describe("the abuse from the issue is refused before any vendor call", () => {
  it("1,000 aliases of one contact", async () => {
    const query = `{ contact(vendor: SUPEROFFICE, id: "11") { name } ${repeat(999, (i) => `a${i}: contact(vendor: SUPEROFFICE, id: "11") { name }`)} }`;
    const res = await t.gql(query);
    expect(res.status).toBe(400);
    // 13 tokens each: the parser stops before the document is complete.
    expect(res.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "TOKENS" });
    expect(vendorCalls()).toBe(0);
  });

  it("relationsOf(first: 100) nested three levels through the ends", async () => {
    const level = (inner: string) => `relationships(first: 100) { nodes { source { ... on Profile { ${inner} } } } }`;
    const query = `query ($id: ID!) { relationsOf(id: $id, first: 100) { nodes { source { ... on Profile { ${level(level("profileId"))} } } } } }`;
    const res = await t.gql(query, { id: contoso });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "COST", max: 650 });
    expect(res.errors![0]!.extensions!.actual as number).toBeGreaterThan(1_000_000);
    expect(vendorCalls()).toBe(0);
  });

  it("nodes(ids:) with 15,000 forged ids: over MAX_REQUEST_BYTES (1 MB of ids), and 3,000 over MAX_IDS", async () => {
    const forged = (n: number) => Array.from({ length: n }, (_, i) => so(100_000 + i));
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    const large = await t.gql(query, { ids: forged(15_000) });
    expect(large.status).toBe(413);
    expect(large.errors![0]!.extensions).toEqual({ code: "REQUEST_TOO_LARGE", max: 256 * 1024 });
    const res = await t.gql(query, { ids: forged(3_000) });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit: "IDS", max: 100, actual: 3_000 });
    expect(vendorCalls()).toBe(0);
  });
});

describe("limits are settings", () => {
  it("0 turns a limit off, and each is read from its env var", () => {
    expect(
      loadConfig({ MAX_QUERY_DEPTH: "0", MAX_ALIASES: "5", MAX_ROOT_FIELDS: "3", MAX_IDS: "7", MAX_QUERY_COST: "1000", MAX_QUERY_TOKENS: "0" }).limits,
    ).toEqual({ maxDepth: 0, maxAliases: 5, maxRootFields: 3, maxIds: 7, maxCost: 1000, maxTokens: 0 });
    expect(() => loadConfig({ MAX_QUERY_TOKENS: "many" })).toThrow("MAX_QUERY_TOKENS: must be an integer from 0 to 1000000");
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
