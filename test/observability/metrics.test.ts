import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../src/http/client.js";
import { urlPath } from "../../src/http/path.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { startSandboxServer, type RunningSandboxServer } from "../../src/sandbox/http.js";

describe("metrics", () => {
  let upstream: RunningSandboxServer;
  beforeAll(async () => {
    upstream = await startSandboxServer(async () => ({ status: 201, body: { id: 1 } }));
  });
  afterAll(() => upstream.close());

  it("counts upstream calls by vendor, connection, method, path template and status, with latency", async () => {
    const metrics = createMetrics();
    const http = new HttpClient({
      baseUrl: `${upstream.origin}/api/v1`,
      target: { vendor: "HIGHLEVEL", connection: "eu" }, name: "HighLevel (connection 'eu')",
      timeoutMs: 2000,
      observer: metrics.upstreamObserver,
    });
    await http.request({ method: "POST", path: urlPath`/associations/relations` });
    await http.request({ method: "POST", path: urlPath`/associations/relations` });
    upstream.injectFault({ status: 503, body: "down" });
    await http.request({ method: "GET", path: urlPath`/objects/${"custom_objects.pets"}/records/${"r1"}` }).catch(() => undefined);
    await http.close();

    const text = await metrics.render();
    const labels = 'vendor="HIGHLEVEL",connection="eu",method="POST",operation="/associations/relations",status="201"';
    expect(text).toContain(`gateway_upstream_requests_total{${labels}} 2`);
    expect(text).toContain(`gateway_upstream_request_duration_seconds_count{${labels}} 2`);
    expect(text).toMatch(/gateway_upstream_request_duration_seconds_bucket\{le="0.005",vendor="HIGHLEVEL",connection="eu",method="POST",operation="\/associations\/relations",status="201"\} \d/);
    // Not marked idempotent, so one attempt: the 503 is counted once, under the path template.
    expect(text).toContain(
      'gateway_upstream_requests_total{vendor="HIGHLEVEL",connection="eu",method="GET",operation="/objects/{}/records/{}",status="503"} 1',
    );
    expect(text).not.toContain("custom_objects.pets");
    // Every started call finished: the in-flight gauge is back to zero.
    expect(text).toContain('gateway_upstream_in_flight_requests{vendor="HIGHLEVEL",connection="eu"} 0');
  });

  it("shows a call in flight while it is waiting", async () => {
    const metrics = createMetrics();
    const http = new HttpClient({
      baseUrl: upstream.origin,
      target: { vendor: "SUPEROFFICE", connection: "default" }, name: "SuperOffice (connection 'default')",
      timeoutMs: 300,
      observer: metrics.upstreamObserver,
    });
    upstream.injectFault({ hang: true });
    const pending = http.request({ method: "POST", path: urlPath`/Relation` }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await metrics.render()).toContain('gateway_upstream_in_flight_requests{vendor="SUPEROFFICE",connection="default"} 1');
    await pending;
    await http.close();
    const text = await metrics.render();
    expect(text).toContain('gateway_upstream_in_flight_requests{vendor="SUPEROFFICE",connection="default"} 0');
    expect(text).toContain(
      'gateway_upstream_requests_total{vendor="SUPEROFFICE",connection="default",method="POST",operation="/Relation",status="UPSTREAM_TIMEOUT"} 1',
    );
  });

  it("records DataLoader batch sizes by loader", async () => {
    const metrics = createMetrics();
    metrics.onBatch("superoffice.person", 3);
    metrics.onBatch("superoffice.person", 1);
    const text = await metrics.render();
    expect(text).toContain('gateway_dataloader_batch_size_sum{loader="superoffice.person"} 4');
    expect(text).toContain('gateway_dataloader_batch_size_count{loader="superoffice.person"} 2');
    expect(text).toContain('gateway_dataloader_batch_size_bucket{le="2",loader="superoffice.person"} 1');
  });

  it("keeps each gateway's metrics on its own registry", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.onBatch("x", 1);
    expect(await a.render()).toContain('gateway_dataloader_batch_size_count{loader="x"} 1');
    expect(await b.render()).not.toContain('loader="x"');
    expect(a.contentType).toMatch(/^text\/plain; version=0.0.4/);
  });
});
