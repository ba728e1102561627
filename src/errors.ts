import type { Vendor } from "./domain/vendor.js";

/**
 * The gateway's failures as values. Resolvers throw these; src/graphql/user-errors.ts turns
 * the mutation-side ones into payload `userErrors` and src/graphql/format-error.ts turns the
 * rest into GraphQL errors. Messages never carry secrets or full upstream URLs.
 */

export type GraphQLErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "RATE_LIMITED"
  | "UPSTREAM_TIMEOUT"
  | "UPSTREAM_UNAVAILABLE"
  | "UPSTREAM_BAD_RESPONSE"
  | "NOT_CONFIGURED"
  | "VALIDATION"
  | "IDEMPOTENCY_UNAVAILABLE"
  | "IDEMPOTENCY_KEY_IN_USE";

/** GraphQL's and Apollo's own codes for requests that are malformed: their messages are safe to pass on. */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

export type UserErrorCode = "VALIDATION" | "UPSTREAM_REJECTED" | "NOT_FOUND" | "CONFLICT" | "IDEMPOTENCY_KEY_REUSED";

/** Where an upstream call went: labels only, never URLs or credentials. */
export interface UpstreamTarget {
  vendor: Vendor;
  connection: string;
}

export abstract class GatewayError extends Error {
  abstract readonly code: GraphQLErrorCode;
  extensions(): Record<string, unknown> {
    return { code: this.code };
  }
}

/** One problem with one input field (or the whole input when `field` is null). */
export interface Issue {
  message: string;
  field: string[] | null;
}

/**
 * Input the gateway can check itself; `field` is the path of the argument at fault. A check of
 * a whole input reports every problem it found at once: `issues` holds one per field
 * (./validation-issues.ts collects them), and `message`/`field` are those of the first.
 */
export class ValidationError extends GatewayError {
  readonly code = "VALIDATION";
  readonly issues: readonly Issue[];
  constructor(
    message: string,
    readonly field: string[] | null = null,
    /** The code a mutation reports it with in `userErrors`. */
    readonly userCode: Extract<UserErrorCode, "VALIDATION" | "IDEMPOTENCY_KEY_REUSED"> = "VALIDATION",
    issues?: readonly Issue[],
  ) {
    super(message);
    this.issues = issues ?? [{ message, field }];
  }

  /** Several problems as one error (at least one): its message joins theirs, its field is the first's. */
  static of(issues: readonly Issue[]): ValidationError {
    const [first] = issues;
    if (!first) throw new Error("ValidationError.of needs at least one issue");
    return issues.length === 1
      ? new ValidationError(first.message, first.field)
      : new ValidationError(issues.map((i) => i.message).join("; "), first.field, "VALIDATION", issues);
  }

  override extensions() {
    return { code: this.code, field: this.field, ...(this.issues.length > 1 && { issues: this.issues }) };
  }
}

/** The vendor answered, but not with what we needed (auth, limits, 5xx, garbage) or did not answer at all. */
export class UpstreamError extends GatewayError {
  /** Set on a write that may have reached the vendor: the client must not assume it did not happen. */
  writeOutcome?: "UNKNOWN";
  /** Set when the answer points at the connection's configuration (the base URL), for a one-time warning in the log. */
  hint?: "BASE_URL";
  /** Set when no answer came: the socket's error code (ECONNREFUSED, ENOTFOUND…), as /ready reports it. */
  network?: string;

  constructor(
    readonly code: Exclude<GraphQLErrorCode, "VALIDATION" | "NOT_CONFIGURED">,
    message: string,
    readonly target: UpstreamTarget,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  override extensions() {
    return {
      code: this.code,
      vendor: this.target.vendor,
      connection: this.target.connection,
      ...(this.status !== undefined && { status: this.status }),
      ...(this.retryAfterSeconds !== undefined && { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.writeOutcome !== undefined && { writeOutcome: this.writeOutcome }),
    };
  }
}

/** The idempotency store cannot serve a keyed write: the write is not made unprotected. */
export class IdempotencyError extends GatewayError {
  constructor(
    readonly code: "IDEMPOTENCY_UNAVAILABLE" | "IDEMPOTENCY_KEY_IN_USE",
    message: string,
  ) {
    super(message);
  }
}

/**
 * The caller's own token to the gateway is missing or invalid (HTTP 401, src/server/authenticate.ts).
 * Unlike a vendor's 401 it carries no `vendor`: the message says what was wrong, never the token.
 */
export class CallerUnauthenticatedError extends GatewayError {
  readonly code = "UNAUTHENTICATED";
  constructor(
    message: string,
    /** No token at all: RFC 6750 then names no error in WWW-Authenticate. */
    readonly missing = false,
  ) {
    super(message);
  }
}

/** The caller's token lacks the scope, or the connection, a field needs: that field fails, the rest runs. */
export class ForbiddenError extends GatewayError {
  readonly code = "FORBIDDEN";
}

export class NotConfiguredError extends GatewayError {
  readonly code = "NOT_CONFIGURED";
  constructor(readonly target: UpstreamTarget, message: string) {
    super(message);
  }
  override extensions() {
    return { code: this.code, vendor: this.target.vendor, connection: this.target.connection };
  }
}

/**
 * The vendor said no to a mutation (HTTP 400/404/409/412/422): reported as `userErrors`, one per
 * message. `messages` are the vendor's own texts, already redacted (built by
 * src/vendors/vendor-errors.ts); `fields[i]` is the input field message i names (`field`, the one
 * the whole refusal names, unless the adapter told them apart).
 */
export class VendorRejection extends Error {
  constructor(
    readonly target: UpstreamTarget,
    readonly status: number,
    readonly messages: string[],
    readonly userCode: UserErrorCode,
    readonly field: string[] | null = null,
    readonly fields: ReadonlyArray<string[] | null> = messages.map(() => field),
  ) {
    super(messages.join("; "));
  }
}

export interface UserError {
  field: string[] | null;
  message: string;
  code: UserErrorCode;
}
