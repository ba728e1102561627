import type { GraphQLRequestContext } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";

/** What logs and metrics say about one GraphQL request: labels only, never the query text or variables. */
export interface OperationSummary {
  /** The operation's own name; "anonymous" when it has none, "unknown" when it never resolved. */
  name: string;
  /** query / mutation / subscription, or "unknown" for requests that failed to parse or validate. */
  type: string;
  outcome: "success" | "error";
  /** `extensions.code` of each error in the response, deduplicated. */
  errorCodes: string[];
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

export function summarizeOperation(ctx: GraphQLRequestContext<object>): OperationSummary {
  const named = ctx.operationName ?? ctx.operation?.name?.value ?? null;
  const name = !ctx.operation ? "unknown" : named && GRAPHQL_NAME.test(named) ? named : "anonymous";
  const errors = responseErrors(ctx);
  const errorCodes = [
    ...new Set(errors.map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR"))),
  ];
  return {
    name,
    type: ctx.operation?.operation ?? "unknown",
    outcome: errors.length > 0 || (ctx.errors?.length ?? 0) > 0 ? "error" : "success",
    errorCodes,
  };
}

function responseErrors(ctx: GraphQLRequestContext<object>): readonly GraphQLFormattedError[] {
  const body = ctx.response?.body;
  if (body?.kind === "single") return body.singleResult.errors ?? [];
  if (body?.kind === "incremental") return body.initialResult.errors ?? [];
  return [];
}
