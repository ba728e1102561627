import { GraphQLError } from "graphql";

export type LimitName = "DEPTH" | "ALIASES" | "ROOT_FIELDS" | "IDS" | "COST" | "TOKENS";

const WHAT: Record<LimitName, string> = {
  DEPTH: "The query nests fields",
  ALIASES: "The query has aliases:",
  ROOT_FIELDS: "The operation has root fields:",
  IDS: "nodes(ids:) is given ids:",
  COST: "The query could make vendor calls (estimated):",
  TOKENS: "The query has more tokens than allowed",
};

/**
 * The one error every limit refuses with: HTTP 400, before any vendor call (docs/operations.md, "Limits").
 * `actual` is left out where it is not known (parsing stops at the token limit) or not finite.
 */
export function queryTooComplex(limit: LimitName, max: number, actual?: number): GraphQLError {
  const known = actual !== undefined && Number.isFinite(actual) ? actual : undefined;
  const message =
    known === undefined
      ? `${WHAT[limit].replace(/:$/, "")}; at most ${max} ${limit === "DEPTH" ? "levels are" : "are"} allowed`
      : limit === "DEPTH"
        ? `${WHAT.DEPTH} ${known} deep; at most ${max} is allowed`
        : `${WHAT[limit]} ${known}; at most ${max} are allowed`;
  return new GraphQLError(message, {
    extensions: { code: "QUERY_TOO_COMPLEX", limit, max, ...(known !== undefined && { actual: known }), http: { status: 400 } },
  });
}
