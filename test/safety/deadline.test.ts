import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import { ACCOUNT_CONTOSO } from "../../src/sandbox/customer-insights/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** REQUEST_TIMEOUT_MS: one deadline for the whole request, and a client that leaves takes its calls with it. */

const REQUEST_TIMEOUT_MS = 1_500;
/** What "within the deadline" allows on a shared machine: the answer is built and sent after it. */
const MARGIN_MS = 700;

let t: TestGateway;
beforeAll(async () => {
  // Each call alone may take 10 s: only the request's deadline can cut these requests short.
  t = await startTestGateway({ requestTimeoutMs: REQUEST_TIMEOUT_MS, upstreamTimeoutMs: 10_000 });
});
afterAll(() => t?.close());
beforeEach(() => {
  t.reset();
  for (const s of [t.sandboxes.customerInsights, t.sandboxes.superoffice, t.sandboxes.highlevel]) s.delayMs = 0;
});

const contoso = encodeId({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Account", ACCOUNT_CONTOSO.profileId] });
/** Four dependent levels at SuperOffice: the relation, its source company, that company's relations, their ends. */
const LEVELS = `{ contactRelation(id: 1001) { source { ... on Contact { relations(first: 3) { nodes { id source { __typename } } } } } } }`;

describe("one deadline per request", () => {
  it("calls that together take longer than REQUEST_TIMEOUT_MS: the answer comes at the deadline, UPSTREAM_TIMEOUT where unfinished", async () => {
    t.sandboxes.superoffice.delayMs = 600; // 4+ levels × 600 ms ≫ 1.5 s
    const started = Date.now();
    const res = await t.gql(LEVELS);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + MARGIN_MS);
    expect(res.status).toBe(200);
    expect(res.errors?.map((e) => e.extensions?.code)).toContain("UPSTREAM_TIMEOUT");
  });

  it("Customer Insights list pages one after another (the issue's 3 × 1.5 s against a 2 s timeout) stop at the deadline", async () => {
    t.sandboxes.customerInsights.delayMs = 1_000;
    const started = Date.now();
    const res = await t.gql(`query ($id: ID!) { relationsOf(id: $id, first: 36) { nodes { id } } }`, { id: contoso });
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + MARGIN_MS);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", vendor: "CUSTOMER_INSIGHTS" });
    // The second page was asked for before the deadline and cut; no third went out.
    expect(t.sandboxes.customerInsights.requests.filter((r) => r.path.endsWith("/Relationships")).length).toBeLessThanOrEqual(2);
  });

  it("a self-referencing nextLink is followed no further than `first` needs, never in a loop", async () => {
    const ci = t.sandboxes.customerInsights;
    ci.injectFault(
      { status: 200, body: { value: [], nextLink: `${ci.baseUrl}/data/Account('acc-contoso')/Relationships?%24skiptoken=same` } },
      { times: 1_000, match: (r) => r.path.endsWith("/Relationships") },
    );
    const res = await t.gql(`query ($id: ID!) { relationsOf(id: $id, first: 5) { nodes { id } } }`, { id: contoso });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", vendor: "CUSTOMER_INSIGHTS" });
    expect(ci.requests).toHaveLength(2); // ceil(5 / 30) + 1 pages at most
  });
});

describe("a client that goes away", () => {
  it.each([
    ["while the first call is out", 150, 1],
    ["while the second level is out", 450, 2],
  ])("stops all its vendor calls: none sent after the disconnect (%s)", async (_when, abortAfterMs, inFlight) => {
    const so = t.sandboxes.superoffice;
    so.delayMs = 300;
    const controller = new AbortController();
    const pending = fetch(`${t.gateway.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: LEVELS }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, abortAfterMs));
    controller.abort();
    await pending;
    const atDisconnect = so.requests.length;
    expect(atDisconnect).toBe(inFlight);
    // Long enough for three more levels had the request gone on.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(so.requests.length).toBe(atDisconnect);
    // Counted apart from failures: the client left.
    const metrics = await (await fetch(`${t.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^gateway_graphql_operations_total\{operation="anonymous",type="query",outcome="abandoned"\} \d+$/m);
  });
});
