import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayConfig } from "../config.js";
import { createContext, requestIdOf } from "../context.js";
import { combineObservers } from "../http/observer.js";
import { createLogger, errorSummary, type Logger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { createRequestLog } from "../observability/request-log.js";
import { upstreamLogObserver } from "../observability/upstream-log.js";
import { VendorRegistry } from "../vendors/registry.js";
import { createApollo } from "./apollo.js";
import { Drain, sleep } from "./drain.js";
import { graphqlHandler } from "./graphql-handler.js";
import { readinessRoute } from "./readiness.js";
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
}

/**
 * Starts the gateway: the vendor registry, Apollo Server, and a node:http server with the
 * routes (./routes.ts). Closing drains requests (./drain.ts), then the upstream pools.
 */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const registry = new VendorRegistry(config.connections, {
    timeoutMs: config.upstreamTimeoutMs,
    observer: combineObservers(metrics.upstreamObserver, upstreamLogObserver(logger)),
  });
  const requestLog = createRequestLog(logger);
  const apollo = await createApollo(config, logger, metrics, requestLog);
  const drain = new Drain();

  const route = router({
    graphql: graphqlHandler(apollo, async (req, requestId) => createContext(registry, req, requestId, metrics.onBatch), requestLog),
    ready: readinessRoute(registry, logger, () => drain.draining, options.readinessTimeoutMs),
    metrics: config.metrics ? metrics : undefined,
    playground: config.playground,
  });
  const server: Server = createServer((req, res) => {
    drain.track(res);
    const requestId = requestIdOf(req);
    res.setHeader("x-request-id", requestId);
    route(req, res, requestId).catch((error: unknown) => {
      logger.error({ err: errorSummary(error), requestId }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { error: "Internal server error" });
      else res.end();
    });
  });

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
    },
  };
}
