import { ConfigError } from "./config-error.js";
import { value, type Env } from "./config-env.js";
import { VENDORS } from "./domain/vendor.js";
import { moduleOf, type Connections } from "./vendors/modules.js";

/** Where vendor tokens the gateway mints are kept (CREDENTIALS_*): docs/operations.md, "Vendor credentials". */

export interface CredentialsConfig {
  /** AES-256-GCM key for tokens at rest (CREDENTIALS_KEY, 32 bytes). */
  key?: Buffer;
  /** Tokens kept in this file when there is no Redis (CREDENTIALS_FILE). */
  file?: string;
}

/**
 * CREDENTIALS_KEY (32 bytes, base64) seals tokens at rest; CREDENTIALS_FILE keeps them without
 * Redis. A store without a key, or a rotating refresh token with no store (a restart would lose
 * the only valid refresh token), stops startup.
 */
export function credentialsSetting(env: Env, connections: Connections): CredentialsConfig {
  const file = value(env, "CREDENTIALS_FILE");
  const rawKey = value(env, "CREDENTIALS_KEY");
  let key: Buffer | undefined;
  if (rawKey !== undefined) {
    key = /^[A-Za-z0-9+/]+={0,2}$/.test(rawKey) ? Buffer.from(rawKey, "base64") : undefined;
    // Not echoed: it is the key.
    if (key?.length !== 32) throw new ConfigError("CREDENTIALS_KEY", "must be 32 bytes in base64 (e.g. the output of: openssl rand -base64 32)");
  }
  const minted = VENDORS.flatMap((vendor) =>
    Object.values(connections[vendor]).map((c) => ({ vendor, c, mode: moduleOf(vendor).credentials.mode(c), rotates: moduleOf(vendor).credentials.rotates(c) })),
  ).filter(({ mode }) => mode !== "static" && mode !== "caller");
  const rotating = minted.find((m) => m.rotates);
  if (rotating && !env.REDIS_URL?.trim() && !file) {
    throw new ConfigError(
      "REDIS_URL",
      `or CREDENTIALS_FILE must be set: ${moduleOf(rotating.vendor).label} connection '${rotating.c.name}' rotates its refresh token, and a restart would lose the only valid one`,
    );
  }
  const stored = file !== undefined || (minted.length > 0 && env.REDIS_URL?.trim());
  if (stored && !key) throw new ConfigError("CREDENTIALS_KEY", "is required to encrypt the stored vendor tokens (32 bytes in base64: openssl rand -base64 32)");
  return { key, file };
}
