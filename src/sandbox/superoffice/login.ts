import { createPublicKey, generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { generateSecret, type RecordedRequest, type Router } from "../http.js";
import { RefreshTokens } from "../oauth.js";
import { IssuedTokens } from "../tokens.js";
import type { IssuedCredentials, SuperOfficeCredentials } from "./auth.js";
import { BEARER_USER_ASSOCIATE_ID, SYSTEM_USER_ASSOCIATE_ID } from "./data.js";
import { CLAIM, JWKS_PATH, OAUTH_TOKENS_PATH, OPENID_CONFIGURATION_PATH, SandboxIdentity } from "./identity.js";
import { superOfficeTokenEndpoint } from "./oauth.js";
import { SYSTEM_USER_AUTHENTICATE_PATH, systemUserEndpoint } from "./system-user.js";

/** What the login endpoints add to the sandbox's credentials. */
export type LoginCredentials = Pick<
  SuperOfficeCredentials,
  | "tokenUrl"
  | "clientId"
  | "clientSecret"
  | "refreshToken"
  | "contextIdentifier"
  | "systemUserToken"
  | "privateKeyPem"
  | "publicKeyPem"
  | "systemUserUrl"
  | "issuer"
  | "openIdConfigurationUrl"
  | "jwksUrl"
>;

export interface SandboxLogin {
  readonly credentials: LoginCredentials;
  /** Whether a ticket or access token is one the endpoints issued and still live (tickets slide on use). */
  readonly issued: IssuedCredentials;
  isTokenRequest(req: RecordedRequest): boolean;
  grantRefreshToken(): string;
  revokeAll(): void;
}

/**
 * SuperID at the sandbox's origin root, as at `{env}.superoffice.com`: the OAuth token endpoint,
 * the partner system-user service, the OpenID Connect metadata and the JWKS, registered on
 * `router`. Generates the app (client id, system user token, RSA key pair) and the sandbox's own
 * signing key. `appToken` is the app's client secret.
 */
export async function registerLogin(
  router: Router,
  options: { origin: string; tenant: string; appToken: string; ttlSeconds: number },
): Promise<SandboxLogin> {
  const { origin, tenant, appToken, ttlSeconds } = options;
  // Tickets slide on use, as the 6-hour system-user ticket does; access tokens do not.
  const tickets = new IssuedTokens<number>(ttlSeconds, `7T:${tenant}.`, { sliding: true });
  const accessTokens = new IssuedTokens<number>(ttlSeconds, `8A:${tenant}.`);
  const refreshTokens = new RefreshTokens<number>(() => generateSecret(""));
  const [identity, appKeys] = await Promise.all([
    SandboxIdentity.create(origin),
    // The app's own key pair: the sandbox registers the public half to verify SignedSystemTokens.
    promisify(generateKeyPair)("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    }),
  ]);
  const credentials: LoginCredentials = {
    tokenUrl: `${origin}${OAUTH_TOKENS_PATH}`,
    clientId: generateSecret("").slice(0, 32),
    clientSecret: appToken,
    refreshToken: refreshTokens.grant(BEARER_USER_ASSOCIATE_ID),
    contextIdentifier: tenant,
    systemUserToken: generateSecret("SandboxApp-"),
    privateKeyPem: appKeys.privateKey,
    publicKeyPem: appKeys.publicKey,
    systemUserUrl: `${origin}${SYSTEM_USER_AUTHENTICATE_PATH}`,
    issuer: identity.issuer,
    openIdConfigurationUrl: `${origin}${OPENID_CONFIGURATION_PATH}`,
    jwksUrl: `${origin}${JWKS_PATH}`,
  };
  const tenantClaims = { [CLAIM.ctx]: tenant, [CLAIM.webApiUrl]: `${origin}/${tenant}/api/` };

  router.on("GET", OPENID_CONFIGURATION_PATH, () => identity.openIdConfiguration());
  router.on("GET", JWKS_PATH, () => identity.jwks());
  router.on(
    "POST",
    OAUTH_TOKENS_PATH,
    superOfficeTokenEndpoint({
      client: credentials,
      refreshTokens,
      accessTokens,
      identity,
      claims: { ...tenantClaims, [CLAIM.systemToken]: credentials.systemUserToken },
    }),
  );
  router.on(
    "POST",
    SYSTEM_USER_AUTHENTICATE_PATH,
    systemUserEndpoint({
      app: { systemUserToken: credentials.systemUserToken, appToken, contextIdentifier: tenant, publicKey: createPublicKey(appKeys.publicKey) },
      tickets,
      associateId: SYSTEM_USER_ASSOCIATE_ID,
      identity,
      clientId: credentials.clientId,
      claims: tenantClaims,
    }),
  );

  const tokenPaths = new Set([OAUTH_TOKENS_PATH, SYSTEM_USER_AUTHENTICATE_PATH]);
  return {
    credentials,
    issued: { ticket: (t) => tickets.use(t) !== undefined, bearer: (t) => accessTokens.use(t) !== undefined },
    isTokenRequest: (req) => tokenPaths.has(req.path),
    grantRefreshToken: () => refreshTokens.grant(BEARER_USER_ASSOCIATE_ID),
    revokeAll() {
      tickets.revokeAll();
      accessTokens.revokeAll();
    },
  };
}
