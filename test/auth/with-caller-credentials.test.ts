import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { startTestIdp, validClaims, type TestIdp } from "./jwks.js";

/**
 * The setup README's Authentication section describes: callers authenticate to the gateway with a
 * JWT in Authorization, and bring their own HighLevel token in the header HIGHLEVEL_CALLER_HEADER
 * names. The two never mix: the JWT reaches no vendor, the vendor token is sent unchanged.
 */

const HEADER = "x-highlevel-authorization";
let idp: TestIdp;
let t: TestGateway;
let vendorToken: string;

beforeAll(async () => {
  idp = await startTestIdp();
  t = await startTestGateway({ auth: idp.config() }, (connections) => {
    vendorToken = `Bearer ${connections.HIGHLEVEL.default!.token}`;
    connections.HIGHLEVEL.default = { ...connections.HIGHLEVEL.default!, token: undefined, callerHeader: HEADER };
  });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

const CONTACT = `{ contact(vendor: HIGHLEVEL, id: "${HIGHLEVEL_DEMO.contacts.ada}") { nativeId } }`;

describe("caller authentication with caller-supplied vendor credentials", () => {
  it("both headers: the gateway checks the JWT, the vendor gets the caller's own token and never the JWT", async () => {
    const jwt = await idp.sign(validClaims({ scope: "relations:read" }));
    t.reset();
    const res = await t.gql(CONTACT, {}, { authorization: `Bearer ${jwt}`, [HEADER]: vendorToken });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ contact: { nativeId: HIGHLEVEL_DEMO.contacts.ada } });
    const calls = t.sandboxes.highlevel.requests;
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.headers.authorization).toBe(vendorToken);
      expect(JSON.stringify(call.headers)).not.toContain(jwt);
    }
  });

  it("the vendor token without a gateway JWT is 401 at the gateway, with no vendor call", async () => {
    t.reset();
    const res = await t.gql(CONTACT, {}, { [HEADER]: vendorToken });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(t.vendorCalls()).toEqual([]);
  });

  it("a gateway JWT without the vendor token is UNAUTHENTICATED naming the header, with no vendor call", async () => {
    const jwt = await idp.sign(validClaims({ scope: "relations:read" }));
    t.reset();
    const res = await t.gql(CONTACT, {}, { authorization: `Bearer ${jwt}` });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", vendor: "HIGHLEVEL" });
    expect(res.errors?.[0]?.message).toContain(HEADER);
    expect(t.vendorCalls()).toEqual([]);
  });
});
