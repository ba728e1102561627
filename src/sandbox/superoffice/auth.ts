import { header, type RecordedRequest } from "../http.js";
import { BASIC_USER_ASSOCIATE_ID, BEARER_USER_ASSOCIATE_ID, SYSTEM_USER_ASSOCIATE_ID } from "./data.js";

/** The credentials a sandbox generated at start; it accepts nothing else. */
export interface SuperOfficeCredentials {
  /** System-user ticket for `Authorization: SOTicket <ticket>` (needs `SO-AppToken`). */
  ticket: string;
  appToken: string;
  /** Access token for `Authorization: Bearer <token>`. */
  bearerToken: string;
  /** User name and password for `Authorization: Basic base64(user:password)` (onsite). */
  basicUser: string;
  basicPassword: string;
}

export type AuthResult = { ok: true; associateId: number } | { ok: false; message: string };

/**
 * Checks the Authorization header (schemes compare case-insensitively). SOTicket needs the
 * app token as well, as Online does for server-to-server calls. Messages never repeat secrets.
 */
export function authenticate(req: RecordedRequest, credentials: SuperOfficeCredentials): AuthResult {
  const value = header(req, "authorization")?.trim();
  if (!value) return { ok: false, message: "Authorization header missing (no X-XSRF-TOKEN either)" };
  const match = /^(\S+)\s+(.+)$/.exec(value);
  if (!match) return { ok: false, message: "Authorization header is malformed" };
  const scheme = match[1]!.toLowerCase();
  const credential = match[2]!.trim();
  if (scheme === "soticket") {
    if (credential !== credentials.ticket) return { ok: false, message: "Invalid or expired ticket" };
    const appToken = header(req, "so-apptoken");
    if (!appToken) return { ok: false, message: "SO-AppToken header is required with SOTicket authentication" };
    if (appToken !== credentials.appToken) return { ok: false, message: "Unknown application token" };
    return { ok: true, associateId: SYSTEM_USER_ASSOCIATE_ID };
  }
  if (scheme === "bearer") {
    if (credential !== credentials.bearerToken) return { ok: false, message: "Invalid or expired access token" };
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
