import { header, type RecordedRequest } from "../http.js";
import type { SandboxCredentials } from "../types.js";
import { BASIC_USER_ASSOCIATE_ID, BEARER_USER_ASSOCIATE_ID, SYSTEM_USER_ASSOCIATE_ID } from "./data.js";

/**
 * The credentials a sandbox generated at start; it accepts nothing else, besides the tickets
 * and access tokens its login endpoints issue.
 */
export interface SuperOfficeCredentials extends SandboxCredentials {
  /** Static system-user ticket for `Authorization: SOTicket <ticket>` (needs `SO-AppToken`); it never expires. */
  ticket: string;
  /** The app's client secret: the `SO-AppToken` header and the system user's ApplicationToken (same value as clientSecret). */
  appToken: string;
  /** Static access token for `Authorization: Bearer <token>`; it never expires. */
  bearerToken: string;
  /** User name and password for `Authorization: Basic base64(user:password)` (onsite). */
  basicUser: string;
  basicPassword: string;
  /** A refresh token for `POST tokenUrl` (they do not rotate at SuperOffice). */
  refreshToken: string;
  /** The tenant (`Cust12345`): ContextIdentifier of the system-user flow. */
  contextIdentifier: string;
  /** The app's system user token (`NAME-random`), which the app signs for a ticket. */
  systemUserToken: string;
  /** The app's RSA key pair (PEM, PKCS#8 and SPKI); the sandbox registered the public key. */
  privateKeyPem: string;
  publicKeyPem: string;
  /** `POST` here with a SignedSystemToken for a JWT carrying a ticket. */
  systemUserUrl: string;
  /** SuperID's issuer (the sandbox's origin), its OpenID Connect metadata and its JWKS. */
  issuer: string;
  openIdConfigurationUrl: string;
  jwksUrl: string;
}

/** Whether a ticket or access token came from the sandbox's login endpoints and is still live. */
export interface IssuedCredentials {
  ticket(value: string): boolean;
  bearer(value: string): boolean;
}

export type AuthResult = { ok: true; associateId: number } | { ok: false; message: string };

/**
 * Checks the Authorization header (schemes compare case-insensitively). SOTicket needs the
 * app token as well, as Online does for server-to-server calls. Messages never repeat secrets.
 */
export function authenticate(req: RecordedRequest, credentials: SuperOfficeCredentials, issued: IssuedCredentials): AuthResult {
  const value = header(req, "authorization")?.trim();
  if (!value) return { ok: false, message: "Authorization header missing (no X-XSRF-TOKEN either)" };
  const match = /^(\S+)\s+(.+)$/.exec(value);
  if (!match) return { ok: false, message: "Authorization header is malformed" };
  const scheme = match[1]!.toLowerCase();
  const credential = match[2]!.trim();
  if (scheme === "soticket") {
    if (credential !== credentials.ticket && !issued.ticket(credential)) return { ok: false, message: "Invalid or expired ticket" };
    const appToken = header(req, "so-apptoken");
    if (!appToken) return { ok: false, message: "SO-AppToken header is required with SOTicket authentication" };
    if (appToken !== credentials.appToken) return { ok: false, message: "Unknown application token" };
    return { ok: true, associateId: SYSTEM_USER_ASSOCIATE_ID };
  }
  if (scheme === "bearer") {
    if (credential !== credentials.bearerToken && !issued.bearer(credential)) return { ok: false, message: "Invalid or expired access token" };
    return { ok: true, associateId: BEARER_USER_ASSOCIATE_ID };
  }
  if (scheme === "basic") {
    const decoded = Buffer.from(credential, "base64").toString("utf8");
    if (decoded !== `${credentials.basicUser}:${credentials.basicPassword}`) {
      return { ok: false, message: "Invalid user name or password" };
    }
    return { ok: true, associateId: BASIC_USER_ASSOCIATE_ID };
  }
  return { ok: false, message: "Unsupported authorization scheme; use Bearer, SOTicket or Basic" };
}
