import { ConfigError, loadConfig, unconfiguredVendors, type GatewayConfig } from "./config.js";
import { createLogger, drainLogs, endLogs, errorSummary, type Logger } from "./observability/logger.js";
import { startSandboxes, type RunningSandboxes } from "./sandbox/index.js";
import { startGateway, type Gateway } from "./server/index.js";
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
  const logger = createLogger({ level: config.logLevel, traceIds: config.tracing !== undefined, maxBufferBytes: config.logBufferMaxBytes });

  const { gateway, sandboxes } = await startServing(config, logger);
  logAuth(config, logger);
  logger.info({ url: `${gateway.url}/graphql` }, `Gateway ready at ${gateway.url}/graphql`);

  let stopping = false;
  /** Exits without waiting on the log destination (a pipe nobody reads must not keep the process). */
  const exit = (code: number): never => {
    endLogs(logger);
    process.exit(code);
  };
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal means "now": skip the drain, and the log lines still waiting.
      logger.warn({ signal }, "second signal: exiting without waiting for in-flight requests");
      exit(1);
    }
    stopping = true;
    const started = performance.now();
    const deadline = Date.now() + config.shutdownTimeoutMs;
    logger.info({ signal, shutdownTimeoutMs: config.shutdownTimeoutMs }, "shutting down: finishing in-flight requests");
    try {
      // gateway.close() stops accepting, waits for in-flight requests (bounded) and closes upstream pools.
      await gateway.close();
      await sandboxes?.close();
    } catch (error) {
      logger.error({ err: errorSummary(error) }, "shutdown failed");
      exit(1);
    }
    logger.info({ durationMs: Math.round(performance.now() - started) }, "stopped");
    // The log lines still waiting get what is left of SHUTDOWN_TIMEOUT_MS.
    await drainLogs(logger, deadline);
    exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/**
 * Sandboxes for the unconfigured vendors (their connections in SANDBOX_CREDENTIALS' modes), the
 * gateway, and one startup line per connection: what `npm start` runs, and what tests start.
 */
export async function startServing(config: GatewayConfig, logger: Logger): Promise<{ gateway: Gateway; sandboxes?: RunningSandboxes }> {
  let sandboxes: RunningSandboxes | undefined;
  const missing = unconfiguredVendors(config.connections);
  if (config.sandbox && missing.length > 0) {
    // Their token endpoints issue tokens that live SANDBOX_TOKEN_TTL_S, so expiry can be tried out.
    const options = Object.fromEntries(missing.map((vendor) => [vendor, { tokenTtlSeconds: config.sandboxTokenTtlSeconds }]));
    // A rotating refresh token needs no store that outlives the process here: the sandbox that
    // granted it forgets it at exit too (config.ts asks for one only for vendors configured for real).
    sandboxes = await startSandboxes(missing, options, config.sandboxSettings, config.sandboxCredentials);
    for (const vendor of missing) Object.assign(config.connections[vendor], sandboxes.connections[vendor]);
  }
  const gateway = await startGateway(config, { logger }).catch(async (error: unknown) => {
    await sandboxes?.close();
    throw listenError(error, config) ?? error;
  });
  for (const { vendor, name, sandbox } of gateway.registry.list()) {
    if (!sandbox) {
      logger.info({ vendor, connection: name, sandbox }, `${labelOf(vendor)} '${name}': vendor API`);
      continue;
    }
    const mode = config.sandboxCredentials[vendor];
    // Caller mode: the header a caller brings its token in (README, "Vendor credentials on the sandboxes").
    const header = mode === "caller" ? (config.connections[vendor] as Record<string, { callerHeader?: string }>)[name]?.callerHeader : undefined;
    const how = header ? `caller, header ${header}` : mode;
    logger.info({ vendor, connection: name, sandbox, credentials: mode }, `${labelOf(vendor)} '${name}': built-in sandbox (credentials: ${how})`);
  }
  for (const vendor of config.sandbox ? [] : missing) {
    logger.warn(
      { vendor },
      `${labelOf(vendor)}: not configured and sandboxes are off (${process.env.SANDBOX ? `SANDBOX=${process.env.SANDBOX}` : "NODE_ENV=production"}); its operations fail with NOT_CONFIGURED`,
    );
  }
  return { gateway, sandboxes };
}

/** What to do about a port the gateway could not listen on; undefined for any other failure. */
function listenError(error: unknown, config: GatewayConfig): Error | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === "EADDRINUSE") return new Error(`${where} is in use by another process: stop it, or set PORT to a free port (PORT=4001 npm start)`);
  if (code === "EACCES") return new Error(`${where} needs privileges this process lacks: set PORT to 1024 or above`);
  if (code === "EADDRNOTAVAIL") return new Error(`${config.host} is no address of this machine: set HOST (127.0.0.1, or 0.0.0.0 for all)`);
  return undefined;
}

/** One startup line saying who may call: an open gateway in production is said out loud. */
function logAuth({ auth }: GatewayConfig, logger: Logger): void {
  if (auth.mode === "jwt") {
    const keys = auth.jwksUrl ? `keys ${auth.jwksUrl.href}` : "the development key pair (AUTH_DEV=on; tokens: npm run token)";
    logger.info({ auth: "jwt", issuer: auth.issuer, audience: auth.audience }, `Caller authentication: bearer JWTs from ${auth.issuer}, ${keys}`);
  } else if (process.env.NODE_ENV?.trim() === "production") {
    logger.warn({ auth: "off" }, "Caller authentication: off (AUTH=off): every caller reaching this port may use every connection");
  } else {
    logger.info({ auth: "off" }, "Caller authentication: off (set AUTH_JWKS_URL to require tokens; README, Authentication)");
  }
}
