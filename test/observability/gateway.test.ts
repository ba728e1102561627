import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type GatewayConfig } from "../../src/config.js";
import { playgroundAssets } from "../../src/playground/assets.js";
import { playgroundPage } from "../../src/playground/page.js";
import { loadExamples } from "../../src/playground/examples.js";
import { startTestSandboxes as startSandboxes, type TestSandboxes as RunningSandboxes } from "../support/sandboxes.js";
import { startGateway, type Gateway } from "../../src/server/index.js";
import { capturedLogger } from "./capture.js";

/** The credentials the gateway holds for the sandboxes: none of them may show up in any output. */
function secretsOf(config: GatewayConfig): string[] {
  const c = config.connections;
  return [
    ...Object.values(c.CUSTOMER_INSIGHTS).map((x) => x.token ?? ""),
    ...Object.values(c.SUPEROFFICE).flatMap((x) => [x.authorization!.split(/\s+/)[1]!, x.appToken ?? ""]),
    ...Object.values(c.HIGHLEVEL).map((x) => x.token ?? ""),
  ].filter((s) => s.length >= 8);
}

async function post(gateway: Gateway, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { res, body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
}

describe("gateway as operators meet it", () => {
  let sandboxes: RunningSandboxes;
  let config: GatewayConfig;
  let gateway: Gateway;
  const log = capturedLogger("debug");

  beforeAll(async () => {
    sandboxes = await startSandboxes(["CUSTOMER_INSIGHTS", "SUPEROFFICE", "HIGHLEVEL"]);
    config = { ...loadConfig({}), port: 0, connections: sandboxes.connections };
    gateway = await startGateway(config, { logger: log.logger, readinessTimeoutMs: 500 });
  });
  afterAll(async () => {
    await gateway?.close();
    await sandboxes?.close();
  });

  it("GET /health answers ok", async () => {
    const res = await fetch(`${gateway.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /ready lists every configured vendor connection as reachable and ready", async () => {
    const res = await fetch(`${gateway.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ready",
      vendors: [
        { vendor: "CUSTOMER_INSIGHTS", connection: "default", sandbox: true, reachable: true, ready: true },
        { vendor: "SUPEROFFICE", connection: "default", sandbox: true, reachable: true, ready: true },
        { vendor: "HIGHLEVEL", connection: "default", sandbox: true, reachable: true, ready: true },
      ],
    });
  });

  it("serves the playground at / and to browsers at /graphql: a page with the examples, its files from this gateway", async () => {
    for (const [path, accept] of [
      ["/", "*/*"],
      ["/graphql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],
    ] as const) {
      const res = await fetch(`${gateway.url}${path}`, { headers: { accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      const html = await res.text();
      expect(html).toContain('"endpoint":"/graphql"');
      expect(html).toContain("CRM relations gateway");
      for (const example of loadExamples()) expect(html).toContain(JSON.stringify(example.query).slice(1, -1));
      // Nothing is loaded from elsewhere: no external script, stylesheet, image or CSS import.
      expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/@import\s+(url\()?["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    }
  });

  it("serves the page's scripts, styles and fonts, cacheable for good, gzipped when asked", async () => {
    const html = await (await fetch(`${gateway.url}/`)).text();
    const linked = [...html.matchAll(/(?:src|href)="(\/playground\/[^"]+)"/g)].map((m) => m[1]!);
    expect([...linked].sort()).toEqual(playgroundAssets().map((a) => a.path).sort());
    const fonts: string[] = [];
    for (const path of linked) {
      const res = await fetch(`${gateway.url}${path}`, { headers: { "accept-encoding": "gzip" } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toMatch(path.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("content-encoding"), path).toBe("gzip");
      const text = await res.text();
      // Nothing from elsewhere in the files either (GraphiQL's bundle names its docs in strings, never loads them).
      if (path.endsWith(".css")) {
        expect(text, path).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
        fonts.push(...[...text.matchAll(/url\((\/playground\/font\.[^)]+)\)/g)].map((m) => m[1]!));
      }
    }
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect((await fetch(`${gateway.url}${font}`)).headers.get("content-type"), font).toMatch(/^font\/woff2?$/);
    expect((await fetch(`${gateway.url}/playground/graphiql.0000000000.js`)).status).toBe(404);
  });

  it("keeps the playground light: the page and the files it links under 1.3 MB (the GraphiQL 5 page was 9 MB)", () => {
    const total = Buffer.byteLength(playgroundPage().html) + playgroundAssets().reduce((sum, a) => sum + a.body.length, 0);
    expect(total).toBeLessThan(1_300_000);
  });

  it("keeps GraphQL over GET working for API clients at /graphql", async () => {
    const res = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent("{ connections { name } }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { connections: [{ name: "default" }, { name: "default" }, { name: "default" }] } });
  });

  it("runs every playground example against the sandboxes without errors", async () => {
    for (const example of loadExamples()) {
      const { res, body } = await post(gateway, example.query);
      expect(res.status, example.name).toBe(200);
      expect(body.errors, example.name).toBeUndefined();
      const [root] = Object.values(body.data ?? {}) as Array<Record<string, unknown> | null>;
      expect(root, example.name).toBeTruthy();
      if (root && "userErrors" in root) expect(root.userErrors, example.name).toEqual([]);
    }
  });

  it("echoes the caller's request id and logs one line per GraphQL request and per upstream call with it", async () => {
    const { res } = await post(
      gateway,
      `query RelationLogProbe { contactRelation(id: 1010) { source { __typename } target { __typename } } }`,
      { "x-request-id": "probe-req-42" },
    );
    expect(res.headers.get("x-request-id")).toBe("probe-req-42");
    const lines = log.lines().filter((l) => l.requestId === "probe-req-42");
    const graphqlLines = lines.filter((l) => l.operationName !== undefined);
    expect(graphqlLines).toEqual([
      expect.objectContaining({
        level: "info",
        operationName: "RelationLogProbe",
        operationType: "query",
        outcome: "success",
        durationMs: expect.any(Number),
      }),
    ]);
    const upstream = lines.filter((l) => l.vendor !== undefined);
    expect(upstream.length).toBeGreaterThanOrEqual(1);
    // The request's line counts its vendor calls, whose own lines (reads: debug) are left out at the default level.
    expect(graphqlLines[0]!.upstreamCalls).toBe(upstream.length);
    for (const line of upstream) {
      expect(line).toMatchObject({ vendor: "SUPEROFFICE", connection: "default", status: 200, durationMs: expect.any(Number) });
      expect(Object.keys(line).sort()).toEqual(
        ["attempt", "connection", "durationMs", "level", "method", "msg", "operation", "requestId", "status", "time", "vendor"].sort(),
      );
    }
    expect(upstream.map((l) => l.operation)).toContain("/Relation/{}");
  });

  it("logs requests refused before GraphQL runs (no JSON, no query) at info, saying why", async () => {
    for (const [id, body] of [
      ["refused-json", "{ not json"],
      ["refused-empty", "{}"],
    ]) {
      const res = await fetch(`${gateway.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-request-id": id! }, body });
      expect(res.status).toBe(400);
    }
    expect(log.lines().filter((l) => String(l.requestId).startsWith("refused-"))).toMatchObject([
      { level: "info", requestId: "refused-json", status: 400, msg: "graphql bad request: Request body is not valid JSON" },
      { level: "info", requestId: "refused-empty", status: 400, msg: "graphql bad request: POST body missing, invalid Content-Type, or JSON object has no keys." },
    ]);
  });

  it("logs a validation failure once, at info, saying what failed", async () => {
    await post(gateway, `query Nickname { contact(vendor: SUPEROFFICE, id: "11") { nickname } }`, { "x-request-id": "probe-invalid" });
    expect(log.lines().filter((l) => l.requestId === "probe-invalid")).toMatchObject([
      {
        level: "info",
        operationName: "Nickname",
        errorCodes: ["GRAPHQL_VALIDATION_FAILED"],
        msg: expect.stringMatching(/^graphql query Nickname validation failed: Cannot query field "nickname" on type "Contact"\./),
      },
    ]);
  });

  it("exposes Prometheus metrics for operations, upstream calls, DataLoader batches and in-flight calls", async () => {
    await post(gateway, `query MetricsProbe { contact(vendor: SUPEROFFICE, id: "11") { name persons { fullName } } }`);
    const res = await fetch(`${gateway.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toMatch(/^gateway_graphql_operations_total\{operation="MetricsProbe",type="query",outcome="success"\} 1$/m);
    expect(text).toMatch(/^gateway_graphql_operation_duration_seconds_count\{operation="MetricsProbe",type="query",outcome="success"\} 1$/m);
    expect(text).toMatch(/^gateway_upstream_requests_total\{vendor="SUPEROFFICE",connection="default",method="GET",operation="\/Contact\/\{\}",status="200"\} \d+$/m);
    expect(text).toMatch(/^gateway_upstream_request_duration_seconds_count\{vendor="SUPEROFFICE",connection="default",method="GET",operation="\/Contact\/\{\}",status="200"\} \d+$/m);
    expect(text).toMatch(/^gateway_dataloader_batch_size_count\{loader="[^"]+"\} \d+$/m);
    expect(text).toMatch(/^gateway_upstream_in_flight_requests\{vendor="SUPEROFFICE",connection="default"\} 0$/m);
  });

  it("reports an error outcome and the upstream status when a vendor fails", async () => {
    const so = sandboxes.superoffice!;
    so.injectFault({ status: 503, body: { Message: "maintenance" } }, { times: 10 });
    const { body } = await post(gateway, `query FailingProbe { contactRelation(id: 1001) { id } }`, { "x-request-id": "probe-fail" });
    so.clearFaults();
    expect(body.errors).toMatchObject([{ extensions: { code: "UPSTREAM_UNAVAILABLE", vendor: "SUPEROFFICE", status: 503 } }]);
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toMatch(/^gateway_graphql_operations_total\{operation="FailingProbe",type="query",outcome="error"\} 1$/m);
    expect(text).toMatch(/status="503"\} \d+$/m);
    expect(log.lines().filter((l) => l.requestId === "probe-fail" && l.operationName)).toMatchObject([
      { level: "warn", outcome: "error", errorCodes: ["UPSTREAM_UNAVAILABLE"] },
    ]);
  });

  it("never writes a credential to the log, the metrics or an error", async () => {
    const secrets = secretsOf(config);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    for (const secret of secrets) {
      expect(log.text()).not.toContain(secret);
      expect(metrics).not.toContain(secret);
    }
    expect(log.text()).not.toMatch(/127\.0\.0\.1:\d+\//);
  });

  it("answers 404 with a hint for unknown paths and 405 for other methods", async () => {
    const res = await fetch(`${gateway.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "No route for /nope; GraphQL is served at /graphql" });
    expect((await fetch(`${gateway.url}/health`, { method: "POST" })).status).toBe(405);
  });
});

describe("switches and readiness failures", () => {
  it("PLAYGROUND=off and METRICS=off answer 404", async () => {
    const config = { ...loadConfig({ PLAYGROUND: "off", METRICS: "off", SANDBOX: "off" }), port: 0 };
    const gateway = await startGateway(config, { logger: capturedLogger().logger });
    try {
      expect((await fetch(`${gateway.url}/`)).status).toBe(404);
      expect((await fetch(`${gateway.url}/graphql`, { headers: { accept: "text/html" } })).status).toBe(404);
      expect((await fetch(`${gateway.url}${playgroundAssets()[0]!.path}`)).status).toBe(404);
      expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
      // No vendor configured at all is not ready: every operation would fail NOT_CONFIGURED.
      const ready = await fetch(`${gateway.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable", reason: "No vendor is configured: every operation would fail with NOT_CONFIGURED", vendors: [] });
    } finally {
      await gateway.close();
    }
  });

  it("introspection follows INTROSPECTION, not NODE_ENV", async () => {
    const query = JSON.stringify({ query: "{ __schema { queryType { name } } }" });
    const ask = async (gateway: Gateway) =>
      (await fetch(`${gateway.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: query })).json();
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    const on = await startGateway({ ...loadConfig({ SANDBOX: "off" }), port: 0 }, { logger: capturedLogger().logger });
    const off = await startGateway({ ...loadConfig({ SANDBOX: "off", INTROSPECTION: "off" }), port: 0 }, { logger: capturedLogger().logger });
    process.env.NODE_ENV = previous;
    try {
      expect(await ask(on)).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
      expect(await ask(off)).toMatchObject({ errors: [{ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
    } finally {
      await on.close();
      await off.close();
    }
  });

  it("GET /ready is 503 naming the vendor and connection whose origin is down, without its URL", async () => {
    const sandboxes = await startSandboxes(["SUPEROFFICE", "HIGHLEVEL"]);
    const config = { ...loadConfig({}), port: 0, connections: sandboxes.connections };
    const log = capturedLogger();
    const gateway = await startGateway(config, { logger: log.logger, readinessTimeoutMs: 500 });
    try {
      const hl = sandboxes.highlevel!;
      await hl.close();
      const res = await fetch(`${gateway.url}/ready`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        status: "unavailable",
        reason: "Not ready: HIGHLEVEL connection 'default' (ECONNREFUSED)",
        vendors: [
          { vendor: "SUPEROFFICE", connection: "default", sandbox: true, reachable: true, ready: true },
          {
            vendor: "HIGHLEVEL",
            connection: "default",
            sandbox: true,
            reachable: false,
            ready: false,
            error: "ECONNREFUSED",
            reason: "HighLevel (connection 'default') could not be reached (ECONNREFUSED)",
          },
        ],
      });
      expect(text).not.toContain("127.0.0.1");
      expect(log.text()).not.toContain("127.0.0.1");
      expect(log.lines()).toContainEqual(expect.objectContaining({ level: "warn", msg: "not ready: a vendor connection failed its check" }));
    } finally {
      await gateway.close();
      await sandboxes.close();
    }
  });

  it("GET /ready is 503 while a sandbox hangs", async () => {
    const sandboxes = await startSandboxes(["SUPEROFFICE"]);
    const config = { ...loadConfig({}), port: 0, connections: sandboxes.connections };
    const gateway = await startGateway(config, { logger: capturedLogger().logger, readinessTimeoutMs: 200 });
    try {
      sandboxes.superoffice!.injectFault({ hang: true });
      const res = await fetch(`${gateway.url}/ready`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ vendors: [{ vendor: "SUPEROFFICE", reachable: false, error: "TIMEOUT" }] });
    } finally {
      await gateway.close();
      await sandboxes.close();
    }
  });
});
