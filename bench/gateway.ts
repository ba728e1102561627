/**
 * The gateway in its own process, as bench/run.ts starts it (like the references and the
 * sandboxes): the default config with the sandboxes' connections, metrics on, and info-level
 * logs written as in production (src/observability/logger.ts's JSON lines) to /dev/null. BENCH_SERVER holds
 * {@link GatewayServerOptions}. Besides the common commands (bench/server-child.ts) it answers
 * `snapshot` (totals from its Prometheus registry) and `highLevel429s`.
 */
import { loadConfig, type GatewayConfig, type JwtAuthConfig } from "../src/config.js";
import { createLogger } from "../src/observability/logger.js";
import { startGateway } from "../src/server/index.js";
import type { GatewayServerOptions, GatewaySnapshot } from "./protocol.js";
import { serveBenchCommands, serverOptions } from "./server-child.js";

const options = serverOptions<GatewayServerOptions>();
// The defaults; BENCH_GATEWAY_ENV (JSON) sets env vars for experiments, e.g. {"METRICS":"false","LOG_LEVEL":"silent"}.
const base = loadConfig(JSON.parse(process.env.BENCH_GATEWAY_ENV ?? "{}") as Record<string, string>);
const config: GatewayConfig = {
  ...base,
  port: 0,
  host: "127.0.0.1",
  playground: false,
  connections: options.connections,
  ...(options.limitsOff && { limits: { maxDepth: 0, maxAliases: 0, maxRootFields: 0, maxIds: 0, maxCost: 0, maxTokens: 0 } }),
  ...(options.redisUrl && { redisUrl: options.redisUrl }),
  ...(options.auth && { auth: authConfig(options.auth) }),
};
/** Caller authentication as the env vars would set it (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE). */
function authConfig(auth: NonNullable<GatewayServerOptions["auth"]>): JwtAuthConfig {
  const env = { AUTH_JWKS_URL: auth.jwksUrl, AUTH_ISSUER: auth.issuer, AUTH_AUDIENCE: auth.audience };
  return loadConfig(env).auth as JwtAuthConfig;
}

// As src/serve.ts makes it: trace ids only when tracing is configured.
const logger = createLogger({ level: options.logLevel ?? base.logLevel, file: "/dev/null", pretty: false, traceIds: config.tracing !== undefined });
const gateway = await startGateway(config, { logger });

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

async function values(name: string): Promise<MetricValue[]> {
  const metric = gateway.metrics.registry.getSingleMetric(name);
  return metric ? ((await metric.get()).values as MetricValue[]) : [];
}

const sum = (list: MetricValue[], keep: (v: MetricValue) => boolean = () => true) => list.filter(keep).reduce((n, v) => n + v.value, 0);

async function snapshot(): Promise<GatewaySnapshot> {
  const operations = await values("gateway_graphql_operations_total");
  const opDuration = await values("gateway_graphql_operation_duration_seconds");
  const upstreamDuration = await values("gateway_upstream_request_duration_seconds");
  return {
    ops: sum(operations, (v) => v.labels.outcome !== "abandoned"),
    abandoned: sum(operations, (v) => v.labels.outcome === "abandoned"),
    errors: sum(operations, (v) => v.labels.outcome === "error"),
    opSeconds: sum(opDuration, (v) => v.metricName?.endsWith("_sum") === true),
    upstreamSeconds: sum(upstreamDuration, (v) => v.metricName?.endsWith("_sum") === true),
    upstreamCalls: sum(upstreamDuration, (v) => v.metricName?.endsWith("_count") === true),
  };
}

serveBenchCommands({
  url: gateway.url,
  close: () => gateway.close(),
  extra: async (command) => {
    if (command.type === "snapshot") return snapshot();
    if (command.type === "highLevel429s") {
      return sum(await values("gateway_upstream_requests_total"), (v) => v.labels.vendor === "HIGHLEVEL" && v.labels.status === "429");
    }
    return undefined;
  },
});
