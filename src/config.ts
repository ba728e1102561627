import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DEFAULT_CONNECTION, type Vendor } from "./domain/vendor.js";

/**
 * The gateway's one configuration: env vars for one `default` connection per vendor,
 * `GATEWAY_CONFIG` (JSON or YAML) for several named ones. Loading fails with a
 * ConfigError naming the setting; secret values are never repeated in its message.
 */

export const HIGHLEVEL_DEFAULT_BASE_URL = "https://services.leadconnectorhq.com";

export interface CustomerInsightsConnection {
  name: string;
  /** The hub endpoint, e.g. https://myhub.api.azurecustomerinsights.com */
  hubEndpoint: string;
  token: string;
  /** Hub name sent as `tenantId` in relationship links. */
  tenantId?: string;
  sandbox: boolean;
}

export interface SuperOfficeConnection {
  name: string;
  /** The tenant's `…/api/v1` root. */
  baseUrl: string;
  /** The whole Authorization header value: `Bearer …`, `SOTicket …` or `Basic …`. */
  authorization: string;
  appToken?: string;
  /** Sent as Accept-Language when the GraphQL request names none, so multi-language texts come back decoded. */
  language?: string;
  /** SO-Culture (number and date formats) and SO-TimeZone, sent on every call when set. */
  culture?: string;
  timeZone?: string;
  sandbox: boolean;
}

export interface HighLevelConnection {
  name: string;
  baseUrl: string;
  token: string;
  locationId?: string;
  sandbox: boolean;
}

export interface Connections {
  CUSTOMER_INSIGHTS: Record<string, CustomerInsightsConnection>;
  SUPEROFFICE: Record<string, SuperOfficeConnection>;
  HIGHLEVEL: Record<string, HighLevelConnection>;
}

export interface GatewayConfig {
  host: string;
  port: number;
  /** Serve unconfigured vendors from the built-in sandboxes. */
  sandbox: boolean;
  upstreamTimeoutMs: number;
  playground: boolean;
  /** Schema introspection (the playground's docs and autocompletion need it); on unless turned off. */
  introspection: boolean;
  metrics: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
  connections: Connections;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL")
  .transform((value) => value.replace(/\/+$/, ""));
const secret = z.string().trim().min(1, "must not be empty");
const name = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "connection names use letters, digits, '_' and '-'");

