import type { GraphQLFormattedError } from "graphql";
import { queryTooComplex } from "./refusal.js";

/**
 * MAX_QUERY_TOKENS: graphql-js's parser stops after `maxTokens` tokens (Apollo's `parseOptions`),
 * so an oversized document costs at most that much parsing and is never validated. Apollo
 * reports the parser's stop as GRAPHQL_PARSE_FAILED; `tokenRefusal` turns exactly that error
 * into the limits' QUERY_TOO_COMPLEX (`limit: "TOKENS"`, HTTP 400 as before, no `actual`: the
 * parser does not read on to count).
 */
export function parseOptions(maxTokens: number): { maxTokens?: number } {
  return maxTokens > 0 ? { maxTokens } : {};
}

/** graphql-js 16's wording (language/parser.ts, advanceLexer; 16.15 spells it "more that"), the one place it is raised. */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

export function tokenRefusal(formatted: GraphQLFormattedError, maxTokens: number): GraphQLFormattedError | undefined {
  if (maxTokens <= 0 || formatted.extensions?.code !== "GRAPHQL_PARSE_FAILED") return undefined;
  if (TOKEN_LIMIT_MESSAGE.exec(formatted.message)?.[1] !== String(maxTokens)) return undefined;
  const { message, extensions } = queryTooComplex("TOKENS", maxTokens);
  const { http: _status, ...rest } = extensions;
  return { message, extensions: rest };
}
