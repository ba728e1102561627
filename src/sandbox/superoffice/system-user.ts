import { verify, type KeyObject } from "node:crypto";
import type { RecordedRequest, SandboxReply } from "../http.js";
import type { IssuedTokens } from "../tokens.js";
import { CLAIM, type SandboxIdentity } from "./identity.js";

export const SYSTEM_USER_AUTHENTICATE_PATH = "/Login/api/PartnerSystemUser/Authenticate";

/** How far a SignedSystemToken's timestamp may be from the sandbox's clock (the docs say only "updated"). */
export const SIGNED_TOKEN_MAX_SKEW_MINUTES = 5;

export interface SystemUserApp {
  systemUserToken: string;
  /** The ApplicationToken, i.e. the app's client secret. */
  appToken: string;
  contextIdentifier: string;
  /** The app's registered RSA public key, which SignedSystemTokens are verified with. */
  publicKey: KeyObject;
}

/**
 * `POST /Login/api/PartnerSystemUser/Authenticate` (get-system-user-ticket.md): a SignedSystemToken
 * `{systemUserToken}.{yyyyMMddHHmm UTC}.{base64 RSA-SHA256 PKCS#1 v1.5 signature of the first two}`
 * (sign-system-user-token.md) becomes a JWT signed by the sandbox whose ticket claim is a fresh
 * system-user ticket. A refusal is `{ IsSuccessful: false, ErrorMessage, Token: null }`; the docs
 * give no status for it and clients read IsSuccessful, so it is 200 (400 for a body that is not JSON).
 */
export function systemUserEndpoint(deps: {
  app: SystemUserApp;
  tickets: IssuedTokens<number>;
  associateId: number;
  identity: SandboxIdentity;
  clientId: string;
  /** The tenant's claims (webapi_url…) for the JWT. */
  claims: Record<string, string>;
}) {
  return async (req: RecordedRequest): Promise<SandboxReply> => {
    const body = req.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) return refused("The request body must be a JSON object", 400);
    const input = body as Record<string, unknown>;
    for (const field of ["SignedSystemToken", "ApplicationToken", "ContextIdentifier"]) {
      if (typeof input[field] !== "string" || input[field] === "") return refused(`${field} is required`);
    }
    if (typeof input.ReturnTokenType !== "string" || input.ReturnTokenType.toUpperCase() !== "JWT") return refused("ReturnTokenType must be JWT");
    if (input.ApplicationToken !== deps.app.appToken) return refused("Unknown application token");
    if (input.ContextIdentifier !== deps.app.contextIdentifier) return refused("Unknown or inaccessible context identifier");
    const problem = signedTokenProblem(input.SignedSystemToken as string, deps.app);
    if (problem) return refused(problem);
    const ticket = deps.tickets.issue(deps.associateId);
    const claims = { ...deps.claims, [CLAIM.ticket]: ticket, [CLAIM.ctx]: deps.app.contextIdentifier, sub: `associate-${deps.associateId}` };
    const token = await deps.identity.sign(claims, deps.clientId, deps.tickets.ttlSeconds);
    return { status: 200, body: { IsSuccessful: true, ErrorMessage: "", Token: token } };
  };
}

/** Why a SignedSystemToken is refused, or undefined when it is the app's token, freshly signed. */
function signedTokenProblem(signed: string, app: SystemUserApp): string | undefined {
  const signatureAt = signed.lastIndexOf(".");
  const timestampAt = signed.lastIndexOf(".", signatureAt - 1);
  if (timestampAt <= 0) return "SignedSystemToken must be {token}.{yyyyMMddHHmm}.{signature}";
  const data = signed.slice(0, signatureAt);
  const valid = verify("sha256", Buffer.from(data, "utf8"), app.publicKey, Buffer.from(signed.slice(signatureAt + 1), "base64"));
  if (!valid) return "The signature of SignedSystemToken does not verify with the application's public key";
  if (data.slice(0, timestampAt) !== app.systemUserToken) return "Unknown system user token";
  const signedAt = parseTimestamp(data.slice(timestampAt + 1));
  if (signedAt === undefined) return "The timestamp of SignedSystemToken must be yyyyMMddHHmm (UTC)";
  if (Math.abs(Date.now() - signedAt) > SIGNED_TOKEN_MAX_SKEW_MINUTES * 60_000) return "SignedSystemToken has expired: sign it again with the current time";
  return undefined;
}

function parseTimestamp(text: string): number | undefined {
  const match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const at = Date.UTC(year, month - 1, day, hour, minute);
  const date = new Date(at);
  // Date.UTC rolls 20261340 over into a later month: refuse what does not round-trip.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour ? at : undefined;
}

function refused(message: string, status = 200): SandboxReply {
  return { status, body: { IsSuccessful: false, ErrorMessage: message, Token: null } };
}
