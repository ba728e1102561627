import { ApolloServer } from "@apollo/server";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "../../src/errors.js";
import { HttpClient } from "../../src/http/client.js";
import { combineObservers } from "../../src/http/observer.js";
import { urlPath } from "../../src/http/path.js";
import { createLogger } from "../../src/observability/logger.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { requestLogPlugin } from "../../src/observability/request-log.js";
import { variableProblem, whatFailed } from "../../src/observability/request-outcome.js";
import { ValidationError } from "../../src/errors.js";
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
        level: "debug",
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

  it("at level info keeps the writes and leaves out the answered reads (the request's line counts them)", async () => {
    const { logger, lines } = capturedLogger("info");
    const http = client(logger);
    await http.request({ method: "GET", path: urlPath`/Relation/${"1"}`, requestId: "req-read" });
    await http.request({ method: "DELETE", path: urlPath`/Relation/${"1"}`, requestId: "req-write" });
    await http.close();
    expect(lines()).toMatchObject([{ level: "info", requestId: "req-write", method: "DELETE", status: 200 }]);
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
  const typeDefs = `type Query { hello(token: String): String, broken(token: String): String, picky(id: ID): String, crash: String, count(n: Int!): Int }`;
  const resolvers = {
    Query: {
      hello: (_: unknown, args: { token?: string }) => `hi ${args.token}`,
      broken: () => {
        throw new UpstreamError("UNAUTHENTICATED", "HighLevel (connection 'default') rejected the connection's credentials", {
          vendor: "HIGHLEVEL",
          connection: "default",
        }, 401);
      },
      picky: () => {
        throw new ValidationError("id must be a positive number", ["id"]);
      },
      crash: () => {
        throw new TypeError(`cannot read ${SECRET}`);
      },
      count: (_: unknown, args: { n: number }) => args.n,
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
        if (original instanceof UpstreamError || original instanceof ValidationError) return { message: original.message, extensions: original.extensions() };
        return original instanceof TypeError ? { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } } : formatted;
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

  it("logs vendor trouble with its codes and what happened, at warn", async () => {
    const { lines, text, metrics } = await run(`{ broken(token: "${SECRET}") }`, {}, "req-err");
    expect(lines).toMatchObject([
      {
        level: "warn",
        msg: "graphql query anonymous failed with UNAUTHENTICATED: HighLevel (connection 'default') rejected the connection's credentials",
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

  it("says a request did not parse, at info, and counts it as unknown", async () => {
    const { lines, metrics } = await run(`{ hello(`, {}, "req-bad");
    expect(lines).toMatchObject([
      {
        level: "info",
        msg: "graphql parse failed: Syntax Error: Expected Name, found <EOF>.",
        operationName: "unknown",
        operationType: "unknown",
        outcome: "error",
        errorCodes: ["GRAPHQL_PARSE_FAILED"],
      },
    ]);
    expect(metrics).toMatch(/gateway_graphql_operations_total\{operation="unknown",type="unknown",outcome="error"\} 1/);
  });

  it("says validation failed with the first error and the operation's name, at info (metrics keep it unknown)", async () => {
    const { lines, text, metrics } = await run(`query Greeting { hello(token: "${SECRET}") nope also }`, {}, "req-invalid");
    expect(lines).toMatchObject([
      {
        level: "info",
        msg: 'graphql query Greeting validation failed: Cannot query field "nope" on type "Query". (+1 more)',
        operationName: "Greeting",
        operationType: "query",
        outcome: "error",
        errorCodes: ["GRAPHQL_VALIDATION_FAILED"],
      },
    ]);
    expect(text).not.toContain(SECRET);
    expect(metrics).toMatch(/gateway_graphql_operations_total\{operation="unknown",type="unknown",outcome="error"\} 1/);
  });

  it("says which variable was bad, never its value, at info", async () => {
    const { lines, text } = await run("query Counting($n: Int!) { count(n: $n) }", { n: SECRET }, "req-var");
    expect(lines).toMatchObject([
      { level: "info", msg: "graphql query Counting bad variables: $n has an invalid value", errorCodes: ["BAD_USER_INPUT"] },
    ]);
    expect(text).not.toContain(SECRET);
    const missing = await run("query Counting($n: Int!) { count(n: $n) }", {}, "req-var2");
    expect(missing.lines[0]!.msg).toBe('graphql query Counting bad variables: Variable "$n" of required type "Int!" was not provided.');
  });

  it("logs the gateway's own VALIDATION errors at info: the client's input was wrong", async () => {
    const { lines } = await run("query Picky { picky(id: 0) }", {}, "req-picky");
    expect(lines).toMatchObject([{ level: "info", msg: "graphql query Picky invalid input: id must be a positive number", errorCodes: ["VALIDATION"] }]);
  });

  it("logs an internal error at error, without its message", async () => {
    const { lines, text } = await run("query Crash { crash }", {}, "req-crash");
    expect(lines).toMatchObject([{ level: "error", msg: "graphql query Crash failed with INTERNAL_SERVER_ERROR: Internal server error" }]);
    expect(text).not.toContain(SECRET);
  });
});

describe("request outcome wording", () => {
  it("keeps the variable and the input path of a refused value, never the value", () => {
    expect(variableProblem(`Variable "$i" got invalid value "${SECRET}" at "i.sourceContactId"; Int cannot represent non-integer value: "${SECRET}"`)).toBe(
      "$i at i.sourceContactId has an invalid value",
    );
    expect(variableProblem(`Variable "$t" got invalid value { x: "${SECRET}" }; String cannot represent a non string value: { x: "${SECRET}" }`)).toBe(
      "$t has an invalid value",
    );
    expect(variableProblem('Variable "$n" of non-null type "Int!" must not be null.')).toBe('Variable "$n" of non-null type "Int!" must not be null.');
    expect(variableProblem(`something else entirely ${SECRET}`)).toBe("a variable has an invalid value");
  });

  it("caps the message at one line of 200 characters", () => {
    const said = whatFailed([{ message: `line one\n${"x".repeat(400)}`, extensions: { code: "UPSTREAM_BAD_RESPONSE" } }]);
    expect(said).not.toContain("\n");
    expect(said.length).toBeLessThanOrEqual("failed with UPSTREAM_BAD_RESPONSE: ".length + 200);
    expect(said).toMatch(/^failed with UPSTREAM_BAD_RESPONSE: line one x+\.\.\.$/);
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

describe("JSON lines to a file", () => {
  it("arrive whole and in order, multi-byte text included, even when the process exits right after logging them", () => {
    const dir = mkdtempSync(join(tmpdir(), "gateway-log-"));
    const file = join(dir, "lines.log");
    const logger = pathToFileURL(fileURLToPath(new URL("../../src/observability/logger.ts", import.meta.url))).href;
    // Thousands of lines logged in one go, then process.exit: most are still waiting for their write.
    // A file descriptor, as production's stdout is (a path is opened asynchronously).
    const script = `
      import { openSync } from "node:fs";
      import { createLogger } from ${JSON.stringify(logger)};
      const log = createLogger({ level: "info", file: openSync(${JSON.stringify(file)}, "w"), pretty: false, traceIds: false });
      for (let i = 0; i < 5000; i++) log.info({ i, text: "é€".repeat(i % 5) }, "line");
      process.exit(0);`;
    execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], { stdio: "pipe" });
    const lines = readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { i: number; text: string });
    rmSync(dir, { recursive: true });
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(lines.every((line) => line.text === "é€".repeat(line.i % 5))).toBe(true);
  });
});