const fileSchema = z
  .object({
    customerInsights: z
      .record(name, z.object({ hubEndpoint: httpUrl, token: secret, tenantId: z.string().optional() }).strict())
      .optional(),
    superoffice: z
      .record(
        name,
        z
          .object({
            baseUrl: httpUrl,
            authorization: secret.refine(validAuthorization, "must be 'Bearer …', 'SOTicket …' or 'Basic …'"),
            appToken: z.string().optional(),
            language: z.string().optional(),
            culture: z.string().optional(),
            timeZone: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    highlevel: z
      .record(name, z.object({ baseUrl: httpUrl.optional(), token: secret, locationId: z.string().optional() }).strict())
      .optional(),
  })
  .strict();

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): GatewayConfig {
  const connections = env.GATEWAY_CONFIG ? readConnectionsFile(env.GATEWAY_CONFIG) : emptyConnections();
  addEnvConnections(connections, env);
  return {
    host: env.HOST?.trim() || "127.0.0.1",
    port: integer(env, "PORT", 4000, 0, 65_535),
    sandbox: flag(env, "SANDBOX", true),
    upstreamTimeoutMs: integer(env, "UPSTREAM_TIMEOUT_MS", 10_000, 1, 600_000),
    playground: flag(env, "PLAYGROUND", true),
    introspection: flag(env, "INTROSPECTION", true),
    metrics: flag(env, "METRICS", true),
    logLevel: oneOf(env, "LOG_LEVEL", "info", ["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    connections,
  };
}

export function emptyConnections(): Connections {
  return { CUSTOMER_INSIGHTS: {}, SUPEROFFICE: {}, HIGHLEVEL: {} };
}

/** Vendors with no connection at all: the ones `npm start` serves from sandboxes. */
export function unconfiguredVendors(connections: Connections): Vendor[] {
  return (Object.keys(connections) as Vendor[]).filter((v) => Object.keys(connections[v]).length === 0);
}

function readConnectionsFile(path: string): Connections {
  let raw: unknown;
  try {
    const text = readFileSync(path, "utf8");
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError("GATEWAY_CONFIG", `cannot read ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`GATEWAY_CONFIG ${[path, ...issue.path].join(".")}`, issue.message);
  }
  const file = parsed.data;
  const connections = emptyConnections();
  for (const [n, c] of Object.entries(file.customerInsights ?? {})) {
    connections.CUSTOMER_INSIGHTS[n] = { name: n, ...c, sandbox: false };
  }
  for (const [n, c] of Object.entries(file.superoffice ?? {})) {
    connections.SUPEROFFICE[n] = { name: n, ...c, sandbox: false };
  }
  for (const [n, c] of Object.entries(file.highlevel ?? {})) {
    connections.HIGHLEVEL[n] = { name: n, ...c, baseUrl: c.baseUrl ?? HIGHLEVEL_DEFAULT_BASE_URL, sandbox: false };
  }
  return connections;
}

/** Env vars configure (or override) each vendor's `default` connection. */
function addEnvConnections(connections: Connections, env: Env): void {
  const hub = optional(env, "CUSTOMER_INSIGHTS_HUB_ENDPOINT", httpUrl);
  if (hub) {
    connections.CUSTOMER_INSIGHTS[DEFAULT_CONNECTION] = {
      name: DEFAULT_CONNECTION,
      hubEndpoint: hub,
      token: required(env, "CUSTOMER_INSIGHTS_TOKEN", "CUSTOMER_INSIGHTS_HUB_ENDPOINT"),
      tenantId: env.CUSTOMER_INSIGHTS_TENANT_ID?.trim() || undefined,
      sandbox: false,
    };
  }
  const so = optional(env, "SUPEROFFICE_BASE_URL", httpUrl);
  if (so) {
    const authorization = required(env, "SUPEROFFICE_AUTHORIZATION", "SUPEROFFICE_BASE_URL");
    if (!validAuthorization(authorization)) {
      throw new ConfigError("SUPEROFFICE_AUTHORIZATION", "must be the whole header value: 'Bearer …', 'SOTicket …' or 'Basic …'");
    }
    connections.SUPEROFFICE[DEFAULT_CONNECTION] = {
      name: DEFAULT_CONNECTION,
      baseUrl: so,
      authorization,
      appToken: env.SUPEROFFICE_APP_TOKEN?.trim() || undefined,
      language: env.SUPEROFFICE_LANGUAGE?.trim() || undefined,
      culture: env.SUPEROFFICE_CULTURE?.trim() || undefined,
      timeZone: env.SUPEROFFICE_TIMEZONE?.trim() || undefined,
      sandbox: false,
    };
  }
  // HighLevel has a public default base URL, so a token is what configures it.
  const hlToken = env.HIGHLEVEL_TOKEN?.trim();
  const hlBase = optional(env, "HIGHLEVEL_BASE_URL", httpUrl);
  if (hlToken || hlBase) {
    connections.HIGHLEVEL[DEFAULT_CONNECTION] = {
      name: DEFAULT_CONNECTION,
      baseUrl: hlBase ?? HIGHLEVEL_DEFAULT_BASE_URL,
      token: required(env, "HIGHLEVEL_TOKEN", "HIGHLEVEL_BASE_URL"),
      locationId: env.HIGHLEVEL_LOCATION_ID?.trim() || undefined,
      sandbox: false,
    };
  }
}

function validAuthorization(value: string): boolean {
  return /^(bearer|soticket|basic)\s+\S+/i.test(value.trim());
}

function optional<T>(env: Env, key: string, schema: z.ZodType<T>): T | undefined {
  const raw = env[key];
  if (raw === undefined || raw.trim() === "") return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(key, parsed.error.issues[0]!.message);
  return parsed.data;
}

function required(env: Env, key: string, because: string): string {
  const value = env[key]?.trim();
  if (!value) throw new ConfigError(key, `is required when ${because} is set`);
  return value;
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

function flag(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["on", "true", "1", "yes"].includes(raw)) return true;
  if (["off", "false", "0", "no"].includes(raw)) return false;
  throw new ConfigError(key, `must be on or off (got "${raw}")`);
}

function oneOf(env: Env, key: string, fallback: string, allowed: string[]): string {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(key, `must be one of ${allowed.join(", ")} (got "${raw}")`);
  return raw;
}
