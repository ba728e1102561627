import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator, type Authenticator } from "../../src/auth/authenticator.js";
import { parseGrants, parseScopes, READ_SCOPE } from "../../src/auth/caller.js";
import { CallerUnauthenticatedError } from "../../src/errors.js";
import { startTestIdp, validClaims, type TestIdp } from "./jwks.js";

/** The authenticator on its own, with a clock the test moves: what a remembered verification may skip, and what it may not. */

let idp: TestIdp;
let clock = Date.now();
let auth: Authenticator;
beforeAll(async () => {
  idp = await startTestIdp();
  auth = await createAuthenticator(idp.config(), pino({ level: "silent" }), () => clock);
});
afterAll(() => idp.close());

describe("a verified token, remembered", () => {
  it("is accepted again without a fetch, but never past its exp and the clock skew", async () => {
    const start = Date.now();
    clock = start;
    const token = await idp.sign(validClaims({ exp: Math.floor(start / 1000) + 100 }));
    const caller = await auth.authenticate(`Bearer ${token}`);
    expect(caller.has(READ_SCOPE)).toBe(true);
    const fetches = idp.fetches;
    clock = start + 50_000;
    expect(await auth.authenticate(`Bearer ${token}`)).toBe(caller);
    expect(idp.fetches).toBe(fetches);
    clock = start + 140_000;
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow(new CallerUnauthenticatedError("Token has expired"));
  });
});

describe("claims", () => {
  it("scope and scp, as strings or an array, ignoring what is not a string", () => {
    expect([...parseScopes({ scope: "relations:read  openid" })]).toEqual(["relations:read", "openid"]);
    expect([...parseScopes({ scp: ["relations:write", 7, ""] })]).toEqual(["relations:write"]);
    expect([...parseScopes({ scope: { x: 1 } })]).toEqual([]);
  });

  it("connections: VENDOR/connection and VENDOR/*, a string or an array; another shape is refused", () => {
    const grants = parseGrants(["HIGHLEVEL/a", "HIGHLEVEL/b", "SUPEROFFICE/*", "SUPEROFFICE/x", "bogus", "OTHER/x"])!;
    expect(grants.get("HIGHLEVEL")).toEqual(new Set(["a", "b"]));
    expect(grants.get("SUPEROFFICE")).toBe("*");
    expect(grants.has("CUSTOMER_INSIGHTS")).toBe(false);
    expect(parseGrants("HIGHLEVEL/a SUPEROFFICE/b")!.get("SUPEROFFICE")).toEqual(new Set(["b"]));
    expect(parseGrants({ HIGHLEVEL: "a" })).toBeUndefined();
    expect(parseGrants(["HIGHLEVEL/a", 3])).toBeUndefined();
  });
});
