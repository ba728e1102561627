import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { configFileError, readConfigFile } from "./config-file.js";
import { authSetting, type AuthConfig } from "./config-auth.js";
import { credentialsSetting, type CredentialsConfig } from "./config-credentials.js";
import { flag, integer, oneOf, value, type Env } from "./config-env.js";
import { sandboxCredentialModes, type SandboxCredentialModes } from "./config-sandbox-credentials.js";
import { assertKnownSettings } from "./config-settings.js";
import { DEFAULT_CONNECTION, VENDORS, type Vendor } from "./domain/vendor.js";
import type { VendorModule } from "./vendors/contract.js";
import { moduleOf, type Connections } from "./vendors/modules.js";

export type { Connections } from "./vendors/modules.js";
export { ConfigError } from "./config-error.js";
export { AUTH_ALGORITHMS, DEV_AUDIENCE, DEV_ISSUER, DEV_JWKS_PATH, type AuthConfig, type JwtAuthConfig } from "./config-auth.js";
export type { CredentialsConfig } from "./config-credentials.js";

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
  /** Largest GraphQL request accepted, before it is parsed: a POST body, or a GET's query string (HTTP 413). */
  maxRequestBytes: number;
  /** How long a /ready answer is reused. */
  readyCacheMs: number;
  playground: boolean;
  /** Schema introspection (the playground's docs and autocompletion need it); on unless turned off. */
  introspection: boolean;
  metrics: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** Bytes of log lines waiting for stdout beyond which new lines are dropped (and counted), never waited for. */
  logBufferMaxBytes: number;
  /** Idempotency keys: shared through Redis when set (replicas), else kept in memory. */
  redisUrl?: string;
  idempotencyTtlMs: number;
  /** Bounds of the in-memory key store, in keys and in bytes (least recently used keys go first). */
  idempotencyMaxKeys: number;
  idempotencyMaxBytes: number;
  /** An answer larger than this (its JSON) is kept by its records' ids, in either store, and read back on replay. */
  idempotencyMaxAnswerBytes: number;
  /** Which browser origins may call the gateway (CORS); none by default, so only same-origin pages. */
  cors: CorsConfig;
  /** OpenTelemetry tracing; undefined (off) unless an OTLP endpoint or a traces exporter is named. */
  tracing?: TracingConfig;
  connections: Connections;
  /** Env-var settings laid over a vendor's sandbox connection, e.g. the language it answers in. */
  sandboxSettings: SandboxSettings;
  /** Who may call the gateway (src/auth/): JWTs checked against a JWKS, or open. */
  auth: AuthConfig;
  /** Where minted tokens are kept between refreshes and restarts (docs/operations.md, "Vendor credentials"). */
  credentials: CredentialsConfig;
  /** Lifetime of the tokens the sandboxes' token endpoints issue (SANDBOX_TOKEN_TTL_S). */
  sandboxTokenTtlSeconds: number;
  /** The credential mode of each sandboxed vendor's connection (SANDBOX_CREDENTIALS; default static). */
  sandboxCredentials: SandboxCredentialModes;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Length of `nodes(ids:)`. */
  maxIds: number;
  /** Estimated vendor calls (src/limits/cost.ts). */
  maxCost: number;
  /** Lexical tokens of the query text: the parser stops past it, before validation. */
  maxTokens: number;
}

export interface CorsConfig {
  /** Allowed origins (`scheme://host[:port]`), or "*" for any. */
  origins: "*" | readonly string[];
  /** Access-Control-Allow-Credentials (cookies, HTTP auth); never together with "*". */
  credentials: boolean;
}

export interface TracingConfig {
  exporter: "otlp" | "console";
  /** OTLP/HTTP (JSON) traces URL, e.g. http://collector:4318/v1/traces. */
  otlpUrl?: string;
  serviceName: string;
  sampler: { kind: "always_on" | "always_off" | "traceidratio"; parentBased: boolean; ratio: number };
}

/** Per vendor, the settings (by name) its sandbox connection takes from env vars. */
export type SandboxSettings = Partial<Record<Vendor, Record<string, string>>>;

const connectionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "connection names use letters, digits, '_' and '-'");


