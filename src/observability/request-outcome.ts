import type { GraphQLFormattedError } from "graphql";
import { REQUEST_ERROR_CODES } from "../errors.js";

/**
 * What a failed GraphQL request's log line says happened, and how loud it is. Client
 * mistakes are `info` (the gateway and the vendors did their job); vendor or gateway trouble
 * is `warn`, and an internal error `error`. The words are the first error's message (already
 * formatted for the client, so free of secrets), capped, with variable values taken out.
 */

export type LogLevel = "info" | "warn" | "error";

/** Errors of a request the client got wrong: its text, its variables or its input. */
const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([...REQUEST_ERROR_CODES, "VALIDATION", "QUERY_TOO_COMPLEX", "OPERATION_NOT_SUPPORTED"]);

const WHAT: ReadonlyMap<string, string> = new Map([
  ["GRAPHQL_PARSE_FAILED", "parse failed"],
  ["GRAPHQL_VALIDATION_FAILED", "validation failed"],
  ["BAD_USER_INPUT", "bad variables"],
  ["BAD_REQUEST", "bad request"],
  ["OPERATION_RESOLUTION_FAILURE", "no operation to run"],
  ["VALIDATION", "invalid input"],
  ["QUERY_TOO_COMPLEX", "too complex"],
  ["OPERATION_NOT_SUPPORTED", "not supported"],
]);

const MAX_MESSAGE = 200;

export function levelOf(errorCodes: readonly string[]): LogLevel {
  if (errorCodes.includes("INTERNAL_SERVER_ERROR")) return "error";
  return errorCodes.every((code) => CLIENT_ERROR_CODES.has(code)) ? "info" : "warn";
}

/** `validation failed: Cannot query field "x" on type "Query". (+1 more)`, `failed with UPSTREAM_TIMEOUT: …`. */
export function whatFailed(errors: readonly GraphQLFormattedError[]): string {
  const [first] = errors;
  if (!first) return "failed";
  const code = codeOf(first);
  const message = code === "BAD_USER_INPUT" ? variableProblem(first.message) : first.message;
  const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : "";
  return `${WHAT.get(code) ?? `failed with ${code}`}: ${cap(message)}${more}`;
}

export function codeOf(error: GraphQLFormattedError): string {
  return typeof error.extensions?.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
}

/**
 * graphql-js quotes the value it refused (`Variable "$i" got invalid value "…" at "i.id"; …`),
 * and variables are never logged: keep the variable and the input path only.
 */
export function variableProblem(message: string): string {
  const variable = /^Variable "(\$\w+)"/.exec(message)?.[1];
  if (!variable) return "a variable has an invalid value";
  if (/^Variable "\$\w+" of (required|non-null) type "[\w[\]!]+" (was not provided|must not be null)\.$/.test(message)) return message;
  const at = / at "([\w.[\]]+)";/.exec(message)?.[1];
  return `${variable}${at ? ` at ${at}` : ""} has an invalid value`;
}

/** One line, at most MAX_MESSAGE characters. */
export function cap(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 3)}...` : line;
}
