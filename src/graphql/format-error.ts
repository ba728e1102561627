import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { GatewayError, REQUEST_ERROR_CODES, UpstreamError, VendorRejection } from "../errors.js";
import { labelOf } from "../vendors/modules.js";
import { OPERATION_NOT_SUPPORTED, SubscriptionNotSupported } from "./no-subscriptions.js";

/** What the log hears of errors as they are formatted. */
export interface ErrorReports {
  /** Anything unexpected (the client sees only "Internal server error"). */
  internal(error: unknown): void;
  /** A vendor answer that points at the connection's configuration (UpstreamError.hint). */
  misconfigured(error: UpstreamError): void;
}

/**
 * The one place errors become GraphQL errors. Gateway errors carry their own code and
 * labels; anything unexpected is reported as an internal error without its message
 * (which could hold anything) and handed to `reports.internal` for the log.
 */
export function createFormatError(reports: ErrorReports) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof GatewayError) {
      if (original instanceof UpstreamError && original.hint) reports.misconfigured(original);
      return { ...base, message: original.message, extensions: original.extensions() };
    }
    if (original instanceof VendorRejection) {
      const { vendor, connection } = original.target;
      return {
        ...base,
        message: `${labelOf(vendor)} rejected the request: ${original.message}`,
        extensions: { code: original.userCode, vendor, connection, status: original.status },
      };
    }
    // A subscription fails validation (HTTP 400, ./no-subscriptions.ts): its own code says why.
    if (error instanceof GraphQLError && error.originalError instanceof SubscriptionNotSupported) {
      return { ...base, message: formatted.message, extensions: { code: OPERATION_NOT_SUPPORTED } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && REQUEST_ERROR_CODES.has(code)) {
      return { ...base, message: formatted.message, extensions: { code } };
    }
    // The limits' refusal (src/limits/refusal.ts): which limit, its maximum and the operation's figure.
    if (code === "QUERY_TOO_COMPLEX") {
      const { limit, max, actual } = formatted.extensions ?? {};
      return { ...base, message: formatted.message, extensions: { code, limit, max, actual } };
    }
    reports.internal(original);
    return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
