import type { GraphQLRequestContext } from "@apollo/server";
import type { GraphQLFormattedError, OperationDefinitionNode } from "graphql";

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

/**
 * The operation a request meant, also when it failed validation (the metrics' "unknown"): from the
 * parsed document and the requested name. Undefined where the request does not say.
 */
export function intendedOperation(ctx: GraphQLRequestContext<object>): { name?: string; type?: string } {
  const requested = ctx.request.operationName ?? undefined;
  const operations = (ctx.document?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const operation =
    ctx.operation ?? (requested ? operations.find((o) => o.name?.value === requested) : operations.length === 1 ? operations[0] : undefined);
  const name = operation?.name?.value ?? requested;
  return { name: name && GRAPHQL_NAME.test(name) ? name : undefined, type: operation?.operation };
}

export function responseErrors(ctx: GraphQLRequestContext<object>): readonly GraphQLFormattedError[] {
  const body = ctx.response?.body;
  if (body?.kind === "single") return body.singleResult.errors ?? [];
  if (body?.kind === "incremental") return body.initialResult.errors ?? [];
  return [];
}