export function loadConfig(env: Env = process.env): GatewayConfig {
  assertKnownSettings(env);
  const connections = env.GATEWAY_CONFIG ? readConnectionsFile(env.GATEWAY_CONFIG) : emptyConnections();
  addEnvConnections(connections, env);
  const credentials = credentialsSetting(env, connections);
  const sandbox = sandboxSetting(env);
  return {
    host: env.HOST?.trim() || "127.0.0.1",
    port: integer(env, "PORT", 4000, 0, 65_535),
    sandbox,
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
      maxCost: integer(env, "MAX_QUERY_COST", 650, 0, 10_000_000),
      maxTokens: integer(env, "MAX_QUERY_TOKENS", 2_000, 0, 1_000_000),
    },
    requestReadTimeoutMs: integer(env, "REQUEST_READ_TIMEOUT_MS", 10_000, 100, 600_000),
    maxRequestBytes: integer(env, "MAX_REQUEST_BYTES", 256 * 1024, 1024, 64 * 1024 * 1024),
    readyCacheMs: integer(env, "READY_CACHE_MS", 5_000, 0, 600_000),
    playground: flag(env, "PLAYGROUND", true),
    introspection: flag(env, "INTROSPECTION", true),
    metrics: flag(env, "METRICS", true),
    logLevel: oneOf(env, "LOG_LEVEL", "info", ["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    logBufferMaxBytes: integer(env, "LOG_BUFFER_MAX_BYTES", 4 * 1024 * 1024, 65_536, 1024 * 1024 * 1024),
    redisUrl: redisUrl(env),
    idempotencyTtlMs: integer(env, "IDEMPOTENCY_TTL_MS", 24 * 3_600_000, 1_000, 30 * 24 * 3_600_000),
    idempotencyMaxKeys: integer(env, "IDEMPOTENCY_MAX_KEYS", 10_000, 1, 10_000_000),
    ...idempotencyBytes(env),
    cors: corsSetting(env),
    tracing: tracingSetting(env),
    connections,
    sandboxSettings: sandboxSettings(env),
    auth: authSetting(env, connections),
    credentials,
    sandboxTokenTtlSeconds: integer(env, "SANDBOX_TOKEN_TTL_S", 3_600, 1, 86_400),
    sandboxCredentials: sandboxCredentialModes(value(env, "SANDBOX_CREDENTIALS"), sandbox, unconfiguredVendors(connections)),
  };
}

export function emptyConnections(): Connections {
  // Null-prototype: connection names come from a file and requests, and `__proto__` is a valid one.
  return Object.fromEntries(VENDORS.map((vendor) => [vendor, Object.create(null) as object])) as Connections;
}

/** Vendors with no connection at all: the ones `npm start` serves from sandboxes. */
export function unconfiguredVendors(connections: Connections): Vendor[] {
  return VENDORS.filter((v) => Object.keys(connections[v]).length === 0);
}

function readConnectionsFile(path: string): Connections {
  const sections = new Map(VENDORS.map((v) => [moduleOf(v).configKey, moduleOf(v)]));
  const raw = readConfigFile(path, [...sections.keys()]);
  const schema = z.object(Object.fromEntries([...sections].map(([key, m]) => [key, z.record(connectionName, m.settings).optional()]))).strict();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // Known keys: the vendor sections at the top, a vendor's settings inside one of its connections.
    const known = (at: ReadonlyArray<PropertyKey>) =>
      at.length === 0 ? [...sections.keys()] : at.length === 2 ? Object.keys(sections.get(String(at[0]))?.env.settings ?? {}) : [];
    throw configFileError(path, raw, parsed.error.issues, known);
  }
  const connections = emptyConnections();
  for (const vendor of VENDORS) {
    const section = (parsed.data[moduleOf(vendor).configKey] ?? {}) as Record<string, object>;
    for (const [name, settings] of Object.entries(section)) setConnection(connections, vendor, name, settings);
  }
  return connections;
}

/**
 * Env vars configure (or override) each vendor's `default` connection, through the same schema
 * as the file. Any of a vendor's settings but those that also apply to its sandbox (a language)
 * configures it, so a half-given connection is an error naming what is missing, never the sandbox.
 */
