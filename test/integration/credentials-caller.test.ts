import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * Caller mode: each request brings the vendor credential in a header named per connection; it
 * is sent as the vendor's Authorization unchanged, and everything that outlives a request (the
 * catalogue, idempotency records) is kept apart per caller.
 */

const HEADER = "x-highlevel-token";
const SO_HEADER = "x-superoffice-auth";
const hl = HIGHLEVEL_DEMO;
const TYPES = `{ relationTypes(vendor: HIGHLEVEL) { nativeId } }`;
const CREATE = `mutation ($input: CreateAssociationRelationInput!) {
  createAssociationRelation(input: $input) { replayed relation { id } userErrors { message code } }
}`;

let t: TestGateway;
/** Two callers' HighLevel tokens for the same location. */
let callerA: string;
let callerB: string;

/** A second valid access token, as another app install would hold: its own refresh token, redeemed at the token endpoint. */
async function anotherToken(): Promise<string> {
  const c = t.sandboxes.highlevel.credentials;
  const form = new URLSearchParams({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    grant_type: "refresh_token",
    refresh_token: t.sandboxes.highlevel.grantRefreshToken(),
    user_type: "Location",
  });
  const res = await fetch(c.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
  return ((await res.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  t = await startTestGateway({}, (connections) => {
    callerA = `Bearer ${connections.HIGHLEVEL.default!.token}`;
    connections.HIGHLEVEL.default = { ...connections.HIGHLEVEL.default!, token: undefined, callerHeader: HEADER };
    connections.SUPEROFFICE.default = { ...connections.SUPEROFFICE.default!, authorization: undefined, callerHeader: SO_HEADER };
  });
  callerB = `Bearer ${await anotherToken()}`;
}, 30_000);

afterAll(async () => {
  await t?.close();
});

const catalogueReads = () => t.sandboxes.highlevel.requests.filter((r) => r.path === "/associations/");
const auth = (r: RecordedRequest) => r.headers.authorization;

describe("caller mode", () => {
  it("a request without the header is UNAUTHENTICATED naming the header, and no vendor call is made", async () => {
    t.reset();
    const res = await t.gql(TYPES);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", vendor: "HIGHLEVEL", connection: "default" });
    expect(res.errors?.[0]?.message).toContain(HEADER);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("sends the header's value as the vendor's Authorization, unchanged (with the connection's app token beside it)", async () => {
    t.reset();
    const so = t.sandboxes.connections.SUPEROFFICE.default!;
    const value = t.sandboxes.superoffice.connection().authorization!;
    const res = await t.gql(`{ contact(vendor: SUPEROFFICE, id: "11") { name } }`, undefined, { [SO_HEADER]: value });
    expect(res.errors).toBeUndefined();
    const [call] = t.sandboxes.superoffice.requests;
    expect(call!.headers.authorization).toBe(value);
    expect(call!.headers["so-apptoken"]).toBe(so.appToken);
  });

  it("a catalogue read for caller A is never served to caller B", async () => {
    t.reset();
    expect((await t.gql(TYPES, undefined, { [HEADER]: callerA })).errors).toBeUndefined();
    expect((await t.gql(TYPES, undefined, { [HEADER]: callerB })).errors).toBeUndefined();
    expect(catalogueReads().map(auth)).toEqual([callerA, callerB]);
    // Each caller's own read is cached for that caller.
    expect((await t.gql(TYPES, undefined, { [HEADER]: callerA })).errors).toBeUndefined();
    expect((await t.gql(TYPES, undefined, { [HEADER]: callerB })).errors).toBeUndefined();
    expect(catalogueReads()).toHaveLength(2);
  });

  it("an idempotency key of caller A never replays to caller B", async () => {
    t.reset();
    const input = { associationId: hl.associations.mentor, firstRecordId: hl.contacts.grace, secondRecordId: hl.contacts.alan, idempotencyKey: "caller-key-1" };
    const writes = () => t.sandboxes.highlevel.requests.filter((r) => r.method === "POST" && r.path === "/associations/relations");
    const a = await t.gql<any>(CREATE, { input }, { [HEADER]: callerA });
    expect(a.data.createAssociationRelation).toMatchObject({ replayed: false, userErrors: [] });
    const again = await t.gql<any>(CREATE, { input }, { [HEADER]: callerA });
    expect(again.data.createAssociationRelation.replayed).toBe(true);
    expect(writes()).toHaveLength(1);

    const b = await t.gql<any>(CREATE, { input }, { [HEADER]: callerB });
    expect(b.data.createAssociationRelation.replayed).toBe(false);
    expect(writes().map(auth)).toEqual([callerA, callerB]);
  });

  it("a caller's token the vendor no longer takes (expired or revoked) is UNAUTHENTICATED: one call, no refresh, no retry", async () => {
    t.reset();
    t.sandboxes.highlevel.revokeTokens();
    const res = await t.gql(`{ contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { name } }`, undefined, { [HEADER]: callerB });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", vendor: "HIGHLEVEL", status: 401 });
    expect(t.sandboxes.highlevel.requests.map(auth)).toEqual([callerB]);
    expect(t.sandboxes.highlevel.tokenRequests()).toEqual([]);
  });
});
