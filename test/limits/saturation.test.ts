import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { encodeId } from "../../src/domain/ids.js";
import { CEILING } from "../../src/limits/saturating.js";
import { ACCOUNT_CONTOSO } from "../../src/sandbox/customer-insights/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The estimate saturates (issue 21, item 1): a fragment bomb under `first: 0` once made it
 * 0 × Infinity = NaN, `NaN > 250` let the request through, and the NaN hid every other
 * field's cost (2,525 vendor calls). The token limit is off here, so the cost is what answers.
 */

const contoso = encodeId({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Account", ACCOUNT_CONTOSO.profileId] });

/** F0 … F{levels}, each spreading the next twice: 2^levels copies of the last one's relation end (a vendor call each). */
const bomb = (levels: number) =>
  Array.from({ length: levels + 1 }, (_, i) => (i === levels ? `fragment F${i} on Relation { source { __typename } }` : `fragment F${i} on Relation { ...F${i + 1} ...F${i + 1} }`)).join("\n");
const nested = (inner: string) => `relationships(first: 100) { nodes { source { ... on Profile { ${inner} } } } }`;
/** The request from the issue: the bomb under an empty page, beside relationsOf(first: 100) nested three levels deep. */
const ISSUE = `query ($id: ID!) {
  contact(vendor: SUPEROFFICE, id: "1") { relations(first: 0) { nodes { ...F0 } } }
  relationsOf(id: $id, first: 100) { nodes { source { ... on Profile { ${nested(nested("profileId"))} } } } }
}
${bomb(1100)}`;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ limits: { ...loadConfig({}).limits, maxTokens: 0 } });
});
afterAll(() => t?.close());

describe("the estimate saturates, never Infinity or NaN", () => {
  it("the issue's request is refused at COST with a finite figure, before any vendor call", async () => {
    t.reset();
    const res = await t.gql(ISSUE, { id: contoso }, { "x-gateway-cost": "1" });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    const { actual, ...rest } = res.errors![0]!.extensions!;
    expect(rest).toEqual({ code: "QUERY_TOO_COMPLEX", limit: "COST", max: 650 });
    // The nested lists alone are over a million calls; nothing of it is hidden by the bomb.
    expect(Number.isSafeInteger(actual)).toBe(true);
    expect(actual as number).toBeGreaterThan(1_000_000);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("a bomb that overflows every double saturates at the ceiling, and is refused", async () => {
    t.reset();
    const res = await t.gql(`{ contact(vendor: SUPEROFFICE, id: "11") { relations(first: 1) { nodes { ...F0 } } } } ${bomb(1100)}`);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", limit: "COST", max: 650, actual: CEILING });
    expect(t.vendorCalls()).toEqual([]);
  });

  it("an empty page (first: 0) is refused by the resolver without a call, and its estimate is finite", async () => {
    t.reset();
    const res = await t.gql(`query ($id: ID!) { relationsOf(id: $id, first: 0) { pageInfo { hasNextPage } } }`, { id: contoso }, { "x-gateway-cost": "1" });
    expect(res.errors?.[0]?.extensions?.code).toBe("VALIDATION");
    const cost = (res as unknown as { extensions: { cost: { estimated: number; actual: number } } }).extensions.cost;
    expect(cost.actual).toBe(0);
    expect(t.vendorCalls()).toEqual([]);
    expect(Number.isFinite(cost.estimated)).toBe(true);
    expect(cost.estimated).toBeGreaterThanOrEqual(cost.actual);
  });
});
