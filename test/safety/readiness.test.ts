import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** /ready is unauthenticated: however often it is called, each connection's vendor sees at most one probe read per cache period. */

const READY_CACHE_MS = 5_000;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ readyCacheMs: READY_CACHE_MS });
});
afterAll(() => t?.close());

describe("/ready under a burst", () => {
  it("1,000 calls make at most one probe read per connection per cache period", async () => {
    t.reset();
    const agent = new Agent({ connections: 50 });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 1_000 }, async () => {
        const res = await fetch(`${t.gateway.url}/ready`, { dispatcher: agent } as unknown as RequestInit);
        return { status: res.status, body: (await res.json()) as { status: string } };
      }),
    );
    const periods = Math.floor((Date.now() - started) / READY_CACHE_MS) + 1;
    await agent.close();
    expect(answers.every((a) => a.status === 200 && a.body.status === "ready")).toBe(true);
    const probePaths: Array<[{ requests: Array<{ method: string; path: string }> }, RegExp]> = [
      [t.sandboxes.customerInsights, /^\/manage\/model\/relationships$/],
      [t.sandboxes.superoffice, /\/api\/v1\/User\/currentPrincipal$/],
      [t.sandboxes.highlevel, /^\/associations\/$/],
    ];
    for (const [sandbox, path] of probePaths) {
      const probes = sandbox.requests.filter((r) => r.method === "GET" && path.test(r.path));
      expect(probes.length).toBeGreaterThanOrEqual(1);
      expect(probes.length).toBeLessThanOrEqual(periods);
      // Nothing but the probe reached the vendor.
      expect(sandbox.requests).toEqual(probes);
    }
  });
});
