import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/observability/metrics.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** What /metrics adds for operators: the process's own series and GraphQL errors by code. */
describe("/metrics for alerting", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());
  const scrape = async () => (await fetch(`${t.gateway.url}/metrics`)).text();

  it("carries prom-client's process and Node.js series on the gateway's registry", async () => {
    const text = await scrape();
    for (const series of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "process_start_time_seconds",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_heap_size_used_bytes",
      "nodejs_active_handles_total",
      "nodejs_version_info",
    ]) {
      expect(text).toMatch(new RegExp(`^${series}(\\{[^}]*\\})? `, "m"));
    }
    expect(text).toContain("# TYPE nodejs_gc_duration_seconds histogram");
  });

  it("counts GraphQL responses by error code, next to the upstream status that caused them", async () => {
    t.sandboxes.superoffice.injectFault({ status: 429, body: { Error: "slow down" }, headers: { "retry-after": "3" } });
    const limited = await t.gql(`query Limited { contact(vendor: SUPEROFFICE, id: "11") { name } }`);
    expect(limited.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    t.sandboxes.superoffice.injectFault({ status: 503, body: "down" }, { times: 10 });
    const down = await t.gql(`query Down { contact(vendor: SUPEROFFICE, id: "11") { name } }`);
    expect(down.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    t.reset();

    const text = await scrape();
    expect(text).toMatch(/^gateway_graphql_errors_total\{code="RATE_LIMITED"\} 1$/m);
    expect(text).toMatch(/^gateway_graphql_errors_total\{code="UPSTREAM_UNAVAILABLE"\} 1$/m);
    expect(text).toMatch(/^gateway_upstream_requests_total\{vendor="SUPEROFFICE",connection="default",method="GET",operation="\/Contact\/\{\}",status="429"\} 1$/m);
    expect(text).toMatch(/^gateway_upstream_requests_total\{vendor="SUPEROFFICE",connection="default",method="GET",operation="\/Contact\/\{\}",status="503"\} \d+$/m);
  });

  it("leaves process series out of a registry that asks for none (several gateways in one process)", async () => {
    const text = await createMetrics().render();
    expect(text).not.toContain("process_cpu");
    expect(text).toContain("# TYPE gateway_graphql_errors_total counter");
  });
});
