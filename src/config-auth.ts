import { ConfigError } from "./config-error.js";
import { flag, integer, required, value, type Env } from "./config-env.js";
import { VENDORS } from "./domain/vendor.js";
import type { Connections } from "./vendors/modules.js";

/** Caller authentication's settings (AUTH_*): who may call the gateway (src/auth/). */

/** Caller authentication: `off` serves every caller; `jwt` needs a valid bearer token on every GraphQL request. */
export type AuthConfig = { mode: "off" } | JwtAuthConfig;

export interface JwtAuthConfig {
  mode: "jwt";
  /** The identity provider's JSON Web Key Set; undefined under AUTH_DEV=on (the development key pair's set). */
  jwksUrl?: URL;
  issuer: string;
  /** Accepted `aud` values: a token must name at least one. */
  audience: readonly string[];
  /** Asymmetric JWS algorithms only (AUTH_ALGORITHMS narrows the default list). */
  algorithms: readonly string[];
  /** The claim listing the `VENDOR/connection` pairs a caller may use. */
  connectionsClaim: string;
  /** JWKS fetch: its timeout, the pause between refetches for an unknown key, and how long a fetched set is trusted. */
  jwksTimeoutMs: number;
  jwksCooldownMs: number;
  jwksCacheMaxAgeMs: number;
  /** AUTH_DEV=on: the gateway serves the development key pair's JWKS (never under NODE_ENV=production). */
  dev: boolean;
  /** Where the development key pair is kept (default `.dev-auth/` of the working directory; tests set their own). */
  devKeyDir?: string;
}

/** What AUTH_ALGORITHMS may name: signatures with a public key only (never `none` or HMAC, whose key is a shared secret). */
export const AUTH_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"] as const;
/** Issuer and audience of the tokens `npm run token` mints (AUTH_DEV=on). */
export const DEV_ISSUER = "urn:crm-relations-gateway:dev";
export const DEV_AUDIENCE = "crm-relations-gateway";
/** Where the gateway serves the development JWKS under AUTH_DEV=on. */
export const DEV_JWKS_PATH = "/dev-auth/jwks.json";

/**
 * AUTH_JWKS_URL (with AUTH_ISSUER and AUTH_AUDIENCE) turns caller authentication on; AUTH=off
 * says the gateway runs open on purpose. Production with a vendor configured must say one or
 * the other: a gateway holding CRM credentials must not be open by accident.
 */
export function authSetting(env: Env, connections: Connections): AuthConfig {
  const mode = value(env, "AUTH")?.toLowerCase();
  if (mode !== undefined && mode !== "off" && mode !== "on") throw new ConfigError("AUTH", `must be on or off (got "${mode}")`);
  const production = env.NODE_ENV?.trim() === "production";
  const dev = flag(env, "AUTH_DEV", false);
  if (dev && production) throw new ConfigError("AUTH_DEV", "the development key pair is never used under NODE_ENV=production");
  const jwks = value(env, "AUTH_JWKS_URL");
  if (mode === "off") {
    const contradicting = ["AUTH_JWKS_URL", "AUTH_DEV"].find((key) => value(env, key) !== undefined && (key !== "AUTH_DEV" || dev));
    if (contradicting) throw new ConfigError("AUTH", `is off, but ${contradicting} is set: remove one of them`);
    return { mode: "off" };
  }
  if (jwks === undefined && !dev) {
    if (mode === "on") throw new ConfigError("AUTH_JWKS_URL", "is required when AUTH=on");
    const configured = VENDORS.some((vendor) => Object.keys(connections[vendor]).length > 0);
    if (production && configured) {
      throw new ConfigError(
        "AUTH_JWKS_URL",
        "is required under NODE_ENV=production with a vendor configured (callers would reach the CRMs with the gateway's credentials); set AUTH=off to run open on purpose, e.g. behind a router that authenticates",
      );
    }
    return { mode: "off" };
  }
  if (jwks !== undefined && dev) throw new ConfigError("AUTH_DEV", "cannot be on together with AUTH_JWKS_URL (the dev key pair replaces it)");
  const algorithms = (value(env, "AUTH_ALGORITHMS") ?? AUTH_ALGORITHMS.join(",")).split(",").map((a) => a.trim()).filter((a) => a !== "");
  const unknown = algorithms.find((a) => !(AUTH_ALGORITHMS as readonly string[]).includes(a));
  if (unknown !== undefined || algorithms.length === 0) {
    throw new ConfigError("AUTH_ALGORITHMS", `must be a comma list of ${AUTH_ALGORITHMS.join(", ")}${unknown ? ` (got "${unknown}")` : ""}`);
  }
  const claim = value(env, "AUTH_CONNECTIONS_CLAIM") ?? "connections";
  if (!/^[A-Za-z0-9_.:/-]{1,128}$/.test(claim)) throw new ConfigError("AUTH_CONNECTIONS_CLAIM", "must be a claim name (letters, digits, _ . : / -)");
  return {
    mode: "jwt",
    jwksUrl: dev ? undefined : jwksUrl(jwks!),
    issuer: dev ? DEV_ISSUER : required(env, "AUTH_ISSUER", "AUTH_JWKS_URL"),
    audience: dev ? [DEV_AUDIENCE] : required(env, "AUTH_AUDIENCE", "AUTH_JWKS_URL").split(",").map((a) => a.trim()).filter((a) => a !== ""),
    algorithms,
    connectionsClaim: claim,
    jwksTimeoutMs: integer(env, "AUTH_JWKS_TIMEOUT_MS", 5_000, 100, 60_000),
    jwksCooldownMs: 30_000,
    jwksCacheMaxAgeMs: 600_000,
    dev,
  };
}

/** https, or http on a loopback address (a local identity provider, tests): keys fetched in clear text could be swapped. */
function jwksUrl(raw: string): URL {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const loopback = url !== undefined && ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
  if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && loopback)) || url.username || url.password) {
    throw new ConfigError("AUTH_JWKS_URL", "must be an https URL (http only on a loopback address), without credentials");
  }
  return url;
}
