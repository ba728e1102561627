import { randomUUID } from "node:crypto";
import type { RecordedRequest, SandboxReply } from "../http.js";
import { NO_STORE, tokenForm } from "../oauth.js";
import type { IssuedTokens } from "../tokens.js";

/** The one scope the hub's tokens are for (resource `https://azurecustomerinsights.com`, client-credentials form). */
export const CUSTOMER_INSIGHTS_SCOPE = "https://azurecustomerinsights.com/.default";

/** `POST /{tenant}/oauth2/v2.0/token`, as on login.microsoftonline.com. */
export const AAD_TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;

export interface AadApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Microsoft identity platform's client-credentials grant for the one app registered in the
 * sandbox's tenant: checks in the platform's order (tenant, grant, client, secret, scope) and
 * answers its error body (`error`, `error_description` starting `AADSTS<code>:`, `error_codes`…).
 * An unknown tenant is invalid_request AADSTS90002 and an unknown client unauthorized_client
 * AADSTS700016, as the platform answers them.
 */
export function aadTokenEndpoint(app: AadApp, tokens: IssuedTokens<string>) {
  return (req: RecordedRequest, tenant: string): SandboxReply => {
    if (tenant !== app.tenantId) {
      return aadError(400, "invalid_request", 90002, `Tenant '${tenant.slice(0, 80)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    const form = tokenForm(req);
    if (!(form instanceof URLSearchParams)) return missing("grant_type");
    const grantType = form.get("grant_type");
    if (!grantType) return missing("grant_type");
    if (grantType !== "client_credentials") {
      return aadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType.slice(0, 40)}'.`);
    }
    const clientId = form.get("client_id");
    if (!clientId) return missing("client_id");
    if (clientId !== app.clientId) {
      return aadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId.slice(0, 80)}' was not found in the directory '${tenant}'.`);
    }
    const secret = form.get("client_secret");
    if (!secret) return aadError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    if (secret !== app.clientSecret) {
      return aadError(
        401,
        "invalid_client",
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    }
    const scope = form.get("scope");
    if (!scope) return missing("scope");
    if (scope !== CUSTOMER_INSIGHTS_SCOPE) {
      return scope.endsWith("/.default")
        ? aadError(400, "invalid_resource", 500011, `The resource principal named ${scope.slice(0, 80).replace(/\/\.default$/, "")} was not found in the tenant named ${tenant}.`)
        : aadError(400, "invalid_scope", 1002012, `The provided value for scope ${scope.slice(0, 80)} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    return {
      status: 200,
      headers: NO_STORE,
      body: { token_type: "Bearer", expires_in: tokens.ttlSeconds, ext_expires_in: tokens.ttlSeconds, access_token: tokens.issue(app.clientId) },
    };
  };
}

function missing(parameter: string): SandboxReply {
  return aadError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${parameter}'.`);
}

function aadError(status: number, error: string, code: number, message: string): SandboxReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return {
    status,
    headers: NO_STORE,
    body: {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
