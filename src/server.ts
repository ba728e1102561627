import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayConfig } from "./config.js";
import { createContext, requestIdOf, type GatewayContext } from "./context.js";
import { combineObservers } from "./http/observer.js";
import { createFormatError } from "./graphql/format-error.js";
import { buildGatewaySchema } from "./graphql/schema.js";
import { checkReadiness } from "./health.js";
import { createLogger, errorSummary, type Logger } from "./observability/logger.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { requestLogPlugin } from "./observability/request-log.js";
import { upstreamLogObserver } from "./observability/upstream-log.js";
import { PLAYGROUND_CSP, playgroundPage } from "./playground/page.js";
import { VendorRegistry } from "./vendors/registry.js";

export interface Gateway {
  /** http://HOST:PORT */
  readonly url: string;
  readonly registry: VendorRegistry;
  readonly metrics: Metrics;
  /** Stops accepting, lets in-flight requests finish (bounded), closes upstream pools. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export interface GatewayOptions {
  logger?: Logger;
  /** How long /ready waits for each vendor origin to answer its probe (default 2000 ms). */
  readinessTimeoutMs?: number;
}

/**
 * The gateway's HTTP server: /graphql (Apollo), /health, /ready, /metrics and the playground,
 * on node:http so the extra routes need no framework.
 */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const registry = new VendorRegistry(config.connections, {
    timeoutMs: config.upstreamTimeoutMs,
    observer: combineObservers(metrics.upstreamObserver, upstreamLogObserver(logger)),
  });
  let draining = false;

  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    includeStacktraceInErrorResponses: false,
    // Explicit, so NODE_ENV=production (Apollo's switch for it) cannot silently break the playground.
    introspection: config.introspection,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would stop early and re-send the signal.
    stopOnTerminationSignals: false,
    formatError: createFormatError((error) => logger.error({ err: errorSummary(error) }, "internal error")),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // The schema is a subgraph: Apollo would otherwise announce (and add) federated tracing.
      ApolloServerPluginInlineTraceDisabled(),
      // No field sets cache hints; without this Apollo instruments every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      metrics.apolloPlugin,
      requestLogPlugin(logger),
    ],
  });
  await apollo.start();

  const inFlight = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    inFlight.add(res);
    res.on("close", () => inFlight.delete(res));
    const requestId = requestIdOf(req);
    res.setHeader("x-request-id", requestId);
    // While draining, keep-alive clients are told to reconnect elsewhere.
    if (draining) res.setHeader("connection", "close");
    route(req, res, requestId).catch((error: unknown) => {
      logger.error({ err: errorSummary(error), requestId }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { error: "Internal server error" });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const { pathname, searchParams } = new URL(req.url ?? "/", "http://gateway");
    const isGet = req.method === "GET" || req.method === "HEAD";
    if (pathname === "/graphql" && !(isGet && wantsHtml(req) && !searchParams.has("query"))) {
      return graphql(req, res, requestId);
    }
    if (!isGet) return sendJson(res, 405, { error: "Method not allowed" });
    if ((pathname === "/" || pathname === "/graphql") && config.playground) return sendPlayground(req, res);
    if (pathname === "/health") return sendJson(res, 200, { status: "ok" });
    if (pathname === "/ready") return ready(res);
    if (pathname === "/metrics" && config.metrics) {
      res.writeHead(200, { "content-type": metrics.contentType, "cache-control": "no-store" });
      return void res.end(req.method === "HEAD" ? undefined : await metrics.render());
    }
    sendJson(res, 404, { error: `No route for ${pathname}; GraphQL is served at /graphql` });
  }

  async function ready(res: ServerResponse): Promise<void> {
    if (draining) return sendJson(res, 503, { status: "draining", vendors: [] });
    const readiness = await checkReadiness(registry, options.readinessTimeoutMs);
    if (readiness.ready) return sendJson(res, 200, { status: "ready", vendors: readiness.vendors });
    const failing = readiness.vendors.filter((v) => !v.reachable);
    logger.warn(
      { unreachable: failing.map(({ vendor, connection, error }) => ({ vendor, connection, error })) },
      "not ready: vendor origin unreachable",
    );
    sendJson(res, 503, {
      status: "unavailable",
      reason: `Unreachable: ${failing.map((v) => `${v.vendor} connection '${v.connection}' (${v.error})`).join(", ")}`,
      vendors: readiness.vendors,
    });
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    let body: unknown;
    if (req.method === "POST") {
      const text = await readBody(req);
      if (text === undefined) return sendJson(res, 413, { errors: [{ message: `Request body exceeds ${MAX_BODY_BYTES} bytes` }] });
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        return sendJson(res, 400, { errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
      }
    }
    const request: HTTPGraphQLRequest = {
      method: req.method?.toUpperCase() ?? "GET",
      headers,
      search: new URL(req.url ?? "/", "http://gateway").search,
      body,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: async () => createContext(registry, req, requestId, metrics.onBatch),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`,
    registry,
    metrics,
    async close() {
      draining = true;
      const deadline = Date.now() + config.shutdownTimeoutMs;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([allAnswered(), sleep(config.shutdownTimeoutMs)]);
      server.closeAllConnections();
      await closed;
      await apollo.stop();
      // Pools wait for their in-flight upstream calls; those of cut-off requests get what is left of the budget.
      await Promise.race([registry.close(), sleep(Math.max(deadline - Date.now(), 250))]);
    },
  };

  /** Resolves once no request is in flight, including ones that arrived on kept-alive connections meanwhile. */
  function allAnswered(): Promise<void> {
    return new Promise((resolve) => {
      const watched = new WeakSet<ServerResponse>();
      const check = () => {
        if (inFlight.size === 0) return resolve();
        for (const res of inFlight) {
          if (watched.has(res)) continue;
          watched.add(res);
          res.once("close", () => setImmediate(check));
        }
      };
      check();
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** The request body, or undefined when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Browsers navigating to /graphql ask for HTML; API clients ask for JSON. */
function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").toLowerCase().includes("text/html");
}

function sendPlayground(req: IncomingMessage, res: ServerResponse): void {
  const page = playgroundPage();
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? page.gzip : page.body;
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-length": body.length,
    "content-security-policy": PLAYGROUND_CSP,
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache",
    vary: "accept, accept-encoding",
    ...(gzip && { "content-encoding": "gzip" }),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}
