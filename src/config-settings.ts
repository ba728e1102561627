import { ConfigError } from "./config-error.js";
import { didYouMean } from "./did-you-mean.js";
import { VENDORS } from "./domain/vendor.js";
import { labelOf, moduleOf } from "./vendors/modules.js";

/**
 * Every environment variable the gateway reads, besides the vendors' own (each vendor module
 * lists those): what `--help` prints, what a misspelt name is checked against, and what a test
 * holds against the names the code reads. docs/operations.md explains each at length.
 */

export interface SettingDoc {
  name: string;
  /** As `--help` shows it; absent: unset by default. */
  default?: string;
  help: string;
}

export interface SettingGroup {
  title: string;
  settings: readonly SettingDoc[];
}

export const GATEWAY_SETTINGS: readonly SettingGroup[] = [
  {
    title: "Server",
    settings: [
      { name: "PORT", default: "4000", help: "port to listen on (0: any free one)" },
      { name: "HOST", default: "127.0.0.1", help: "address to bind (0.0.0.0 to expose it)" },
      { name: "NODE_ENV", help: "production: no sandboxes unless SANDBOX=on" },
      { name: "SANDBOX", default: "auto", help: "unconfigured vendors from simulators: auto, on, off" },
      { name: "GATEWAY_CONFIG", help: "JSON or YAML file: named connections per vendor" },
      { name: "PLAYGROUND", default: "on", help: "GraphiQL at / and for browsers at /graphql" },
      { name: "INTROSPECTION", default: "on", help: "schema introspection (the playground needs it)" },
      { name: "METRICS", default: "on", help: "Prometheus metrics at /metrics" },
      { name: "LOG_LEVEL", default: "info", help: "fatal, error, warn, info, debug, trace or silent" },
      { name: "LOG_BUFFER_MAX_BYTES", default: "4194304", help: "log bytes held for a slow stdout; more are dropped" },
      { name: "SHUTDOWN_TIMEOUT_MS", default: "10000", help: "time in-flight requests get after SIGTERM" },
      { name: "READY_CACHE_MS", default: "5000", help: "how long a /ready answer is reused" },
      { name: "REQUEST_READ_TIMEOUT_MS", default: "10000", help: "time a client gets to send a request" },
    ],
  },
  {
    title: "Limits",
    settings: [
      { name: "REQUEST_TIMEOUT_MS", default: "10000", help: "one deadline for a whole GraphQL request" },
      { name: "MAX_REQUEST_BYTES", default: "262144", help: "a larger request is refused (413), never parsed" },
      { name: "MAX_QUERY_TOKENS", default: "2000", help: "parser tokens of a query (0: no limit)" },
      { name: "REQUEST_MAX_CONCURRENT_CALLS", default: "32", help: "vendor calls one request may have in flight" },
      { name: "UPSTREAM_TIMEOUT_MS", default: "10000", help: "deadline of one vendor call, its answer read whole" },
      { name: "UPSTREAM_MAX_RESPONSE_BYTES", default: "2097152", help: "a larger vendor answer is refused" },
      { name: "MAX_QUERY_DEPTH", default: "10", help: "nesting of an operation (0: no limit)" },
      { name: "MAX_ALIASES", default: "30", help: "aliases in an operation (0: no limit)" },
      { name: "MAX_ROOT_FIELDS", default: "10", help: "root fields of an operation (0: no limit)" },
      { name: "MAX_IDS", default: "100", help: "ids in nodes(ids:) (0: no limit)" },
      { name: "MAX_QUERY_COST", default: "650", help: "estimated vendor calls of an operation (0: no limit)" },
    ],
  },
  {
    title: "Caller authentication (bearer JWTs; required in production with a vendor configured)",
    settings: [
      { name: "AUTH_JWKS_URL", help: "the identity provider's JSON Web Key Set (turns it on)" },
      { name: "AUTH_ISSUER", help: "the tokens' iss (required with AUTH_JWKS_URL)" },
      { name: "AUTH_AUDIENCE", help: "accepted aud values, a comma list (required with it)" },
      { name: "AUTH_ALGORITHMS", help: "narrows RS256,RS384,RS512,PS256,ES256,ES384 (all by default)" },
      { name: "AUTH_CONNECTIONS_CLAIM", default: "connections", help: "claim listing VENDOR/connection" },
      { name: "AUTH_JWKS_TIMEOUT_MS", default: "5000", help: "fetch timeout of the key set" },
      { name: "AUTH", help: "AUTH=off runs open on purpose (behind a router that checks)" },
      { name: "AUTH_DEV", default: "off", help: "development keys (npm run token); not in production" },
    ],
  },
  {
    title: "Safe writes",
    settings: [
      { name: "REDIS_URL", help: "redis[s]://[:pass@]host:port[/db]: keys, tokens for replicas" },
      { name: "IDEMPOTENCY_TTL_MS", default: "86400000", help: "how long an idempotency key is remembered" },
      { name: "IDEMPOTENCY_MAX_KEYS", default: "10000", help: "keys the in-memory store keeps at most" },
      { name: "IDEMPOTENCY_MAX_BYTES", default: "67108864", help: "bytes the in-memory store keeps" },
      { name: "IDEMPOTENCY_MAX_ANSWER_BYTES", default: "65536", help: "a larger answer is kept as its id" },
    ],
  },
  {
    title: "Vendor credentials (docs/operations.md, \"Vendor credentials\")",
    settings: [
      { name: "CREDENTIALS_KEY", help: "32 bytes, base64: seals stored vendor tokens (AES-256-GCM)" },
      { name: "CREDENTIALS_FILE", help: "keeps vendor tokens in this file when there is no Redis" },
      { name: "SANDBOX_TOKEN_TTL_S", default: "3600", help: "lifetime of the sandboxes' tokens" },
      { name: "SANDBOX_CREDENTIALS", default: "static", help: "sandboxed connections' mode: static, oauth, caller, VENDOR=mode" },
    ],
  },
  {
    title: "Browsers",
    settings: [
      { name: "CORS_ORIGINS", help: "origins allowed to call from a browser (comma list, or *)" },
      { name: "CORS_CREDENTIALS", default: "off", help: "allow cookies from those origins (not with *)" },
    ],
  },
  {
    title: "Tracing (OpenTelemetry, OTLP over HTTP)",
    settings: [
      { name: "OTEL_TRACES_EXPORTER", help: "otlp, console or none (set with an endpoint: otlp)" },
      { name: "OTEL_EXPORTER_OTLP_ENDPOINT", help: "the collector; /v1/traces is added" },
      { name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", help: "the traces URL as is" },
      { name: "OTEL_EXPORTER_OTLP_PROTOCOL", default: "http/json", help: "only http/json" },
      { name: "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", default: "http/json", help: "only http/json" },
      { name: "OTEL_SERVICE_NAME", default: "crm-relations-gateway", help: "service.name of the spans" },
      { name: "OTEL_TRACES_SAMPLER", default: "parentbased_always_on", help: "the SDK's sampler names" },
      { name: "OTEL_TRACES_SAMPLER_ARG", default: "1", help: "the ratio of traceidratio samplers" },
    ],
  },
];

/** Each vendor's variables, from its module (a credential mode's group lists each of its own). */
export function vendorSettingNames(): Array<{ label: string; names: string[] }> {
  return VENDORS.map((vendor) => ({
    label: labelOf(vendor),
    names: Object.values(moduleOf(vendor).env.settings as Record<string, string | Record<string, string>>).flatMap((v) => (typeof v === "string" ? [v] : Object.values(v))),
  }));
}

/** Every variable the gateway reads. */
export function knownSettingNames(): Set<string> {
  return new Set([...GATEWAY_SETTINGS.flatMap((group) => group.settings.map((s) => s.name)), ...vendorSettingNames().flatMap((v) => v.names)]);
}

/**
 * Prefixes that mark a variable as meant for the gateway: a name with one of them that is no
 * setting is a mistake. OTEL_ and REDIS_ are left out: other OpenTelemetry components and
 * Kubernetes' service links (a Service named `redis` gives REDIS_PORT) set such names.
 */
const GATEWAY_PREFIXES = ["AUTH_", "CREDENTIALS_", "IDEMPOTENCY_", "MAX_", "REQUEST_", "UPSTREAM_", "CORS_", "READY_", "SHUTDOWN_", "SANDBOX_", "GATEWAY_", "LOG_"];

/** Kubernetes' service links (`<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT_4000_TCP_ADDR`, …): never settings, whatever the service is called. */
const SERVICE_LINK = /_SERVICE_(HOST|PORT)(_\w+)?$|_PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?$/;

const squeezed = (name: string) => name.replace(/_/g, "").toLowerCase();

/**
 * Refuses a variable that looks meant for the gateway but is no setting (a misspelt vendor
 * token would otherwise leave that vendor on its sandbox's demo data): one with a
 * vendor's or the gateway's prefix, or one equal to a setting but for case and underscores
 * (`LOGLEVEL`). The message names it and the setting it most likely meant.
 */
export function assertKnownSettings(env: Record<string, string | undefined>): void {
  const known = knownSettingNames();
  const bySqueezed = new Map([...known].map((name) => [squeezed(name), name]));
  const prefixes = [...GATEWAY_PREFIXES, ...VENDORS.map((vendor) => `${vendor}_`)];
  for (const name of Object.keys(env).sort()) {
    if (known.has(name) || env[name] === undefined || SERVICE_LINK.test(name)) continue;
    const meant = bySqueezed.get(squeezed(name));
    if (!meant && !prefixes.some((prefix) => name.startsWith(prefix))) continue;
    const hint = meant ?? didYouMean(name, [...known]);
    throw new ConfigError(name, `is not a setting of the gateway${hint ? ` (did you mean ${hint}?)` : ""}; --help lists them all`);
  }
}
