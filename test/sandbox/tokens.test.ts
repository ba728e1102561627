import { afterEach, describe, expect, it, vi } from "vitest";
import { RefreshTokens } from "../../src/sandbox/oauth.js";
import { DEFAULT_TOKEN_TTL_SECONDS, IssuedTokens, tokenTtlSeconds } from "../../src/sandbox/tokens.js";

/** The sandboxes' token book-keeping, on a fake clock (the HTTP tests cover it on the wire). */

afterEach(() => void vi.useRealTimers());

describe("tokenTtlSeconds", () => {
  it("defaults to an hour and refuses what is not a whole number of seconds ≥ 1, naming the option", () => {
    expect(tokenTtlSeconds(undefined)).toBe(DEFAULT_TOKEN_TTL_SECONDS);
    expect(DEFAULT_TOKEN_TTL_SECONDS).toBe(3600);
    expect(tokenTtlSeconds(2)).toBe(2);
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => tokenTtlSeconds(bad)).toThrow(/tokenTtlSeconds/);
  });
});

describe("IssuedTokens", () => {
  it("knows a token's subject until its TTL, then never again", () => {
    vi.useFakeTimers();
    const tokens = new IssuedTokens<string>(60, "t-");
    const token = tokens.issue("loc-1");
    expect(token).toMatch(/^t-/);
    vi.advanceTimersByTime(59_999);
    expect(tokens.use(token)).toBe("loc-1");
    vi.advanceTimersByTime(1);
    expect(tokens.use(token)).toBeUndefined();
    expect(tokens.use("t-unknown")).toBeUndefined();
  });

  it("renews a sliding token on each use", () => {
    vi.useFakeTimers();
    const tokens = new IssuedTokens<number>(60, "7T:", { sliding: true });
    const ticket = tokens.issue(5);
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(50_000);
      expect(tokens.use(ticket)).toBe(5);
    }
    vi.advanceTimersByTime(60_000);
    expect(tokens.use(ticket)).toBeUndefined();
  });

  it("forgets every token on revokeAll", () => {
    const tokens = new IssuedTokens<string>(60, "t-");
    const [a, b] = [tokens.issue("x"), tokens.issue("y")];
    tokens.revokeAll();
    expect([tokens.use(a), tokens.use(b)]).toEqual([undefined, undefined]);
  });
});

describe("RefreshTokens", () => {
  it("spends a token on a rotating redeem and keeps it on a non-rotating one", () => {
    let n = 0;
    const tokens = new RefreshTokens<string>(() => `r${++n}`);
    const kept = tokens.grant("a");
    expect(tokens.redeem(kept, { rotate: false })).toBe("a");
    expect(tokens.redeem(kept, { rotate: false })).toBe("a");
    const spent = tokens.grant("b");
    expect(tokens.redeem(spent, { rotate: true })).toBe("b");
    expect(tokens.redeem(spent, { rotate: true })).toBeUndefined();
    expect(tokens.redeem("__proto__", { rotate: true })).toBeUndefined();
  });
});
