import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import type { SandboxReply } from "../http.js";

/** Where SuperID serves its OpenID Connect metadata and keys, at the origin root as on `{env}.superoffice.com`. */
export const OPENID_CONFIGURATION_PATH = "/login/.well-known/openid-configuration";
export const JWKS_PATH = "/login/.well-known/jwks";
export const OAUTH_TOKENS_PATH = "/login/common/oauth/tokens";

/** SuperOffice's claim names (superid-token.md; SuperOffice.SystemUser.Client). */
export const CLAIM = {
  ticket: "http://schemes.superoffice.net/identity/ticket",
  ctx: "http://schemes.superoffice.net/identity/ctx",
  webApiUrl: "http://schemes.superoffice.net/identity/webapi_url",
  systemToken: "http://schemes.superoffice.net/identity/system_token",
} as const;

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/**
 * The sandbox's SuperID: an RS256 key of its own (public half in the JWKS), the issuer (the
 * sandbox's origin), and the JWTs it signs: OAuth id_tokens and system-user tokens.
 */
export class SandboxIdentity {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: SigningKey,
    private readonly jwk: Record<string, unknown>,
  ) {}

  static async create(issuer: string): Promise<SandboxIdentity> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), use: "sig", alg: "RS256" };
    return new SandboxIdentity(issuer, privateKey, jwk);
  }

  /** A JWT for `audience` that lives `ttlSeconds`. */
  sign(claims: JWTPayload, audience: string, ttlSeconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: this.jwk.kid as string, typ: "JWT" })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setNotBefore("0s")
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }

  openIdConfiguration(): SandboxReply {
    return {
      status: 200,
      body: {
        issuer: this.issuer,
        jwks_uri: `${this.issuer}${JWKS_PATH}`,
        authorization_endpoint: `${this.issuer}/login/common/oauth/authorize`,
        token_endpoint: `${this.issuer}${OAUTH_TOKENS_PATH}`,
        response_types_supported: ["code", "id_token", "code id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        grant_types_supported: ["authorization_code", "refresh_token"],
        token_endpoint_auth_methods_supported: ["client_secret_post"],
      },
    };
  }

  jwks(): SandboxReply {
    return { status: 200, body: { keys: [this.jwk] } };
  }
}
