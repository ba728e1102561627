import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { pageRequest, toConnection } from "../../src/graphql/resolvers/paging.js";

describe("Relay paging", () => {
  it("first is 1 to 100 (30 when omitted); anything else is VALIDATION on first", () => {
    expect(pageRequest(undefined, undefined)).toEqual({ first: 30, after: null });
    expect(pageRequest(1, "c")).toEqual({ first: 1, after: "c" });
    expect(pageRequest(100, null)).toEqual({ first: 100, after: null });
    for (const first of [0, -1, 101, 1.5]) {
      expect(() => pageRequest(first, null), String(first)).toThrow(ValidationError);
      expect(() => pageRequest(first, null)).toThrow(`first must be between 1 and 100 (got ${first})`);
    }
  });

  it("a page without edges never says another follows (it has no cursor to go on from)", () => {
    const empty = toConnection({ items: [], cursors: [], hasNextPage: true }, { first: 5, after: "c" });
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
