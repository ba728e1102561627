import { ApolloServer } from "@apollo/server";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../src/errors.js";
import { HttpClient } from "../../src/http/client.js";
import { combineObservers } from "../../src/http/observer.js";
import { urlPath } from "../../src/http/path.js";
import { createLogger } from "../../src/observability/logger.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { requestLogPlugin } from "../../src/observability/request-log.js";
import { upstreamLogObserver } from "../../src/observability/upstream-log.js";
import { startSandboxServer, type RunningSandboxServer } from "../../src/sandbox/http.js";
import { capturedLogger } from "./capture.js";

const SECRET = "tok-SUPERSECRET-4f1d9c";

describe("upstream call log", () => {
  let upstream: RunningSandboxServer;
  beforeAll(async () => {
    upstream = await startSandboxServer(async (req) =>
      req.path.endsWith("/missing") ? { status: 404, body: { message: `no ${SECRET}` } } : { status: 200, body: { echo: SECRET } },
    );
  });
  afterAll(() => upstream.close());

  function client(logger: ReturnType<typeof capturedLogger>["logger"], timeoutMs = 2000) {
    return new HttpClient({
      baseUrl: `${upstream.origin}/tenant-${SECRET}/api/v1`,
      target: { vendor: "SUPEROFFICE", connection: "default" }, name: "SuperOffice (connection 'default')",
      timeoutMs,
      observer: combineObservers(upstreamLogObserver(logger)),
    });
  }

  it("writes one line per call with labels and the path template, and never the URL, query, headers or body", async () => {
    const { logger, lines, text } = capturedLogger();
    const http = client(logger);
    const id = `rel-${SECRET}`;
    await http.request({
      method: "POST",
      path: urlPath`/Relation/${id}`,
      query: { token: SECRET },
      headers: { authorization: `Bearer ${SECRET}` },
      body: { secret: SECRET },
      requestId: "req-123",
    });
    const missing = await http.request({ method: "GET", path: urlPath`/Relation/${id}/missing`, requestId: "req-124" });
    await http.close();

    expect(missing.status).toBe(404);
    expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${SECRET}`); // it really was sent
    const logged = lines().map(({ time, durationMs, ...rest }) => {
      expect(typeof time).toBe("string");
      expect(typeof durationMs).toBe("number");
      return rest;
    });
    expect(logged).toEqual([
      {
        level: "info",
        msg: "upstream POST /Relation/{} 200",
        requestId: "req-123",
        vendor: "SUPEROFFICE",
        connection: "default",
        method: "POST",
        operation: "/Relation/{}",
        status: 200,
        attempt: 1,
      },
      {
        level: "info",
        msg: "upstream GET /Relation/{}/missing 404",
        requestId: "req-124",
        vendor: "SUPEROFFICE",
        connection: "default",
        method: "GET",
        operation: "/Relation/{}/missing",
        status: 404,
        attempt: 1,
      },
    ]);
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain("127.0.0.1");
  });

  it("logs a timeout as a warning with its error code and no status", async () => {
    const { logger, lines, text } = capturedLogger();
    const http = client(logger, 150);
    upstream.injectFault({ hang: true });
    const error = await http.request({ method: "POST", path: urlPath`/Relation`, requestId: "req-9" }).catch((e: unknown) => e);
    await http.close();
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("UPSTREAM_TIMEOUT");
    expect(lines()).toMatchObject([
      { level: "warn", requestId: "req-9", method: "POST", operation: "/Relation", errorCode: "UPSTREAM_TIMEOUT" },
    ]);
    expect(lines()[0]).not.toHaveProperty("status");
    expect(text()).not.toContain(SECRET);
  });
});

describe("GraphQL request log", () => {
  const typeDefs = `type Query { hello(token: String): String, broken(token: String): String }`;
  const resolvers = {
    Query: {
      hello: (_: unknown, args: { token?: string }) => `hi ${args.token}`,
      broken: () => {
        throw new UpstreamError("UNAUTHENTICATED", "HighLevel (connection 'default') rejected the connection's credentials", {
          vendor: "HIGHLEVEL",
          connection: "default",
        }, 401);
      },
    },
  };

  async function run(query: string, variables: Record<string, unknown>, requestId: string) {
    const { logger, lines, text } = capturedLogger();
    const metrics = createMetrics();
    const apollo = new ApolloServer<{ requestId: string }>({
      typeDefs,
      resolvers,
      plugins: [requestLogPlugin(logger), metrics.apolloPlugin],
      formatError: (formatted, error) => {
        const original = (error as { originalError?: unknown }).originalError;
        return original instanceof UpstreamError ? { message: original.message, extensions: original.extensions() } : formatted;
      },
    });
    await apollo.start();
    await apollo.executeOperation({ query, variables }, { contextValue: { requestId } });
    await apollo.stop();
    return { lines: lines(), text: text(), metrics: await metrics.render() };
  }

  it("logs request id, operation name and type, outcome and duration, and not the variables or result", async () => {
    const { lines, text, metrics } = await run("query Greeting($t: String) { hello(token: $t) }", { t: SECRET }, "req-abc");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "graphql query Greeting success",
      requestId: "req-abc",
      operationName: "Greeting",
      operationType: "query",
      outcome: "success",
    });
    expect(typeof lines[0]!.durationMs).toBe("number");
    expect(lines[0]).not.toHaveProperty("errorCodes");
    expect(text).not.toContain(SECRET);
    expect(metrics).toMatch(/gateway_graphql_operations_total\{operation="Greeting",type="query",outcome="success"\} 1/);
  });

  it("logs errors with their codes, at warn", async () => {
    const { lines, text, metrics } = await run(`{ broken(token: "${SECRET}") }`, {}, "req-err");
    expect(lines).toMatchObject([
      {
        level: "warn",
        requestId: "req-err",
        operationName: "anonymous",
        operationType: "query",
        outcome: "error",
        errorCodes: ["UNAUTHENTICATED"],
      },
    ]);
    expect(text).not.toContain(SECRET);
    expect(metrics).toMatch(/gateway_graphql_operations_total\{operation="anonymous",type="query",outcome="error"\} 1/);
  });

  it("counts a request that does not parse as unknown", async () => {
    const { lines, metrics } = await run(`{ hello(`, {}, "req-bad");
    expect(lines).toMatchObject([{ operationName: "unknown", operationType: "unknown", outcome: "error", errorCodes: ["GRAPHQL_PARSE_FAILED"] }]);
    expect(metrics).toMatch(/gateway_graphql_operations_total\{operation="unknown",type="unknown",outcome="error"\} 1/);
  });
});

describe("logger", () => {
  it("reduces errors to type and message: no stack, no cause, no extra properties", () => {
    const { logger, lines } = capturedLogger();
    const error = Object.assign(new Error("boom", { cause: SECRET }), { config: { headers: { authorization: SECRET } } });
    logger.error({ err: error, req: { headers: { authorization: SECRET } } }, "failed");
    expect(lines()).toMatchObject([{ level: "error", msg: "failed", err: { type: "Error", message: "boom" }, req: "[omitted]" }]);
    expect(JSON.stringify(lines())).not.toContain(SECRET);
    expect(JSON.stringify(lines())).not.toContain("stack");
  });

  it("respects the level", () => {
    const { logger, lines } = capturedLogger("warn");
    logger.info("hidden");
    logger.warn("shown");
    expect(lines().map((l) => l.msg)).toEqual(["shown"]);
  });

  it("writes human-readable lines (pino-pretty) when asked to be pretty", async () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger({ level: "info", pretty: true, destination });
    logger.info({ requestId: "req-7" }, "hello there");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const out = chunks.join("");
    expect(out).toMatch(/INFO.*hello there/);
    expect(out).toContain('requestId: "req-7"');
    expect(() => JSON.parse(out.split("\n")[0]!)).toThrow();
  });
});
