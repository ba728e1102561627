import { Lexer, Source, TokenKind, type GraphQLFormattedError } from "graphql";
import { queryTooComplex } from "./refusal.js";

/**
 * MAX_QUERY_TOKENS, counted twice over, cheaply: the front door (src/server/graphql-handler.ts)
 * lexes a long query text up to the limit before Apollo sees the request, so an oversized
 * document costs one bounded lexing pass (no hashing, no parse tree, no error with locations,
 * no context); and graphql-js's parser stops there too (Apollo's `parseOptions`), for any
 * document that reaches it. Both answer QUERY_TOO_COMPLEX with `limit: "TOKENS"` and `max` (HTTP
 * 400; no `actual`: neither reads on to count).
 */

/** Whether `query` has more than `max` tokens (as the parser counts them: comments aside), reading at most `max` + 1. */
export function exceedsTokens(query: string, max: number): boolean {
  // A token is at least one character: a text no longer than the limit is within it, unread.
  if (max <= 0 || query.length <= max) return false;
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 0; count <= max; count++) if (lexer.advance().kind === TokenKind.EOF) return false;
  } catch {
    // A syntax error within the limit: the parser reports it.
    return false;
  }
  return true;
}

/** The refusal as the client gets it (the same as Apollo's, below). */
export function tokensRefusal(maxTokens: number): GraphQLFormattedError {
  const { message, extensions } = queryTooComplex("TOKENS", maxTokens);
  const { http: _status, ...rest } = extensions;
  return { message, extensions: rest };
}

export function parseOptions(maxTokens: number): { maxTokens?: number } {
  return maxTokens > 0 ? { maxTokens } : {};
}

/** graphql-js 16's wording (language/parser.ts, advanceLexer; 16.15 spells it "more that"), the one place it is raised. */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/** Apollo's answer when its parser stopped at the limit (GRAPHQL_PARSE_FAILED), as the same refusal. */
export function tokenRefusal(formatted: GraphQLFormattedError, maxTokens: number): GraphQLFormattedError | undefined {
  if (maxTokens <= 0 || formatted.extensions?.code !== "GRAPHQL_PARSE_FAILED") return undefined;
  if (TOKEN_LIMIT_MESSAGE.exec(formatted.message)?.[1] !== String(maxTokens)) return undefined;
  return tokensRefusal(maxTokens);
}
