import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DEFAULT_CONNECTION, VENDORS, type Vendor } from "./domain/vendor.js";
import type { VendorModule } from "./vendors/contract.js";
import { moduleOf, type Connections } from "./vendors/modules.js";

export type { Connections } from "./vendors/modules.js";

/**
 * The gateway's one configuration: env vars for one `default` connection per vendor,
 * `GATEWAY_CONFIG` (JSON or YAML) for several named ones. Each vendor's settings come from
 * its module (src/vendors/<vendor>/module.ts); loading fails with a ConfigError naming the
 * setting, and secret values are never repeated in its message.
 */

export interface GatewayConfig {
  host: string;
  port: number;
  /** Serve unconfigured vendors from the built-in sandboxes (SANDBOX=auto: yes unless NODE_ENV=production). */
  sandbox: boolean;
  upstreamTimeoutMs: number;
  /** One deadline for a whole GraphQL request: every vendor call of it gets what is left. */
  requestTimeoutMs: number;
  /** Vendor calls one GraphQL request may have in flight at once (the others wait their turn). */
  requestMaxConcurrentCalls: number;
  /** A vendor answer larger than this is cut off (UPSTREAM_BAD_RESPONSE). */
  upstreamMaxResponseBytes: number;
  /** Checked before execution (src/limits/); 0 turns a limit off. */
  limits: QueryLimits;
  /** How long a client may take to send a request's headers and body (node's headersTimeout and requestTimeout). */
  requestReadTimeoutMs: number;
  /** How long a /ready answer is reused. */
  readyCacheMs: number;
  playground: boolean;
  /** Schema introspection (the playground's docs and autocompletion need it); on unless turned off. */
  introspection: boolean;
  metrics: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
  connections: Connections;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Length of `nodes(ids:)`. */
  maxIds: number;
  /** Estimated vendor calls (src/limits/cost.ts). */
  maxCost: number;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

const connectionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "connection names use letters, digits, '_' and '-'");

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): GatewayConfig {
  const connections = env.GATEWAY_CONFIG ? readConnectionsFile(env.GATEWAY_CONFIG) : emptyConnections();
  addEnvConnections(connections, env);
  return {
    host: env.HOST?.trim() || "127.0.0.1",
    port: integer(env, "PORT", 4000, 0, 65_535),
    sandbox: sandboxSetting(env),
    upstreamTimeoutMs: integer(env, "UPSTREAM_TIMEOUT_MS", 10_000, 1, 600_000),
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", 10_000, 1, 600_000),
    requestMaxConcurrentCalls: integer(env, "REQUEST_MAX_CONCURRENT_CALLS", 32, 1, 10_000),
    upstreamMaxResponseBytes: integer(env, "UPSTREAM_MAX_RESPONSE_BYTES", 2 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    // Defaults and their reasons: docs/operations.md, "Limits".
    limits: {
      maxDepth: integer(env, "MAX_QUERY_DEPTH", 10, 0, 1_000),
      maxAliases: integer(env, "MAX_ALIASES", 30, 0, 100_000),
      maxRootFields: integer(env, "MAX_ROOT_FIELDS", 10, 0, 10_000),
      maxIds: integer(env, "MAX_IDS", 100, 0, 100_000),
      maxCost: integer(env, "MAX_QUERY_COST", 250, 0, 10_000_000),
    },
    requestReadTimeoutMs: integer(env, "REQUEST_READ_TIMEOUT_MS", 10_000, 100, 600_000),
    readyCacheMs: integer(env, "READY_CACHE_MS", 5_000, 0, 600_000),
    playground: flag(env, "PLAYGROUND", true),
    introspection: flag(env, "INTROSPECTION", true),
    metrics: flag(env, "METRICS", true),
    logLevel: oneOf(env, "LOG_LEVEL", "info", ["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    connections,
  };
}

export function emptyConnections(): Connections {
  return Object.fromEntries(VENDORS.map((vendor) => [vendor, {}])) as Connections;
}

/** Vendors with no connection at all: the ones `npm start` serves from sandboxes. */
export function unconfiguredVendors(connections: Connections): Vendor[] {
  return VENDORS.filter((v) => Object.keys(connections[v]).length === 0);
}

function readConnectionsFile(path: string): Connections {
  let raw: unknown;
  try {
    const text = readFileSync(path, "utf8");
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError("GATEWAY_CONFIG", `cannot read ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  const schema = z
    .object(Object.fromEntries(VENDORS.map((v) => [moduleOf(v).configKey, z.record(connectionName, moduleOf(v).settings).optional()])))
    .strict();
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`GATEWAY_CONFIG ${[path, ...issue.path].join(".")}`, issue.message);
  }
  const connections = emptyConnections();
  for (const vendor of VENDORS) {
    const section = (parsed.data[moduleOf(vendor).configKey] ?? {}) as Record<string, object>;
    for (const [name, settings] of Object.entries(section)) setConnection(connections, vendor, name, settings);
  }
  return connections;
}

/** Env vars configure (or override) each vendor's `default` connection, through the same schema as the file. */
function addEnvConnections(connections: Connections, env: Env): void {
  for (const vendor of VENDORS) {
    const module = moduleOf(vendor);
    const given = module.env.configuredBy.find((key) => value(env, key) !== undefined);
    if (given === undefined) continue;
    const raw = Object.fromEntries(Object.entries(module.env.settings).map(([setting, key]) => [setting, value(env, key as string)]));
    const parsed = module.settings.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = envKey(module, issue.path[0]);
      const missing = raw[String(issue.path[0])] === undefined;
      throw new ConfigError(key, missing ? `is required when ${given} is set` : issue.message);
    }
    setConnection(connections, vendor, DEFAULT_CONNECTION, parsed.data as object);
  }
}

function setConnection(connections: Connections, vendor: Vendor, name: string, settings: object): void {
  (connections[vendor] as Record<string, object>)[name] = { name, ...settings, sandbox: false };
}

function envKey(module: VendorModule, setting: PropertyKey | undefined): string {
  return (module.env.settings as Record<string, string>)[String(setting)] ?? module.env.configuredBy[0]!;
}

function value(env: Env, key: string): string | undefined {
  const raw = env[key]?.trim();
  return raw ? raw : undefined;
}

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

/** `auto` (the default) serves sandboxes unless NODE_ENV=production, where a forgotten URL must not silently serve demo data. */
function sandboxSetting(env: Env): boolean {
  const raw = env.SANDBOX?.trim().toLowerCase();
  if (!raw || raw === "auto") return env.NODE_ENV?.trim() !== "production";
  return flag(env, "SANDBOX", true);
}

function flag(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["on", "true", "1", "yes"].includes(raw)) return true;
  if (["off", "false", "0", "no"].includes(raw)) return false;
  throw new ConfigError(key, `must be on or off${key === "SANDBOX" ? " or auto" : ""} (got "${raw}")`);
}

function oneOf(env: Env, key: string, fallback: string, allowed: string[]): string {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(key, `must be one of ${allowed.join(", ")} (got "${raw}")`);
  return raw;
}
