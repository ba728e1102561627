import { generateSecret, type RecordedRequest, type SandboxReply } from "../http.js";
import { NO_STORE, oauthError, readRefreshGrant, RefreshTokens, type OAuthClient } from "../oauth.js";
import type { IssuedTokens } from "../tokens.js";

/** The token endpoint, at the API's origin as at services.leadconnectorhq.com. */
export const HIGHLEVEL_TOKEN_PATH = "/oauth/token";

/** The scopes a sandbox token carries: what the gateway's calls need (apps/oauth.json scope names). */
export const HIGHLEVEL_SCOPES = [
  "associations.readonly",
  "associations.write",
  "associations/relation.readonly",
  "associations/relation.write",
  "contacts.readonly",
  "objects/record.readonly",
].join(" ");

/** The demo agency the sandbox's locations belong to. */
export const HIGHLEVEL_COMPANY_ID = "hlDemoCompany0000001";

/**
 * `POST /oauth/token` with `grant_type=refresh_token` (apps/oauth.json): sub-account (Location)
 * tokens only. The refresh token is renewed on use and the old one is spent, so a second use is
 * invalid_grant, as at HighLevel.
 */
export function highLevelTokenEndpoint(client: OAuthClient, refreshTokens: RefreshTokens<string>, accessTokens: IssuedTokens<string>) {
  return (req: RecordedRequest): SandboxReply => {
    const grant = readRefreshGrant(req, client);
    if (!("refreshToken" in grant)) return grant;
    const userType = grant.form.get("user_type");
    if (userType !== null && userType !== "Location") return oauthError("invalid_request", "This app issues user_type Location tokens only");
    const locationId = refreshTokens.redeem(grant.refreshToken, { rotate: true });
    if (locationId === undefined) return oauthError("invalid_grant", "Invalid refresh token: unknown or already used");
    return {
      status: 200,
      headers: NO_STORE,
      body: {
        access_token: accessTokens.issue(locationId),
        token_type: "Bearer",
        expires_in: accessTokens.ttlSeconds,
        refresh_token: refreshTokens.grant(locationId),
        scope: HIGHLEVEL_SCOPES,
        userType: "Location",
        locationId,
        companyId: HIGHLEVEL_COMPANY_ID,
      },
    };
  };
}

export const newHighLevelRefreshTokens = () => new RefreshTokens<string>(() => generateSecret("hl-refresh-"));
