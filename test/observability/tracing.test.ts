import { randomBytes } from "node:crypto";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type GatewayConfig } from "../../src/config.js";
import { startGateway, type Gateway } from "../../src/server/index.js";
import { startTestSandboxes, type TestSandboxes } from "../support/sandboxes.js";
import { capturedLogger } from "./capture.js";

/**
 * OpenTelemetry against the sandboxes, exported to memory: the caller's traceparent is
 * continued, vendor calls are children of the operation span and carry the trace to the
 * vendor, and every log line of the request names the trace.
 */

const QUERY = `query TracedRelation { contactRelation(id: 1010) { id source { __typename } target { __typename } } }`;

function traceparent() {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

async function post(gateway: Gateway, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { res, body: (await res.json()) as { data?: unknown; errors?: Array<{ extensions: { code: string } }> } };
}

const secretsOf = (config: GatewayConfig) => [
  config.connections.SUPEROFFICE.default!.authorization!.split(" ")[1]!,
  config.connections.SUPEROFFICE.default!.appToken ?? "",
  config.connections.HIGHLEVEL.default!.token!,
  config.connections.CUSTOMER_INSIGHTS.default!.token!,
];

describe("tracing", () => {
  let sandboxes: TestSandboxes;
  let config: GatewayConfig;
  let gateway: Gateway;
  const exporter = new InMemorySpanExporter();
  const log = capturedLogger("debug");

  beforeAll(async () => {
    sandboxes = await startTestSandboxes(["CUSTOMER_INSIGHTS", "SUPEROFFICE", "HIGHLEVEL"]);
    config = { ...loadConfig({}), port: 0, connections: sandboxes.connections };
    gateway = await startGateway(config, { logger: log.logger, spanExporter: exporter });
  });
  afterAll(async () => {
    await gateway?.close();
    await sandboxes?.close();
  });
  beforeEach(() => {
    exporter.reset();
    sandboxes.superoffice!.clearRequests();
    sandboxes.superoffice!.clearFaults();
  });

  const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const serverSpan = (spans: ReadableSpan[]) => spans.find((s) => s.kind === SpanKind.SERVER)!;

  it("continues the caller's trace: one operation span, a child span per vendor call, the traceparent sent on", async () => {
    const caller = traceparent();
    const { res, body } = await post(gateway, QUERY, { traceparent: caller.header, "x-request-id": "trace-1" });
    expect(res.status).toBe(200);
    expect(body.errors).toBeUndefined();

    const spans = spansOf(caller.traceId);
    const operation = serverSpan(spans);
    expect(operation.name).toBe("query TracedRelation");
    expect(operation.parentSpanContext?.spanId).toBe(caller.spanId);
    expect(operation.attributes).toMatchObject({
      "graphql.operation.name": "TracedRelation",
      "graphql.operation.type": "query",
      "gateway.outcome": "success",
      "gateway.request_id": "trace-1",
      "http.request.method": "POST",
      "http.route": "/graphql",
      "http.response.status_code": 200,
    });

    const calls = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(calls.map((s) => s.name)).toContain("GET /Relation/{}");
    for (const call of calls) {
      expect(call.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
      expect(call.attributes).toMatchObject({
        "gateway.vendor": "SUPEROFFICE",
        "gateway.connection": "default",
        "http.request.method": "GET",
        "url.template": expect.stringMatching(/^\/[A-Za-z]+\/\{\}$/),
        "http.response.status_code": 200,
      });
    }

    // The vendor saw the trace: same trace id, and the vendor call's span as parent.
    const received = sandboxes.superoffice!.requests.map((r) => String(r.headers.traceparent));
    expect(received).toHaveLength(calls.length);
    for (const header of received) {
      const [, traceId, parentId] = header.split("-");
      expect(traceId).toBe(caller.traceId);
      expect(calls.map((c) => c.spanContext().spanId)).toContain(parentId);
    }
  });

  it("puts no URL, query string, id or credential in any span attribute", async () => {
    const caller = traceparent();
    await post(gateway, QUERY, { traceparent: caller.header });
    const values = spansOf(caller.traceId).flatMap((s) => Object.values(s.attributes).flat().map(String));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(value).not.toMatch(/https?:|127\.0\.0\.1|\?|1010/);
      for (const secret of secretsOf(config)) if (secret.length >= 8) expect(value).not.toContain(secret);
    }
  });

  it("writes the trace id on every log line of the request", async () => {
    const caller = traceparent();
    await post(gateway, QUERY, { traceparent: caller.header, "x-request-id": "trace-logs" });
    const lines = log.lines().filter((l) => l.requestId === "trace-logs");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatchObject({ traceId: caller.traceId, spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it("starts a new trace when the caller sends none", async () => {
    exporter.reset();
    await post(gateway, QUERY);
    const operation = serverSpan(exporter.getFinishedSpans());
    expect(operation.parentSpanContext).toBeUndefined();
    const [, traceId] = String(sandboxes.superoffice!.requests[0]!.headers.traceparent).split("-");
    expect(traceId).toBe(operation.spanContext().traceId);
  });

  it("marks a failed vendor call and the operation as errors, with the gateway's error code", async () => {
    sandboxes.superoffice!.injectFault({ status: 503, body: "down" }, { times: 10 });
    const caller = traceparent();
    const { body } = await post(gateway, QUERY, { traceparent: caller.header });
    expect(body.errors?.[0]?.extensions.code).toBe("UPSTREAM_UNAVAILABLE");
    const spans = spansOf(caller.traceId);
    const operation = serverSpan(spans);
    expect(operation.status.code).toBe(SpanStatusCode.ERROR);
    expect(operation.attributes).toMatchObject({ "gateway.outcome": "error", "gateway.error_codes": ["UPSTREAM_UNAVAILABLE"] });
    const calls = spans.filter((s) => s.kind === SpanKind.CLIENT);
    // Reads are retried: one span per attempt, the retries counted.
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      expect(call.status.code).toBe(SpanStatusCode.ERROR);
      expect(call.attributes).toMatchObject({ "http.response.status_code": 503, "error.type": "UPSTREAM_UNAVAILABLE" });
    }
    expect(calls.map((c) => c.attributes["http.request.resend_count"])).toContain(1);
  });
});

describe("without tracing", () => {
  it("sends no traceparent to vendors and adds no trace fields to logs, even when the caller sends one", async () => {
    const sandboxes = await startTestSandboxes(["SUPEROFFICE"]);
    const log = capturedLogger("info");
    const gateway = await startGateway({ ...loadConfig({}), port: 0, connections: sandboxes.connections }, { logger: log.logger });
    try {
      await post(gateway, QUERY, { traceparent: traceparent().header, "x-request-id": "untraced" });
      expect(sandboxes.superoffice!.requests.length).toBeGreaterThan(0);
      for (const req of sandboxes.superoffice!.requests) expect(req.headers.traceparent).toBeUndefined();
      const lines = log.lines().filter((l) => l.requestId === "untraced");
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.traceId).toBeUndefined();
    } finally {
      await gateway.close();
      await sandboxes.close();
    }
  });
});

describe("with the collector down", () => {
  it("still answers, and still stops cleanly within the shutdown budget", async () => {
    const log = capturedLogger("info");
    // Port 9 on loopback: nothing listens, the exporter's connections are refused.
    const tracing = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" }).tracing;
    const gateway = await startGateway({ ...loadConfig({}), port: 0, shutdownTimeoutMs: 300, tracing }, { logger: log.logger });
    const { res } = await post(gateway, "{ connections { name } }");
    expect(res.status).toBe(200);
    const started = Date.now();
    await gateway.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(log.text()).not.toMatch(/"stack"/);
  });
});
