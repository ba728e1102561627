import { request } from "undici";
import { z } from "zod";
import { UpstreamError, type UpstreamTarget } from "../errors.js";
import { USER_AGENT } from "../http/user-agent.js";

/**
 * One call to an OAuth 2 token endpoint (RFC 6749 §4.4, §6): a form POST, its answer read as
 * §5.1 or §5.2 says. Failures are typed: the endpoint refusing the client or grant is
 * UNAUTHENTICATED naming its error code (never its text, which may quote what was sent); a 5xx,
 * a timeout or no answer is UPSTREAM_UNAVAILABLE.
 */

/** The endpoint refused the client or the grant: `endpointCode` is its §5.2 error code (`invalid_grant`…), safe to show. */
export class TokenRefusal extends UpstreamError {
  constructor(message: string, target: UpstreamTarget, status: number, readonly endpointCode: string | undefined) {
    super("UNAUTHENTICATED", message, target, status);
  }
}

/** A fetched token, as a TokenSource hands it to the provider. */
export interface MintedToken {
  /** The Authorization value to send. */
  authorization: string;
  /** Seconds it lives, from now. */
  expiresIn: number;
  /** A new refresh token, when the endpoint rotates them. */
  refreshToken?: string;
}

/** Where a provider gets a new token: an OAuth grant, or a vendor's own ticket exchange. */
export interface TokenSource {
  /** The refresh token the next fetch spends; undefined for grants without one (client credentials). */
  readonly seed?: string;
  /** Whether a refresh token is spent by its use (the endpoint answers a new one). */
  readonly rotates: boolean;
  /** Fetches a token by `deadline` (epoch ms), spending `refreshToken` if the grant takes one. */
  fetch(refreshToken: string | undefined, deadline: number): Promise<MintedToken>;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});

const ErrorAnswer = z.object({ error: z.string().max(64).regex(/^[\x20-\x7e]+$/) });

/** When an endpoint leaves out `expires_in`: assume the usual hour. */
const DEFAULT_LIFETIME_S = 3_600;

export interface TokenCall {
  url: string;
  form: Record<string, string | undefined>;
  deadline: number;
  target: UpstreamTarget;
  /** How messages name the connection. */
  name: string;
}

export async function postTokenForm(call: TokenCall): Promise<MintedToken> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(call.form)) if (value !== undefined) body.append(key, value);
  const answer = await postForm(call.url, body.toString(), "application/x-www-form-urlencoded", call);
  const parsed = TokenAnswer.safeParse(answer);
  if (!parsed.success) throw new UpstreamError("UPSTREAM_BAD_RESPONSE", `The token endpoint of ${call.name} answered without an access token`, call.target);
  const { access_token, token_type, expires_in, refresh_token } = parsed.data;
  const scheme = !token_type || token_type.toLowerCase() === "bearer" ? "Bearer" : token_type;
  return { authorization: `${scheme} ${access_token}`, expiresIn: expires_in ?? DEFAULT_LIFETIME_S, refreshToken: refresh_token };
}

/** A POST to a credential endpoint, its JSON answer on 2xx; typed errors otherwise. Exported for vendors' own exchanges. */
export async function postForm(url: string, body: string, contentType: string, call: Omit<TokenCall, "url" | "form">): Promise<unknown> {
  const { target, name } = call;
  const left = call.deadline - Date.now();
  if (left <= 0) throw new UpstreamError("UPSTREAM_UNAVAILABLE", `The token endpoint of ${name} could not be asked within the request's deadline`, target);
  let status: number;
  let text: string;
  try {
    const res = await request(url, {
      method: "POST",
      headers: { "content-type": contentType, accept: "application/json", "user-agent": USER_AGENT },
      body,
      signal: AbortSignal.timeout(left),
      headersTimeout: left,
      bodyTimeout: left,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch {
    throw new UpstreamError("UPSTREAM_UNAVAILABLE", `The token endpoint of ${name} did not answer in time or could not be reached`, target);
  }
  if (status >= 500) throw new UpstreamError("UPSTREAM_UNAVAILABLE", `The token endpoint of ${name} failed with HTTP ${status}`, target, status);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (status >= 200 && status < 300) return json;
  const code = ErrorAnswer.safeParse(json).data?.error;
  throw new TokenRefusal(
    code ? `The token endpoint of ${name} refused: ${code}` : `The token endpoint of ${name} refused with HTTP ${status}`,
    target,
    status,
    code,
  );
}

/** An OAuth 2 refresh_token grant (RFC 6749 §6) with the client's credentials in the form. */
export function refreshTokenGrant(options: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  rotates: boolean;
  /** Vendor-specific form fields (e.g. `user_type`, `redirect_uri`). */
  extra?: Record<string, string | undefined>;
  target: UpstreamTarget;
  name: string;
}): TokenSource {
  return {
    seed: options.refreshToken,
    rotates: options.rotates,
    fetch: (refreshToken, deadline) =>
      postTokenForm({
        url: options.tokenUrl,
        form: {
          client_id: options.clientId,
          client_secret: options.clientSecret,
          grant_type: "refresh_token",
          refresh_token: refreshToken ?? options.refreshToken,
          ...options.extra,
        },
        deadline,
        target: options.target,
        name: options.name,
      }),
  };
}

/** An OAuth 2 client_credentials grant (RFC 6749 §4.4). */
export function clientCredentialsGrant(options: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  target: UpstreamTarget;
  name: string;
}): TokenSource {
  return {
    rotates: false,
    fetch: (_refreshToken, deadline) =>
      postTokenForm({
        url: options.tokenUrl,
        form: { grant_type: "client_credentials", client_id: options.clientId, client_secret: options.clientSecret, scope: options.scope },
        deadline,
        target: options.target,
        name: options.name,
      }),
  };
}
