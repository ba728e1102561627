import { GraphQLError } from "graphql";

export type LimitName = "DEPTH" | "ALIASES" | "ROOT_FIELDS" | "IDS" | "COST";

const WHAT: Record<LimitName, string> = {
  DEPTH: "The query nests fields",
  ALIASES: "The query has aliases:",
  ROOT_FIELDS: "The operation has root fields:",
  IDS: "nodes(ids:) is given ids:",
  COST: "The query could make vendor calls (estimated):",
};

/** The one error every limit refuses with: HTTP 400, before any vendor call (DESIGN.md, "Limits"). */
export function queryTooComplex(limit: LimitName, max: number, actual: number): GraphQLError {
  const message = limit === "DEPTH" ? `${WHAT.DEPTH} ${actual} deep; at most ${max} is allowed` : `${WHAT[limit]} ${actual}; at most ${max} are allowed`;
  return new GraphQLError(message, {
    extensions: { code: "QUERY_TOO_COMPLEX", limit, max, actual, http: { status: 400 } },
  });
}
