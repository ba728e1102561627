import { ConfigError, loadConfig, unconfiguredVendors, type GatewayConfig } from "./config.js";
import { createLogger, errorSummary } from "./observability/logger.js";
import { startSandboxes, type RunningSandboxes } from "./sandbox/index.js";
import { startGateway } from "./server/index.js";
import { labelOf } from "./vendors/modules.js";

/** Config, sandboxes for unconfigured vendors, serve, stop cleanly on SIGTERM/SIGINT (started by ./main.ts). */
export async function serve(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, traceIds: config.tracing !== undefined });

  let sandboxes: RunningSandboxes | undefined;
  const missing = unconfiguredVendors(config.connections);
  if (config.sandbox && missing.length > 0) {
    // Their token endpoints issue tokens that live SANDBOX_TOKEN_TTL_S, so expiry can be tried out.
    const options = Object.fromEntries(missing.map((vendor) => [vendor, { tokenTtlSeconds: config.sandboxTokenTtlSeconds }]));
    sandboxes = await startSandboxes(missing, options, config.sandboxSettings);
    for (const vendor of missing) Object.assign(config.connections[vendor], sandboxes.connections[vendor]);
  }
  const gateway = await startGateway(config, { logger });
  for (const { vendor, name, sandbox } of gateway.registry.list()) {
    logger.info({ vendor, connection: name, sandbox }, `${labelOf(vendor)} '${name}': ${sandbox ? "built-in sandbox" : "vendor API"}`);
  }
  for (const vendor of config.sandbox ? [] : missing) {
    logger.warn(
      { vendor },
      `${labelOf(vendor)}: not configured and sandboxes are off (${process.env.SANDBOX ? `SANDBOX=${process.env.SANDBOX}` : "NODE_ENV=production"}); its operations fail with NOT_CONFIGURED`,
    );
  }
  logger.info({ url: `${gateway.url}/graphql` }, `Gateway ready at ${gateway.url}/graphql`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal means "now": skip the drain.
      logger.warn({ signal }, "second signal: exiting without waiting for in-flight requests");
      process.exit(1);
    }
    stopping = true;
    const started = performance.now();
    logger.info({ signal, shutdownTimeoutMs: config.shutdownTimeoutMs }, "shutting down: finishing in-flight requests");
    try {
      // gateway.close() stops accepting, waits for in-flight requests (bounded) and closes upstream pools.
      await gateway.close();
      await sandboxes?.close();
    } catch (error) {
      logger.error({ err: errorSummary(error) }, "shutdown failed");
      process.exit(1);
    }
    logger.info({ durationMs: Math.round(performance.now() - started) }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
