import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { HIGHLEVEL_DEMO as hl } from "../../src/sandbox/highlevel/index.js";
import { startGateway, type Gateway } from "../../src/server/index.js";
import { startTestSandboxes, type TestSandboxes } from "../support/sandboxes.js";

/**
 * Fair pacing against a HighLevel that enforces its published burst limit (100 per 10 s per
 * location): while the largest request the limits allow runs, another client's one-call
 * request answers within its own deadline.
 */

const REQUEST_TIMEOUT_MS = 4_000;

let sandboxes: TestSandboxes;
let gateway: Gateway;
beforeAll(async () => {
  sandboxes = await startTestSandboxes(["HIGHLEVEL"], { highlevel: { rateLimit: { max: 100, intervalMs: 10_000 } } });
  gateway = await startGateway(
    { ...loadConfig({}), port: 0, requestTimeoutMs: REQUEST_TIMEOUT_MS, connections: sandboxes.connections },
    { logger: pino({ level: "silent" }) },
  );
});
afterAll(async () => {
  await gateway?.close();
  await sandboxes?.close();
});

async function gql(query: string, variables?: Record<string, unknown>) {
  const started = Date.now();
  const res = await fetch(`${gateway.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-gateway-cost": "1" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }>; extensions?: any };
  return { status: res.status, ms: Date.now() - started, ...body };
}

describe("fair pacing at HighLevel", () => {
  it("a one-call request answers within its deadline while the largest allowed HighLevel request runs", async () => {
    const { maxCost, maxIds } = loadConfig({}).limits;
    // Distinct contact ids (unknown ones answer 404, still one call each) so nothing is deduplicated.
    const ids = Array.from({ length: maxCost }, (_, i) => `ctFairness${String(i).padStart(10, "0")}`);
    const lists = Array.from({ length: Math.ceil(maxCost / maxIds) }, (_, i) => ids.slice(i * maxIds, (i + 1) * maxIds));
    const big = `query (${lists.map((_, i) => `$l${i}: [ID!]!`).join(", ")}) { ${lists.map((_, i) => `l${i}: nodes(ids: $l${i}) { id }`).join(" ")} }`;
    const { encodeId } = await import("../../src/domain/ids.js");
    const variables = Object.fromEntries(
      lists.map((list, i) => [`l${i}`, list.map((key) => encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [key] }))]),
    );

    const large = gql(big, variables);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const small = await gql(`{ contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { name } }`);
    const done = await large;

    expect(small.errors).toBeUndefined();
    expect(small.data.contact.name).toBe("Ada Lovelace");
    expect(small.ms).toBeLessThan(REQUEST_TIMEOUT_MS);
    // The large one was allowed (cost = the limit) and ran into its own deadline, not into 429s.
    expect(done.status).toBe(200);
    expect(done.extensions.cost.estimated).toBe(maxCost);
    expect(done.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    const codes = new Set((done.errors ?? []).map((e) => e.extensions?.code));
    expect([...codes]).toEqual(["UPSTREAM_TIMEOUT"]);
    // Never more than the window allows, and the calls dropped while waiting were never sent.
    expect(sandboxes.highlevel!.requests.length).toBeLessThanOrEqual(100);
    expect(done.extensions.cost.actual + 1).toBe(sandboxes.highlevel!.requests.length);
  });
});
