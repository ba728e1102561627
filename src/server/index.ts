import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { createAuthenticator } from "../auth/authenticator.js";
import { devPublicJwks } from "../auth/dev-keys.js";
import type { GatewayConfig } from "../config.js";
import { createContext, requestIdOf } from "../context.js";
import { createCredentialStore } from "../credentials/index.js";
import { combineObservers } from "../http/observer.js";
import { createLogger, errorSummary, logLinesDropped, type Logger } from "../observability/logger.js";
import { credentialLog } from "../observability/credential-log.js";
import { credentialMetrics } from "../observability/credential-metrics.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { startTracing } from "../observability/tracing.js";
import { createRequestLog } from "../observability/request-log.js";
import { upstreamLogObserver } from "../observability/upstream-log.js";
import { VendorRegistry } from "../vendors/registry.js";
import { createSafeWrites } from "../writes/index.js";
import { createApollo } from "./apollo.js";
import { callerGate } from "./authenticate.js";
import { corsPolicy } from "./cors.js";
import { Drain, sleep } from "./drain.js";
import { graphqlHandler } from "./graphql-handler.js";
import { ReadinessChecker, readinessRoute } from "./readiness.js";
import { sendJson } from "./respond.js";
import { router } from "./routes.js";

export interface Gateway {
  /** http://HOST:PORT */
  readonly url: string;
  readonly registry: VendorRegistry;
  readonly metrics: Metrics;
  /** Stops accepting, lets in-flight requests finish (bounded), closes upstream pools. */
  close(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  /** How long /ready waits for each vendor origin to answer its probe (default 2000 ms). */
  readinessTimeoutMs?: number;
  /** Traces every operation to this exporter, whatever the config says (tests pass an in-memory one). */
  spanExporter?: SpanExporter;
}

/**
 * Starts the gateway: the vendor registry, Apollo Server, and a node:http server with the
 * routes (./routes.ts). Closing drains requests (./drain.ts), then the upstream pools.
 */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const logger =
    options.logger ??
    createLogger({ level: config.logLevel, traceIds: config.tracing !== undefined || options.spanExporter !== undefined, maxBufferBytes: config.logBufferMaxBytes });
  // Process and Node.js series only where /metrics serves them.
  const metrics = createMetrics({ processMetrics: config.metrics, logLinesDropped: () => logLinesDropped(logger) });
  const tracing = await startTracing(config.tracing, { logger, exporter: options.spanExporter });
  const credentialStore = await createCredentialStore(config, (error) => logger.warn({ err: errorSummary(error) }, "credential store unavailable"));
  const refreshMetrics = credentialMetrics(metrics.registry, () => registry);
  const refreshLog = credentialLog(logger);
  const registry: VendorRegistry = new VendorRegistry(config.connections, {
    timeoutMs: config.upstreamTimeoutMs,
    maxResponseBytes: config.upstreamMaxResponseBytes,
    observer: combineObservers(metrics.upstreamObserver, upstreamLogObserver(logger)),
    tracer: tracing?.upstream,
    credentials: {
      store: credentialStore,
      observer: { refreshed: (record) => (refreshMetrics.refreshed(record), refreshLog.refreshed(record)) },
    },
  });
  const { writes, store } = await createSafeWrites(config, logger);
  const requestLog = createRequestLog(logger);
  const apollo = await createApollo(config, logger, metrics, requestLog, tracing?.apolloPlugin);
  const drain = new Drain();
  const cors = corsPolicy(config.cors);
  const callers = callerGate(await createAuthenticator(config.auth, logger), requestLog);

  const route = router({
    graphql: callers.guard(
      graphqlHandler(apollo, {
        context: async (req, requestId, budget) =>
          createContext({ registry, writes, onBatch: metrics.onBatch }, req, requestId, budget, callers.callerOf(req)),
        limits: {
          requestTimeoutMs: config.requestTimeoutMs,
          maxConcurrentCalls: config.requestMaxConcurrentCalls,
          maxRequestBytes: config.maxRequestBytes,
          maxQueryTokens: config.limits.maxTokens,
        },
        requestLog,
        tracing,
      }),
    ),
    ready: readinessRoute(
      new ReadinessChecker(registry, { timeoutMs: options.readinessTimeoutMs, cacheMs: config.readyCacheMs }),
      logger,
      () => drain.draining,
    ),
    preflight: cors.preflight,
    metrics: config.metrics ? metrics : undefined,
    playground: config.playground,
    // Config refuses AUTH_DEV under NODE_ENV=production, so this route never exists there.
    devJwks: config.auth.mode === "jwt" && config.auth.dev ? await devPublicJwks(config.auth.devKeyDir) : undefined,
  });
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    drain.track(res);
    const requestId = requestIdOf(req);
    res.setHeader("x-request-id", requestId);
    cors.decorate(req, res);
    route(req, res, requestId).catch((error: unknown) => {
      logger.error({ err: errorSummary(error), requestId }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { error: "Internal server error" });
      else res.end();
    });
  };
  // Slow clients: headers and body must arrive within requestReadTimeoutMs (node answers 408 and closes).
  const server: Server = createServer(
    {
      headersTimeout: config.requestReadTimeoutMs,
      requestTimeout: config.requestReadTimeoutMs,
      // How often node checks those two; its 30 s default would let a trickle run that much longer.
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(config.requestReadTimeoutMs / 4))),
    },
    handle,
  );

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
      const deadline = Date.now() + config.shutdownTimeoutMs;
      await drain.close(server, config.shutdownTimeoutMs);
      await apollo.stop();
      // Pools wait for their in-flight upstream calls; those of cut-off requests get what is left of the budget.
      await Promise.race([registry.close(), sleep(Math.max(deadline - Date.now(), 250))]);
      await store.close();
      await credentialStore.close();
      // Buffered spans are exported last, so they include the calls that just finished.
      if (tracing) await Promise.race([tracing.shutdown(), sleep(Math.max(deadline - Date.now(), 1000))]);
    },
  };
}
