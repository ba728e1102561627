import type { IncomingHttpHeaders } from "node:http";
import type { UpstreamError } from "../errors.js";

/**
 * What the gateway shows a vendor, resolved per request: a connection's credential provider
 * hands each request the Authorization value to send, and says whose data it reaches (the
 * tenant), which keys every cache and idempotency record that could carry data across.
 */

/** How a connection gets its credential; chosen by which settings are present. */
export type CredentialMode = "static" | "refresh" | "clientCredentials" | "systemUser" | "caller";

export interface Credential {
  /** The vendor's Authorization header value as sent: `Bearer …`, `SOTicket …`, `Basic …`. */
  readonly authorization: string;
}

/** The part of an incoming request a provider reads. */
export interface CredentialRequest {
  /** The incoming request's headers (caller mode reads its credential there). */
  readonly headers: IncomingHttpHeaders;
  /** Epoch ms: a token fetched for this request must come before then. */
  readonly deadline: number;
}

export interface CredentialProvider {
  readonly mode: CredentialMode;
  /**
   * Whose data a request reaches: "" when the connection's own credential serves every request,
   * else a fingerprint of the caller's credential. Throws UNAUTHENTICATED when it is missing.
   */
  tenantOf(request: CredentialRequest): string;
  /** The credential for one request: at once when one is held, a promise while one is fetched. */
  credential(request: CredentialRequest): Credential | Promise<Credential>;
  /**
   * After the vendor answered 401 to `used`: a fresh credential (one refresh however many ask),
   * or null when this mode has nothing to renew (static, caller).
   */
  renew(used: Credential, request: CredentialRequest): Promise<Credential> | null;
  /** Values held besides the credential that must never leave the gateway (rotated refresh tokens). */
  secrets(): readonly string[];
  /**
   * The last refresh's refusal, while none has succeeded since, when it can never succeed by
   * itself (the endpoint refused the grant or the client): /ready fails on it even while the
   * token held is still valid. Minted modes only.
   */
  refused?(): UpstreamError | undefined;
  /** Epoch ms the held token expires (minted modes), for the expiry gauge. */
  expiresAt?(): number | undefined;
  close?(): Promise<void> | void;
}

/** The Authorization value and the credential inside it (for Basic, decoded too): what redaction removes. */
export function secretsOf(authorization: string): string[] {
  const [scheme = "", value = ""] = authorization.split(/\s+/, 2);
  const found = [authorization, value];
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    found.push(decoded, decoded.slice(decoded.indexOf(":") + 1));
  }
  return found.filter((s) => s.length >= 4);
}
