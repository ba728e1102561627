import { parse, type GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { exceedsTokens, tokenRefusal } from "../../src/limits/tokens.js";
import { Rng } from "./random-documents.js";

/** MAX_QUERY_TOKENS' two counts agree: the front door's lexing pass and graphql-js's parser. */

/** Whether graphql-js's parser stops at `max` tokens; its error, formatted as Apollo formats it. */
function parserStops(query: string, max: number): { stops: boolean; formatted?: { message: string; extensions: { code: string } } } {
  try {
    parse(query, { maxTokens: max });
    return { stops: false };
  } catch (error) {
    const message = (error as GraphQLError).message;
    return { stops: /tokens\. Parsing aborted\.$/.test(message), formatted: { message, extensions: { code: "GRAPHQL_PARSE_FAILED" } } };
  }
}

describe("the token count", () => {
  it("matches the parser's at and around the limit, comments aside", () => {
    // `{ a b c }`: 5 tokens.
    expect(exceedsTokens("{ a b c }", 5)).toBe(false);
    expect(exceedsTokens("{ a b c }", 4)).toBe(true);
    expect(exceedsTokens(`{ a # ${"comment ".repeat(50)}\n b c }`, 5)).toBe(false);
    expect(exceedsTokens(`{ ${"x ".repeat(3_000)}}`, 0)).toBe(false); // 0: off
    for (const [query, max] of [
      ["{ a b c }", 5],
      ["{ a b c }", 4],
      [`query Q($v: Int = 3) { f(a: $v, b: "s") { ...F } } fragment F on T { g }`, 24],
      [`query Q($v: Int = 3) { f(a: $v, b: "s") { ...F } } fragment F on T { g }`, 25],
    ] as const) {
      expect(exceedsTokens(query, max), `${query} at ${max}`).toBe(parserStops(query, max).stops);
    }
  });

  it("random token streams: the front door refuses exactly what the parser would stop at", () => {
    const rng = new Rng(7);
    // Fields, arguments, aliases, spreads, directives and comments: valid selections, nested at random.
    const pieces = ["a", "b: a", "c(x: 1)", "d(y: [1, 2], z: \"text\")", "...F", "a @skip(if: true)", "# note\n", "e { f }"];
    let parsedWhole = 0;
    for (let i = 0; i < 300; i++) {
      const query = `{ ${Array.from({ length: 1 + rng.int(40) }, () => rng.pick(pieces)).join(" ")} }`;
      const max = 1 + rng.int(150);
      const parser = parserStops(query, max);
      // Where the parser stops at the limit, or parses the whole text, the front door agrees. (Where it
      // meets a syntax error first, either answer is a 400: the front door counts on past it.)
      if (!parser.formatted) parsedWhole++;
      if (parser.stops || !parser.formatted) expect(exceedsTokens(query, max), `${query} at ${max}`).toBe(parser.stops);
    }
    expect(parsedWhole).toBeGreaterThan(30);
  });

  it("Apollo's parse failure at the limit becomes the same QUERY_TOO_COMPLEX; other syntax errors stay", () => {
    const stopped = parserStops(`{ ${"a ".repeat(30)}}`, 10).formatted!;
    expect(tokenRefusal(stopped, 10)).toEqual({
      message: "The query has more tokens than allowed; at most 10 are allowed",
      extensions: { code: "QUERY_TOO_COMPLEX", limit: "TOKENS", max: 10 },
    });
    expect(tokenRefusal(stopped, 11)).toBeUndefined();
    expect(tokenRefusal(parserStops("{ a", 10).formatted!, 10)).toBeUndefined();
  });
});
