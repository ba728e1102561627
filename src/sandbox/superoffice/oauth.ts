import type { RecordedRequest, SandboxReply } from "../http.js";
import { NO_STORE, oauthError, readRefreshGrant, type OAuthClient, type RefreshTokens } from "../oauth.js";
import type { IssuedTokens } from "../tokens.js";
import type { SandboxIdentity } from "./identity.js";

/**
 * `POST /login/common/oauth/tokens` with `grant_type=refresh_token` (online/api.md): a Bearer
 * access token and an id_token for the refresh token's user. SuperOffice's refresh tokens do not
 * rotate: the same one keeps working.
 */
export function superOfficeTokenEndpoint(deps: {
  client: OAuthClient;
  refreshTokens: RefreshTokens<number>;
  accessTokens: IssuedTokens<number>;
  identity: SandboxIdentity;
  /** The tenant's claims (ctx, webapi_url, system_token) for the id_token. */
  claims: Record<string, string>;
}) {
  return async (req: RecordedRequest): Promise<SandboxReply> => {
    const grant = readRefreshGrant(req, deps.client);
    if (!("refreshToken" in grant)) return grant;
    const associateId = deps.refreshTokens.redeem(grant.refreshToken, { rotate: false });
    if (associateId === undefined) return oauthError("invalid_grant", "The refresh token is invalid or has been revoked");
    const ttl = deps.accessTokens.ttlSeconds;
    const idToken = await deps.identity.sign({ ...deps.claims, sub: `associate-${associateId}` }, deps.client.clientId, ttl);
    return {
      status: 200,
      headers: NO_STORE,
      body: { token_type: "Bearer", access_token: deps.accessTokens.issue(associateId), expires_in: ttl, id_token: idToken },
    };
  };
}
