import type { SandboxReply } from "../http.js";

/**
 * SuperOffice's REST error body (`{Error, ErrorType, ErrorMessage, ErrorSource}`) and the
 * ErrorType names this sandbox uses. Only `SoNotFoundException` is in the vendor's docs; the
 * others are our choice for cases the docs leave open:
 * - SoNotFoundException (404 on GET/DELETE of an unknown id; 400 when a POST body refers to a
 *   contact, person or relation definition that does not exist),
 * - SoValidationException (400: mandatory field missing, person of another contact, bad type),
 * - SoAuthenticationException (401: missing, unknown or incomplete credentials),
 * - HttpException (404: no route for the path).
 */
export type SoErrorType = "SoNotFoundException" | "SoValidationException" | "SoAuthenticationException" | "HttpException";

const SOURCE: Record<SoErrorType, string> = {
  SoNotFoundException: "SuperOffice.Services.Implementation",
  SoValidationException: "SuperOffice.Services.Implementation",
  SoAuthenticationException: "SuperOffice.WebApi",
  HttpException: "SuperOffice.WebApi",
};

export function soError(status: number, type: SoErrorType, message: string, headers?: Record<string, string>): SandboxReply {
  return { status, body: { Error: true, ErrorType: type, ErrorMessage: message, ErrorSource: SOURCE[type] }, headers };
}

/** A business rule broken by a request body: SuperOffice answers 400. */
export class SoRuleError extends Error {
  constructor(
    readonly type: SoErrorType,
    message: string,
  ) {
    super(message);
  }
  reply(): SandboxReply {
    return soError(400, this.type, this.message);
  }
}
