import { describe, expect, it } from "vitest";
import { ValidationError, VendorRejection } from "../../../src/errors.js";
import { USER_AGENT } from "../../../src/http/user-agent.js";
import { ACCOUNT_FABRIKAM, contactProfileId, contactStrongId } from "../../../src/sandbox/customer-insights/data.js";
import { captureError, useHarness, wire } from "./setup.js";

/** CustomerInsightsClient: the relationship-type catalogue, the delete (read first, X-HTTP-Method), creates checked against the catalogue. */

const h = useHarness();
const V = "api-version=2017-04-26";

const instanceRef = (id: string) => ({ vendor: "CUSTOMER_INSIGHTS" as const, connection: "default", kind: "RelationshipInstance" as const, key: [id] });

/** An instance of the demo hub by type and ends, read straight from the sandbox (not through the gateway). */
async function findInstance(type: string, profileId: string, relatedProfileId: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${h.sandbox.baseUrl}/data/${profileIdSegment(profileId)}/Relationships?${V}`, { headers: { authorization: `Bearer ${h.sandbox.token}` } });
  const all: Array<Record<string, unknown>> = [];
  let body = (await res.json()) as { value: Array<Record<string, unknown>>; nextLink?: string };
  all.push(...body.value);
  while (body.nextLink) {
    body = (await (await fetch(body.nextLink, { headers: { authorization: `Bearer ${h.sandbox.token}` } })).json()) as typeof body;
    all.push(...body.value);
  }
  h.sandbox.clearRequests();
  return all.find((r) => r.RelationshipType === type && r.ProfileId === profileId && r.RelatedProfileId === relatedProfileId);
}
const profileIdSegment = (id: string) => (id.startsWith("acc-") ? `Account('${id}')` : `Contact('${id}')`);

describe("CustomerInsightsClient.relationTypes", () => {
  it("GETs /manage/model/relationships with the api-version and bearer token; maps each type", async () => {
    const types = await h.client({ http: h.httpWith(5_000) }).relationTypes();
    expect(h.sandbox.requests.map(wire)).toEqual([
      { method: "GET", path: "/manage/model/relationships", query: { "api-version": "2017-04-26" }, authorization: `Bearer ${h.sandbox.token}`, body: undefined },
    ]);
    expect(h.sandbox.requests[0]!.headers).toMatchObject({ accept: "application/json", "user-agent": USER_AGENT });
    expect(types.map((t) => [t.nativeId, t.name, t.inverseName, t.sourceKinds, t.targetKinds])).toEqual([
      ["AccountContact", "Works for", null, ["Contact"], ["Account"]],
      ["Colleague", "Colleague", null, ["Contact"], ["Contact"]],
    ]);
    expect(types[0]).toMatchObject({ kind: "RelationType", vendor: "CUSTOMER_INSIGHTS", properties: { type: "Microsoft.CustomerInsights/hubs/relationships" } });
  });

  it("follows nextLink on the hub's model API, and refuses one elsewhere", async () => {
    const resource = (name: string) => ({ name: `contosohub/${name}`, properties: { profileType: "Contact", relatedProfileType: "Account", displayName: { "nb-no": name.toUpperCase() } } });
    h.sandbox.injectFault({ status: 200, body: { value: [resource("First"), { not: "a resource" }], nextLink: `${h.sandbox.baseUrl}/manage/model/relationships?$skiptoken=p2&api-version=2017-04-26` } });
    const types = await h.client({ http: h.httpWith(5_000) }).relationTypes();
    expect(h.sandbox.requests.map((r) => [r.path, Object.fromEntries(r.query)])).toEqual([
      ["/manage/model/relationships", { "api-version": "2017-04-26" }],
      ["/manage/model/relationships", { "api-version": "2017-04-26", $skiptoken: "p2" }],
    ]);
    // "<hub>/<name>" is shortened; a display name in another locale is used when there is no en-us.
    expect(types.map((t) => [t.nativeId, t.name])).toEqual([
      ["First", "FIRST"],
      ["AccountContact", "Works for"],
      ["Colleague", "Colleague"],
    ]);

    h.sandbox.clearRequests();
    h.sandbox.injectFault({ status: 200, body: { value: [], nextLink: `${h.sandbox.baseUrl}/data/relationships?$skiptoken=x` } });
    expect(await captureError(h.client({ http: h.httpWith(5_000) }).relationTypes())).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
    expect(h.sandbox.requests).toHaveLength(1);
  });

  it("relationType(name) compares names case-insensitively, as ARM does", async () => {
    expect(await h.client().relationType("accountcontact")).toMatchObject({ nativeId: "AccountContact" });
    expect(await h.client().relationType("NoSuchType")).toBeNull();
  });
});

describe("CustomerInsightsClient.deleteRelation", () => {
  it("reads the instance, its ends' profiles and their types' strong ids, then POSTs /data/Relationships with X-HTTP-Method: DELETE and the create's body", async () => {
    const instance = (await findInstance("AccountContact", contactProfileId(3), ACCOUNT_FABRIKAM.profileId))!;
    const id = String(instance.RelationshipId);
    await h.client({ http: h.httpWith(5_000) }).deleteRelation(instanceRef(id));
    const calls = h.sandbox.requests;
    expect(calls.map((r) => `${r.method} ${decodeURIComponent(r.path)}`).sort()).toEqual(
      [
        `GET /data/relationships('${id}')`,
        `GET /data/Contact('${contactProfileId(3)}')`,
        `GET /data/Account('${ACCOUNT_FABRIKAM.profileId}')`,
        "GET /manage/model/profiles/Contact",
        "GET /manage/model/profiles/Account",
        // The instance read maps its ends through the type's definition.
        "GET /manage/model/relationships/AccountContact",
        "POST /data/Relationships",
      ].sort(),
    );
    const post = calls.at(-1)!;
    expect(wire(post)).toEqual({
      method: "POST",
      path: "/data/Relationships",
      query: { "api-version": "2017-04-26" },
      authorization: `Bearer ${h.sandbox.token}`,
      body: {
        ProfileStrongIdFieldMappings: [{ FieldName: "ContactId", StrongIdKeyProperty: "ContactId" }],
        RelatedProfileStrongIdFieldMappings: [{ FieldName: "AccountId", StrongIdKeyProperty: "AccountId" }],
        RelationshipType: "AccountContact",
        ContactId: contactStrongId(3),
        AccountId: ACCOUNT_FABRIKAM.accountId,
      },
    });
    expect(post.headers).toMatchObject({ "x-http-method": "DELETE", "content-type": "application/json" });
    // Gone at the hub: a later read answers 404, and so does the gateway's.
    const later = await fetch(`${h.sandbox.baseUrl}/data/relationships('${id}')?${V}`, { headers: { authorization: `Bearer ${h.sandbox.token}` } });
    expect(later.status).toBe(404);
    expect(await h.client().relationship(id)).toBeNull();
  });

  it("finds the field that holds each end's key by its value (Colleague's second end is ColleagueContactId)", async () => {
    const instance = (await findInstance("Colleague", contactProfileId(4), contactProfileId(1)))!;
    await h.client().deleteRelation(instanceRef(String(instance.RelationshipId)));
    expect(h.sandbox.requests.at(-1)!.body).toEqual({
      ProfileStrongIdFieldMappings: [{ FieldName: "ContactId", StrongIdKeyProperty: "ContactId" }],
      RelatedProfileStrongIdFieldMappings: [{ FieldName: "ColleagueContactId", StrongIdKeyProperty: "ContactId" }],
      RelationshipType: "Colleague",
      ContactId: contactStrongId(4),
      ColleagueContactId: contactStrongId(1),
    });
    expect(await findInstance("Colleague", contactProfileId(4), contactProfileId(1))).toBeUndefined();
  });

  it("an unknown instance is NOT_FOUND from the read, with no write", async () => {
    const error = await captureError(h.client().deleteRelation(instanceRef("rel-9999"))!);
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ userCode: "NOT_FOUND", status: 404, messages: ["Customer Insights (connection 'default') has no relationship instance 'rel-9999'"] });
    expect(h.sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("is sent once: a 503 on the POST is one write with writeOutcome UNKNOWN", async () => {
    const instance = (await findInstance("AccountContact", contactProfileId(5), ACCOUNT_FABRIKAM.profileId))!;
    h.sandbox.injectFault({ status: 503, body: { error: { code: "Busy", message: "later" } } }, { times: 3, match: (r) => r.method === "POST" });
    const error = await captureError(h.client().deleteRelation(instanceRef(String(instance.RelationshipId)))!);
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", writeOutcome: "UNKNOWN" });
    expect(h.sandbox.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("is null for refs that are no relation here", () => {
    expect(h.client().deleteRelation({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Contact", "ct-001"] })).toBeNull();
  });
});

describe("CustomerInsightsClient.checkCreateRelationshipInstance", () => {
  const input = {
    relationshipType: "AccountContact",
    profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }],
    relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }],
    properties: { ContactId: "C1020", AccountId: "A2003" },
  };

  it("an unknown type: VALIDATION on relationshipType listing the hub's types, no write", async () => {
    const error = await captureError(h.client().checkCreateRelationshipInstance({ ...input, relationshipType: "NoSuchType" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      field: ["relationshipType"],
      message: "relationshipType 'NoSuchType' is not a relation type of Customer Insights (connection 'default'); valid: AccountContact (Works for), Colleague (Colleague)",
    });
    expect(h.sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a mapping to a key no strong id of the end's profile type has: VALIDATION at that mapping, no write", async () => {
    const error = await captureError(
      h.client().checkCreateRelationshipInstance({ ...input, relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "ContactId" }] }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: ["relatedProfileStrongIdFieldMappings", "0", "strongIdKeyProperty"] });
    expect((error as Error).message).toMatch(/no strong id key of profile type Account.*takes Account at its second end/);
    expect(h.sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("wrong keys at both ends: every mapping at fault reported at once", async () => {
    const error = await captureError(
      h.client().checkCreateRelationshipInstance({
        ...input,
        profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "AccountId" }],
        relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "ContactId" }],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual([
      ["profileStrongIdFieldMappings", "0", "strongIdKeyProperty"],
      ["relatedProfileStrongIdFieldMappings", "0", "strongIdKeyProperty"],
    ]);
  });

  it("passes a type name in another casing and keys of composite strong ids", async () => {
    // A client of its own: the catalogue is not in its cache yet.
    await expect(
      h.client({ http: h.httpWith(5_000) }).checkCreateRelationshipInstance({
        ...input,
        relationshipType: "accountcontact",
        relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "TaxNumber" }],
      }),
    ).resolves.toBeUndefined();
    // Passed by the catalogue and the profile type's strong ids, not for want of a check.
    expect(h.sandbox.requests.map((r) => r.path)).toContain("/manage/model/relationships");
    expect(h.sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("an unreadable catalogue leaves the check to the hub", async () => {
    h.sandbox.injectFault({ status: 503, body: { error: { code: "Busy", message: "later" } } }, { times: 10, match: (r) => r.path === "/manage/model/relationships" });
    await expect(h.client({ http: h.httpWith(5_000) }).checkCreateRelationshipInstance({ ...input, relationshipType: "NoSuchType" })).resolves.toBeUndefined();
    // The catalogue was asked for (and answered 503): the type the hub will judge was not refused here.
    expect(h.sandbox.requests.filter((r) => r.path === "/manage/model/relationships").length).toBeGreaterThan(0);
    expect(h.sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
