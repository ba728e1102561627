import { createPublicKey, generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import type { SuperOfficeConnection } from "../../vendors/superoffice/module.js";
import { generateSecret, Router, startSandboxServer, type RecordedRequest, type SandboxReply } from "../http.js";
import { RefreshTokens } from "../oauth.js";
import { IssuedTokens, tokenControls, tokenTtlSeconds } from "../tokens.js";
import type { Sandbox, SandboxOptions } from "../types.js";
import { authenticate, type SuperOfficeCredentials } from "./auth.js";
import { BEARER_USER_ASSOCIATE_ID, demoData, SYSTEM_USER_ASSOCIATE_ID, type SuperOfficeData } from "./data.js";
import { soError } from "./errors.js";
import { CLAIM, JWKS_PATH, OAUTH_TOKENS_PATH, OPENID_CONFIGURATION_PATH, SandboxIdentity } from "./identity.js";
import { superOfficeTokenEndpoint } from "./oauth.js";
import { registerRoutes } from "./routes.js";
import { SYSTEM_USER_AUTHENTICATE_PATH, systemUserEndpoint } from "./system-user.js";

export { SUPEROFFICE_DEMO } from "./data.js";
export { COMMENT_MAX_LENGTH, DEFAULT_PAGE_SIZE } from "./routes.js";
export type { SuperOfficeCredentials } from "./auth.js";
export { CLAIM as SUPEROFFICE_CLAIMS } from "./identity.js";

/** The tenant path of the sandbox, so base-path handling is exercised as with Online. */
export const SUPEROFFICE_TENANT = "Cust12345";

export interface SuperOfficeSandbox extends Sandbox<SuperOfficeConnection, SuperOfficeCredentials> {
  /** Live in-memory data (read it in tests; the routes mutate it). */
  readonly data: SuperOfficeData;
  /** Back to the demo data (created relations gone, ids restart). */
  reset(): void;
  /** A fresh refresh token for the OAuth user, as an authorization-code login would grant. */
  grantRefreshToken(): string;
}

/**
 * A SuperOffice CRM Web API v1 simulator on 127.0.0.1: tenant base path, the three auth
 * schemes, the vendor's error body, Relation create/read/delete, Contact and Person reads,
 * and OData lists of a contact's or person's relations.
 */
export async function startSuperOfficeSandbox(options: SandboxOptions = {}): Promise<SuperOfficeSandbox> {
  const ttl = tokenTtlSeconds(options.tokenTtlSeconds);
  // Tickets slide on use, as the 6-hour system-user ticket does; access tokens do not.
  const tickets = new IssuedTokens<number>(ttl, `7T:${SUPEROFFICE_TENANT}.`, { sliding: true });
  const accessTokens = new IssuedTokens<number>(ttl, `8A:${SUPEROFFICE_TENANT}.`);
  const refreshTokens = new RefreshTokens<number>(() => generateSecret(""));
  const issued = { ticket: (t: string) => tickets.use(t) !== undefined, bearer: (t: string) => accessTokens.use(t) !== undefined };
  const loginPaths = new Set([OAUTH_TOKENS_PATH, SYSTEM_USER_AUTHENTICATE_PATH]);
  const isTokenRequest = (req: RecordedRequest) => loginPaths.has(req.path);
  const basePath = `/${SUPEROFFICE_TENANT}/api/v1`;
  const data = demoData();
  let lastRelationId = Math.max(...data.relations.keys());
  const associates = new WeakMap<RecordedRequest, number>();
  const router = new Router();
  const login = new Router();

  const handle = async (req: RecordedRequest): Promise<SandboxReply> => {
    // SuperID's endpoints sit at the origin root and take no API credentials.
    const answer = await login.dispatch(req);
    if (answer) return answer;
    const auth = authenticate(req, credentials, issued);
    if (!auth.ok) {
      return soError(401, "SoAuthenticationException", auth.message, { "www-authenticate": 'Bearer, SOTicket, Basic realm="SuperOffice"' });
    }
    associates.set(req, auth.associateId);
    return (
      (await router.dispatch(req)) ??
      soError(404, "HttpException", `No HTTP resource was found that matches the request URI '${req.method} ${req.path}'`)
    );
  };

  const server = await startSandboxServer(handle, { port: options.port });
  const baseUrl = `${server.origin}${basePath}`;
  // The sandbox's signing key, and the app's own key pair (the sandbox keeps the public half to verify SignedSystemTokens).
  const [identity, appKeys] = await Promise.all([
    SandboxIdentity.create(server.origin),
    promisify(generateKeyPair)("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    }),
  ]);
  const appToken = generateSecret("");
  const credentials: SuperOfficeCredentials = {
    ticket: generateSecret("7T:"),
    appToken,
    bearerToken: generateSecret("8A:"),
    basicUser: "SAL0",
    basicPassword: generateSecret(""),
    tokenUrl: `${server.origin}${OAUTH_TOKENS_PATH}`,
    clientId: generateSecret("").slice(0, 32),
    clientSecret: appToken,
    refreshToken: refreshTokens.grant(BEARER_USER_ASSOCIATE_ID),
    contextIdentifier: SUPEROFFICE_TENANT,
    systemUserToken: generateSecret("SandboxApp-"),
    privateKeyPem: appKeys.privateKey,
    publicKeyPem: appKeys.publicKey,
    systemUserUrl: `${server.origin}${SYSTEM_USER_AUTHENTICATE_PATH}`,
    issuer: identity.issuer,
    openIdConfigurationUrl: `${server.origin}${OPENID_CONFIGURATION_PATH}`,
    jwksUrl: `${server.origin}${JWKS_PATH}`,
  };
  const tenantClaims = { [CLAIM.ctx]: SUPEROFFICE_TENANT, [CLAIM.webApiUrl]: `${server.origin}/${SUPEROFFICE_TENANT}/api/` };
  login.on("GET", OPENID_CONFIGURATION_PATH, () => identity.openIdConfiguration());
  login.on("GET", JWKS_PATH, () => identity.jwks());
  login.on(
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
  login.on(
    "POST",
    SYSTEM_USER_AUTHENTICATE_PATH,
    systemUserEndpoint({
      app: { systemUserToken: credentials.systemUserToken, appToken, contextIdentifier: SUPEROFFICE_TENANT, publicKey: createPublicKey(appKeys.publicKey) },
      tickets,
      associateId: SYSTEM_USER_ASSOCIATE_ID,
      identity,
      clientId: credentials.clientId,
      claims: tenantClaims,
    }),
  );
  registerRoutes(router, basePath, baseUrl, {
    data,
    associateOf: (req) => associates.get(req) ?? 0,
    nextRelationId: () => ++lastRelationId,
  });

  return Object.assign(server, {
    vendor: "SUPEROFFICE" as const,
    baseUrl,
    credentials,
    data,
    connection(name = "default"): SuperOfficeConnection {
      // English by default: without a language SuperOffice answers multi-language texts encoded (NO:"…";US:"…").
      return { name, baseUrl, authorization: `SOTicket ${credentials.ticket}`, appToken: credentials.appToken, language: "en", sandbox: true };
    },
    grantRefreshToken: () => refreshTokens.grant(BEARER_USER_ASSOCIATE_ID),
    ...tokenControls(server, isTokenRequest, () => {
      tickets.revokeAll();
      accessTokens.revokeAll();
    }),
    reset() {
      // In place: the routes and `sandbox.data` keep the same object.
      Object.assign(data, demoData());
      lastRelationId = Math.max(...data.relations.keys());
    },
  });
}
