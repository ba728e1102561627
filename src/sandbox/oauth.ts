import { header, type RecordedRequest, type SandboxReply } from "./http.js";

/**
 * OAuth 2 token-endpoint plumbing the sandboxes share (RFC 6749): the form body of a token
 * request, the error answer of §5.2, and the checks of a refresh_token grant (§6).
 */

export type OAuthErrorCode = "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope";

/** Token answers must not be cached (§5.1). */
export const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" } as const;

/**
 * An error answer (§5.2). invalid_client is 401, as the RFC allows for failed client
 * authentication and the vendors do; every other error is 400.
 */
export function oauthError(error: OAuthErrorCode, description: string): SandboxReply {
  return { status: error === "invalid_client" ? 401 : 400, body: { error, error_description: description }, headers: NO_STORE };
}

/**
 * The parameters of a token request: an application/x-www-form-urlencoded body in which no
 * parameter appears twice (§3.2), or the invalid_request answer.
 */
export function tokenForm(req: RecordedRequest): URLSearchParams | SandboxReply {
  if (!/^application\/x-www-form-urlencoded\b/i.test(header(req, "content-type") ?? "")) {
    return oauthError("invalid_request", "The request body must be application/x-www-form-urlencoded");
  }
  const form = new URLSearchParams(req.rawBody);
  const repeated = [...new Set(form.keys())].find((key) => form.getAll(key).length > 1);
  if (repeated !== undefined) return oauthError("invalid_request", `Parameter ${repeated.slice(0, 40)} appears more than once`);
  return form;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

/**
 * Checks a refresh_token grant up to the refresh token itself (which the caller judges: the
 * vendors differ on rotation): the form, the grant type, the client, the token's presence.
 */
export function readRefreshGrant(req: RecordedRequest, client: OAuthClient): { form: URLSearchParams; refreshToken: string } | SandboxReply {
  const form = tokenForm(req);
  if (!(form instanceof URLSearchParams)) return form;
  const grantType = form.get("grant_type");
  if (!grantType) return oauthError("invalid_request", "Missing parameter: grant_type");
  if (grantType !== "refresh_token") return oauthError("unsupported_grant_type", `Grant type ${grantType.slice(0, 40)} is not supported`);
  if (!form.get("client_id")) return oauthError("invalid_request", "Missing parameter: client_id");
  if (form.get("client_id") !== client.clientId || form.get("client_secret") !== client.clientSecret) {
    return oauthError("invalid_client", "Client authentication failed");
  }
  const refreshToken = form.get("refresh_token");
  if (!refreshToken) return oauthError("invalid_request", "Missing parameter: refresh_token");
  return { form, refreshToken };
}

/** Refresh tokens a sandbox granted (they do not expire); `redeem` with `rotate` spends the one used. */
export class RefreshTokens<Subject> {
  private readonly granted = new Map<string, Subject>();

  constructor(private readonly mint: () => string) {}

  grant(subject: Subject): string {
    const token = this.mint();
    this.granted.set(token, subject);
    return token;
  }

  /** The token's subject, or undefined when unknown or already spent. */
  redeem(token: string, options: { rotate: boolean }): Subject | undefined {
    const subject = this.granted.get(token);
    if (subject !== undefined && options.rotate) this.granted.delete(token);
    return subject;
  }
}