function addEnvConnections(connections: Connections, env: Env): void {
  for (const vendor of VENDORS) {
    const module = moduleOf(vendor);
    const settings = module.env.settings as Record<string, string>;
    const sandboxToo = new Set((module.env.sandbox ?? []).map((setting) => settings[setting]));
    const given = [...module.env.configuredBy, ...Object.values(settings)].find((key) => !sandboxToo.has(key) && value(env, key) !== undefined);
    if (given === undefined) continue;
    const raw = Object.fromEntries(Object.entries(module.env.settings as EnvSettings).map(([setting, key]) => [setting, envValue(env, key)]));
    const parsed = module.settings.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = envKey(module, issue.path, env);
      const conflict = issue.code === "custom" ? (issue.params as { conflict?: string } | undefined)?.conflict : undefined;
      if (conflict !== undefined) throw new ConfigError(key, `cannot be set together with ${envKey(module, [conflict], env)} (a connection has one credential mode)`);
      const missing = raw[String(issue.path[0])] === undefined;
      throw new ConfigError(key, missing ? `is required when ${given} is set` : issue.message);
    }
    setConnection(connections, vendor, DEFAULT_CONNECTION, parsed.data as object);
  }
}

/** The variables a module lets apply to its sandbox too (never URLs or credentials: those configure the vendor). */
function sandboxSettings(env: Env): SandboxSettings {
  const settings: SandboxSettings = {};
  for (const vendor of VENDORS) {
    const module = moduleOf(vendor);
    const given = (module.env.sandbox ?? []).flatMap((setting) => {
      const raw = value(env, (module.env.settings as Record<string, string>)[setting]!);
      return raw === undefined ? [] : [[setting, raw] as const];
    });
    if (given.length > 0) settings[vendor] = Object.fromEntries(given);
  }
  return settings;
}

function setConnection(connections: Connections, vendor: Vendor, name: string, settings: object): void {
  (connections[vendor] as Record<string, object>)[name] = { name, ...settings, sandbox: false };
}

/** Each setting's variable, or for a group of settings (e.g. `oauth`) each field's. */
type EnvSettings = Record<string, string | Record<string, string>>;

/** A group's value is an object of its set variables, or undefined when none is set. */
function envValue(env: Env, key: string | Record<string, string>): unknown {
  if (typeof key === "string") return value(env, key);
  const fields = Object.entries(key).flatMap(([field, name]) => {
    const given = value(env, name);
    return given === undefined ? [] : [[field, given] as const];
  });
  return fields.length > 0 ? Object.fromEntries(fields) : undefined;
}

/** The variable of a setting's path; for a whole group, the first of its variables that is set. */
function envKey(module: VendorModule, path: ReadonlyArray<PropertyKey>, env: Env = {}): string {
  const mapped = (module.env.settings as EnvSettings)[String(path[0])];
  if (typeof mapped === "string") return mapped;
  if (mapped === undefined) return module.env.configuredBy[0]!;
  if (path.length > 1) return mapped[String(path[1])] ?? Object.values(mapped)[0]!;
  return Object.values(mapped).find((name) => value(env, name) !== undefined) ?? Object.values(mapped)[0]!;
}


/** The memory store's byte budget must hold at least a few whole answers, or each would evict the rest. */
function idempotencyBytes(env: Env): Pick<GatewayConfig, "idempotencyMaxBytes" | "idempotencyMaxAnswerBytes"> {
  const idempotencyMaxBytes = integer(env, "IDEMPOTENCY_MAX_BYTES", 64 * 1024 * 1024, 1024 * 1024, 64 * 1024 * 1024 * 1024);
  const idempotencyMaxAnswerBytes = integer(env, "IDEMPOTENCY_MAX_ANSWER_BYTES", 64 * 1024, 1024, 64 * 1024 * 1024);
  if (idempotencyMaxAnswerBytes * 16 > idempotencyMaxBytes) {
    throw new ConfigError("IDEMPOTENCY_MAX_ANSWER_BYTES", `must be at most a sixteenth of IDEMPOTENCY_MAX_BYTES (${Math.floor(idempotencyMaxBytes / 16)})`);
  }
  return { idempotencyMaxBytes, idempotencyMaxAnswerBytes };
}


