import type { SandboxMode } from "../../vendors/contract.js";
import type { SuperOfficeConnection } from "../../vendors/superoffice/module.js";
import { generateSecret, Router, startSandboxServer, type RecordedRequest, type SandboxReply } from "../http.js";
import { tokenControls, tokenTtlSeconds } from "../tokens.js";
import type { Sandbox, SandboxOptions } from "../types.js";
import { authenticate, type SuperOfficeCredentials } from "./auth.js";
import { demoData, type SuperOfficeData } from "./data.js";
import { soError } from "./errors.js";
import { registerLogin } from "./login.js";
import { registerRoutes } from "./routes.js";

export { SUPEROFFICE_DEMO } from "./data.js";
export { COMMENT_MAX_LENGTH, DEFAULT_PAGE_SIZE } from "./routes.js";
export type { SuperOfficeCredentials } from "./auth.js";
export { CLAIM as SUPEROFFICE_CLAIMS } from "./identity.js";

/** The header a caller brings its SuperOffice Authorization value in, when the sandbox connection is in caller mode. */
export const SUPEROFFICE_CALLER_HEADER = "x-superoffice-authorization";

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
 * and OData lists of a contact's or person's relations; at the origin root, SuperID's login
 * endpoints, whose tickets and access tokens expire after `tokenTtlSeconds`.
 */
export async function startSuperOfficeSandbox(options: SandboxOptions = {}): Promise<SuperOfficeSandbox> {
  const ttlSeconds = tokenTtlSeconds(options.tokenTtlSeconds);
  const basePath = `/${SUPEROFFICE_TENANT}/api/v1`;
  const data = demoData();
  let lastRelationId = Math.max(...data.relations.keys());
  const associates = new WeakMap<RecordedRequest, number>();
  const router = new Router();
  const loginRouter = new Router();

  const handle = async (req: RecordedRequest): Promise<SandboxReply> => {
    // SuperID's endpoints sit at the origin root and take no API credentials.
    const answer = await loginRouter.dispatch(req);
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
  const appToken = generateSecret("");
  const login = await registerLogin(loginRouter, { origin: server.origin, tenant: SUPEROFFICE_TENANT, appToken, ttlSeconds });
  // The caller token (when given) passes as a live access token of the OAuth user.
  const issued = { ...login.issued, bearer: (value: string) => value === options.callerToken || login.issued.bearer(value) };
  const credentials: SuperOfficeCredentials = {
    ticket: generateSecret("7T:"),
    appToken,
    bearerToken: generateSecret("8A:"),
    basicUser: "SAL0",
    basicPassword: generateSecret(""),
    ...login.credentials,
  };
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
    connection(name = "default", mode: SandboxMode = "static"): SuperOfficeConnection {
      // English by default: without a language SuperOffice answers multi-language texts encoded (NO:"…";US:"…").
      const base = { name, baseUrl, appToken: credentials.appToken, language: "en", sandbox: true };
      const { clientId, clientSecret, refreshToken, tokenUrl } = credentials;
      if (mode === "oauth") return { ...base, oauth: { clientId, clientSecret, refreshToken, tokenUrl } };
      if (mode === "system-user") return { ...base, systemUser: { token: credentials.systemUserToken, privateKey: credentials.privateKeyPem, url: credentials.systemUserUrl } };
      if (mode === "caller") return { ...base, callerHeader: SUPEROFFICE_CALLER_HEADER };
      if (mode !== "static") throw new RangeError(`The SuperOffice sandbox has no ${mode} credential mode`);
      return { ...base, authorization: `SOTicket ${credentials.ticket}` };
    },
    grantRefreshToken: login.grantRefreshToken,
    ...tokenControls(server, login.isTokenRequest, login.revokeAll),
    reset() {
      // In place: the routes and `sandbox.data` keep the same object.
      Object.assign(data, demoData());
      lastRelationId = Math.max(...data.relations.keys());
    },
  });
}