/** `redis://[user:password@]host:port[/db]` or `rediss://…`; the value is never repeated (it may hold a password). */
function redisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return undefined;
  let protocol = "";
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below
  }
  if (protocol !== "redis:" && protocol !== "rediss:") throw new ConfigError("REDIS_URL", "must be a redis:// or rediss:// URL");
  return raw;
}

/** `auto` (the default) serves sandboxes unless NODE_ENV=production, where a forgotten URL must not silently serve demo data. */
function sandboxSetting(env: Env): boolean {
  const raw = env.SANDBOX?.trim().toLowerCase();
  if (!raw || raw === "auto") return env.NODE_ENV?.trim() !== "production";
  return flag(env, "SANDBOX", true);
}

/** CORS_ORIGINS: a comma list of origins, or `*`; CORS_CREDENTIALS=on allows credentials (not with `*`). */
function corsSetting(env: Env): CorsConfig {
  const raw = value(env, "CORS_ORIGINS");
  const credentials = flag(env, "CORS_CREDENTIALS", false);
  if (raw === "*") {
    if (credentials) throw new ConfigError("CORS_CREDENTIALS", "cannot be on when CORS_ORIGINS is * (name the origins instead)");
    return { origins: "*", credentials };
  }
  const origins = (raw ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry !== "").map(originOf);
  return { origins: [...new Set(origins)], credentials };
}

/** `https://app.example.com` as a browser sends it in `Origin`: scheme, host and non-default port, nothing else. */
function originOf(entry: string): string {
  const url = URL.canParse(entry) ? new URL(entry) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.pathname !== "/" || url.search || url.hash) {
    throw new ConfigError("CORS_ORIGINS", `each entry must be an origin like https://app.example.com, without a path (got "${entry}")`);
  }
  return url.origin;
}

const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];

/**
 * Tracing is on when OTEL_TRACES_EXPORTER names an exporter (`otlp`, `console`; `none` is off)
 * or an OTLP endpoint is set; the other OTEL_* names follow the OpenTelemetry SDK conventions.
 */
function tracingSetting(env: Env): TracingConfig | undefined {
  const tracesEndpoint = value(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const endpoint = value(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  const named = value(env, "OTEL_TRACES_EXPORTER")?.toLowerCase();
  if (named !== undefined && !["otlp", "console", "none"].includes(named)) {
    throw new ConfigError("OTEL_TRACES_EXPORTER", `must be otlp, console or none (got "${named}")`);
  }
  const exporter = (named ?? (tracesEndpoint || endpoint ? "otlp" : "none")) as TracingConfig["exporter"] | "none";
  if (exporter === "none") return undefined;

  let otlpUrl: string | undefined;
  if (exporter === "otlp") {
    for (const key of ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"]) {
      const protocol = value(env, key);
      if (protocol !== undefined && protocol !== "http/json") throw new ConfigError(key, `only http/json is supported (got "${protocol}")`);
    }
    // The signal-specific URL is used as is; the general endpoint gets the traces path, as the spec says.
    otlpUrl = tracesEndpoint ?? (endpoint ? `${endpoint.replace(/\/+$/, "")}/v1/traces` : "http://localhost:4318/v1/traces");
    const key = tracesEndpoint ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT";
    // Not echoed: an endpoint URL may carry credentials.
    if (!/^https?:\/\/[^\s]+$/.test(otlpUrl) || !URL.canParse(otlpUrl)) throw new ConfigError(key, "must be an http(s) URL");
  }

  const samplerName = oneOf(env, "OTEL_TRACES_SAMPLER", "parentbased_always_on", SAMPLERS);
  const rawRatio = value(env, "OTEL_TRACES_SAMPLER_ARG");
  const ratio = rawRatio === undefined ? 1 : Number(rawRatio);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new ConfigError("OTEL_TRACES_SAMPLER_ARG", `must be a number from 0 to 1 (got "${rawRatio}")`);
  }
  return {
    exporter,
    otlpUrl,
    serviceName: value(env, "OTEL_SERVICE_NAME") ?? "crm-relations-gateway",
    sampler: {
      kind: samplerName.replace(/^parentbased_/, "") as TracingConfig["sampler"]["kind"],
      parentBased: samplerName.startsWith("parentbased_"),
      ratio,
    },
  };
}


