import { describe, expect, it } from "vitest";
import { decodeId } from "../../../src/domain/ids.js";
import { UpstreamError, ValidationError, VendorRejection } from "../../../src/errors.js";
import {
  ACCOUNT_NORTHWIND,
  contactProfileId,
  contactStrongId,
  HUB_NAME,
  INTERACTION_TYPE_MEETING,
  RELATIONSHIP_LINK_MEETING,
  RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
} from "../../../src/sandbox/customer-insights/index.js";
import type { CreateRelationshipInstanceInput, UpsertRelationshipLinkInput } from "../../../src/vendors/customer-insights/validate.js";
import { captureError, useHarness, wire } from "./setup.js";

const h = useHarness();

function instanceInput(overrides: Partial<CreateRelationshipInstanceInput> = {}): CreateRelationshipInstanceInput {
  return {
    relationshipType: RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
    profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }],
    relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }],
    properties: { ContactId: contactStrongId(20), AccountId: ACCOUNT_NORTHWIND.accountId, Role: "Buyer", IsPrimary: false },
    ...overrides,
  };
}

function linkInput(overrides: Partial<UpsertRelationshipLinkInput> = {}): UpsertRelationshipLinkInput {
  return {
    name: "BuyerMeetings",
    interactionType: INTERACTION_TYPE_MEETING,
    relationshipName: RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
    displayName: [{ locale: "en-us", value: "Buyer meetings" }],
    description: [{ locale: "en-us", value: "Buyers who met an account" }],
    profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }],
    relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "AccountId" }],
    ...overrides,
  };
}

describe("createRelationshipInstance", () => {
  it("posts the PascalCase body with properties flattened in and maps the 202 answer", async () => {
    const instance = await h.client().createRelationshipInstance(instanceInput());

    expect(instance.status).toBe("ACCEPTED");
    expect(instance.relationshipType).toBe(RELATIONSHIP_TYPE_ACCOUNT_CONTACT);
    expect(instance.profileId).toBe(contactProfileId(20));
    expect(instance.relatedProfileId).toBe(ACCOUNT_NORTHWIND.profileId);
    expect(instance.properties).toMatchObject({ Role: "Buyer", IsPrimary: false, ContactId: "C1020" });
    expect(instance.sourceRef).toEqual({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Contact", "ct-020"] });
    expect(instance.targetRef).toEqual({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Account", "acc-northwind"] });
    expect(decodeId(instance.id)).toEqual({
      vendor: "CUSTOMER_INSIGHTS",
      connection: "default",
      kind: "RelationshipInstance",
      key: [instance.properties.RelationshipId],
    });

    const [post, definition] = h.sandbox.requests;
    expect(wire(post!)).toEqual({
      method: "POST",
      path: "/data/Relationships",
      query: { "api-version": "2017-04-26" },
      authorization: `Bearer ${h.sandbox.token}`,
      body: {
        ProfileStrongIdFieldMappings: [{ FieldName: "ContactId", StrongIdKeyProperty: "ContactId" }],
        RelatedProfileStrongIdFieldMappings: [{ FieldName: "AccountId", StrongIdKeyProperty: "AccountId" }],
        RelationshipType: "AccountContact",
        ContactId: "C1020",
        AccountId: "A2003",
        Role: "Buyer",
        IsPrimary: false,
      },
    });
    expect(post!.headers["content-type"]).toBe("application/json");
    expect(post!.headers.accept).toBe("application/json");
    // The end profile types come from the type definition.
    expect(wire(definition!)).toMatchObject({ method: "GET", path: "/manage/model/relationships/AccountContact" });
    expect(h.sandbox.requests).toHaveLength(2);
  });

  it("is an upsert on the hub: the same type and ends update the same instance", async () => {
    const client = h.client();
    const first = await client.createRelationshipInstance(instanceInput({ properties: { ContactId: "C1021", AccountId: "A2003", Role: "A" } }));
    const second = await client.createRelationshipInstance(instanceInput({ properties: { ContactId: "C1021", AccountId: "A2003", Role: "B" } }));
    expect(second.id).toBe(first.id);
    expect(second.properties.Role).toBe("B");
    // The loader was primed with the new state, so this read costs no call.
    h.sandbox.clearRequests();
    expect((await client.relationship(String(first.properties.RelationshipId)))?.properties.Role).toBe("B");
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("is never retried: a 503 on POST is one call and UPSTREAM_UNAVAILABLE", async () => {
    h.sandbox.injectFault({ status: 503, body: { error: { code: "Busy", message: "try later" } } }, { times: 3 });
    const error = await captureError(h.client().createRelationshipInstance(instanceInput()));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("UPSTREAM_UNAVAILABLE");
    expect((error as UpstreamError).status).toBe(503);
    expect(h.sandbox.requests).toHaveLength(1);
  });

  it.each([
    ["an undefined relationship type", { relationshipType: "NoSuchType" }, "Relationship type 'NoSuchType' is not defined in hub contosohub"],
    [
      "an unknown profile at one end",
      { properties: { ContactId: "C9999", AccountId: "A2003" } },
      "No Contact profile with ContactId='C9999'",
    ],
    [
      "a field the type does not define",
      { properties: { ContactId: "C1020", AccountId: "A2003", Colour: "red" } },
      "'Colour' is not a field of relationship type 'AccountContact'",
    ],
    [
      "a mapping to a key property the profile has no strong id for",
      {
        profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "Email" }],
        properties: { ContactId: "C1020", AccountId: "A2003" },
      },
      "'Email' is not a strong id key property of profile type 'Contact'",
    ],
  ])("turns the hub's 400 for %s into a VendorRejection with its message", async (_what, overrides, message) => {
    const error = await captureError(h.client().createRelationshipInstance(instanceInput(overrides)));
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ status: 400, userCode: "UPSTREAM_REJECTED", messages: [message] });
  });

  it.each([
    [404, { error: { code: "NotFound", message: "Hub not found" } }, "NOT_FOUND", ["Hub not found"]],
    [409, { error: { code: "Conflict", message: "Instance is being written" } }, "CONFLICT", ["Instance is being written"]],
    [422, "  Unprocessable: plain text answer  ", "UPSTREAM_REJECTED", ["Unprocessable: plain text answer"]],
    [400, "", "UPSTREAM_REJECTED", []],
  ] as const)("maps HTTP %i to %s with the hub's message or raw text", async (status, body, userCode, messages) => {
    h.sandbox.injectFault({ status, body });
    const error = await captureError(h.client().createRelationshipInstance(instanceInput()));
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ status, userCode, messages });
  });

  it("caps a huge raw error text", async () => {
    h.sandbox.injectFault({ status: 400, body: "x".repeat(5000) });
    const error = (await captureError(h.client().createRelationshipInstance(instanceInput()))) as VendorRejection;
    expect(error.messages[0]!.length).toBeLessThanOrEqual(500);
  });

  it("refuses a 202 answer without a RelationshipId as UPSTREAM_BAD_RESPONSE", async () => {
    h.sandbox.injectFault({ status: 202, body: { RelationshipType: "AccountContact" } });
    const error = await captureError(h.client().createRelationshipInstance(instanceInput()));
    expect(error).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
  });

  it("refuses an empty answer, or one of unexpected shape, as UPSTREAM_BAD_RESPONSE", async () => {
    for (const body of [undefined, [{ RelationshipId: "rel-1" }], { RelationshipId: { id: "rel-1" } }]) {
      h.sandbox.injectFault({ status: 200, body }, { match: (r) => r.method === "POST" });
      const error = await captureError(h.client().createRelationshipInstance(instanceInput()));
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", status: 200 });
    }
  });

  it("reads the answer's system keys in any casing and numbers as text", async () => {
    h.sandbox.injectFault({ status: 201, body: { relationshipId: 99, RelationshipType: "AccountContact", profileid: "ct-020", RELATEDPROFILEID: 7 } }, { match: (r) => r.method === "POST" });
    const instance = await h.client().createRelationshipInstance(instanceInput());
    expect(instance).toMatchObject({ status: "COMPLETED", profileId: "ct-020", relatedProfileId: "7", targetRef: { key: ["Account", "7"] } });
    expect(decodeId(instance.id)).toMatchObject({ key: ["99"] });
  });

  it.each([
    ["properties colliding with a reserved key", { properties: { ContactId: "C1", AccountId: "A1", relationshiptype: "X" } }, ["properties", "relationshiptype"]],
    [
      "ProfileStrongIdFieldMappings in properties",
      { properties: { ContactId: "C1", AccountId: "A1", ProfileStrongIdFieldMappings: [] } },
      ["properties", "ProfileStrongIdFieldMappings"],
    ],
    [
      "RelatedProfileStrongIdFieldMappings in properties",
      { properties: { ContactId: "C1", AccountId: "A1", RELATEDPROFILESTRONGIDFIELDMAPPINGS: [] } },
      ["properties", "RELATEDPROFILESTRONGIDFIELDMAPPINGS"],
    ],
    ["an empty relationship type", { relationshipType: "" }, ["relationshipType"]],
    ["a relationship type with a slash", { relationshipType: "Account/../x" }, ["relationshipType"]],
    ["an empty mapping list", { profileStrongIdFieldMappings: [] }, ["profileStrongIdFieldMappings"]],
    ["an empty related mapping list", { relatedProfileStrongIdFieldMappings: [] }, ["relatedProfileStrongIdFieldMappings"]],
    [
      "an empty fieldName",
      { relatedProfileStrongIdFieldMappings: [{ fieldName: " ", strongIdKeyProperty: "AccountId" }] },
      ["relatedProfileStrongIdFieldMappings", "0", "fieldName"],
    ],
    [
      "an empty strongIdKeyProperty",
      { profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "" }] },
      ["profileStrongIdFieldMappings", "0", "strongIdKeyProperty"],
    ],
    [
      "a mapped field without a value",
      { properties: { AccountId: "A2003" } },
      ["profileStrongIdFieldMappings", "0", "fieldName"],
    ],
  ])("rejects %s before any call", async (_what, overrides, field) => {
    const error = await captureError(h.client().createRelationshipInstance(instanceInput(overrides as Partial<CreateRelationshipInstanceInput>)));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toEqual(field);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("reports every bad field at once, each with its own message, before any call", async () => {
    const input = instanceInput({
      relationshipType: "no spaces",
      profileStrongIdFieldMappings: [],
      relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: " " }, { fieldName: "Missing", strongIdKeyProperty: "AccountId" }],
      properties: { ContactId: "C1", AccountId: "A1", RelationshipType: "X" },
    });
    const error = await captureError(h.client().createRelationshipInstance(input));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        field: ["relationshipType"],
        message: "relationshipType 'no spaces' must start with a letter, hold only letters, digits and '_', and be 2 to 512 characters long",
      },
      { field: ["properties", "RelationshipType"], message: "'RelationshipType' collides with the request's own 'RelationshipType' key; it cannot be a property" },
      { field: ["profileStrongIdFieldMappings"], message: "profileStrongIdFieldMappings needs at least one mapping" },
      { field: ["relatedProfileStrongIdFieldMappings", "0", "strongIdKeyProperty"], message: "strongIdKeyProperty must not be empty" },
      {
        field: ["relatedProfileStrongIdFieldMappings", "1", "fieldName"],
        message: "properties has no value for 'Missing', which relatedProfileStrongIdFieldMappings[1] maps to the strong id key 'AccountId'",
      },
    ]);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it.each([
    ["an unknown profile at the first end", { properties: { ContactId: "C9999", AccountId: "A2003" } }, "No Contact profile with ContactId='C9999'", ["profileStrongIdFieldMappings"]],
    ["an unknown profile at the second end", { properties: { ContactId: "C1020", AccountId: "A9999" } }, "No Account profile with AccountId='A9999'", ["relatedProfileStrongIdFieldMappings"]],
    ["an undefined relationship type", { relationshipType: "NoSuchType" }, "Relationship type 'NoSuchType' is not defined in hub contosohub", ["relationshipType"]],
    ["a field the type does not define", { properties: { ContactId: "C1020", AccountId: "A2003", Colour: "red" } }, "'Colour' is not a field of relationship type 'AccountContact'", null],
  ])("the hub's refusal for %s names the input field it is about", async (_what, overrides, message, field) => {
    const error = await captureError(h.client().createRelationshipInstance(instanceInput(overrides)));
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ messages: [message], fields: [field], field });
  });

  it("a profile message naming the values of both ends, or of neither, names no field", async () => {
    const both = instanceInput({ properties: { ContactId: "C1", AccountId: "A1" } });
    h.sandbox.injectFault({ status: 400, body: { error: { code: "ProfileNotFound", message: "No profile matches ContactId='C1' or AccountId='A1'" } } });
    expect(await captureError(h.client().createRelationshipInstance(both))).toMatchObject({ fields: [null] });
    h.sandbox.injectFault({ status: 400, body: { error: { code: "ProfileNotFound", message: "No profile with Id='x'" } } });
    expect(await captureError(h.client().createRelationshipInstance(both))).toMatchObject({ fields: [null] });
  });
});

describe("upsertRelationshipLink", () => {
  it("PUTs the camelCase body of the vendor's sample; a new link is 202 ACCEPTED, Provisioning", async () => {
    const { status, link } = await h.client().upsertRelationshipLink(linkInput());

    expect(status).toBe("ACCEPTED");
    expect(link).toMatchObject({
      kind: "RelationshipLink",
      name: "BuyerMeetings",
      linkName: "BuyerMeetings",
      interactionType: INTERACTION_TYPE_MEETING,
      relationshipName: RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
      displayName: [{ locale: "en-us", value: "Buyer meetings" }],
      description: [{ locale: "en-us", value: "Buyers who met an account" }],
      provisioningState: "Provisioning",
      tenantId: HUB_NAME,
      resourceType: "Microsoft.CustomerInsights/hubs/relationshipLinks",
    });
    expect(link.resourceId).toMatch(/^\/subscriptions\/.+\/providers\/Microsoft\.CustomerInsights\/hubs\/contosohub\/relationshipLinks\/BuyerMeetings$/);
    expect(decodeId(link.id)).toEqual({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "RelationshipLink", key: ["BuyerMeetings"] });

    expect(h.sandbox.requests.map(wire)).toEqual([
      {
        method: "PUT",
        path: "/manage/model/relationshipLinks/BuyerMeetings",
        query: { "api-version": "2017-04-26" },
        authorization: `Bearer ${h.sandbox.token}`,
        body: {
          description: { "en-us": "Buyers who met an account" },
          displayName: { "en-us": "Buyer meetings" },
          interactionType: "ContactMeeting",
          linkName: "BuyerMeetings",
          profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }],
          provisioningState: "Provisioning",
          relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "AccountId" }],
          relationshipName: "AccountContact",
          tenantId: "contosohub",
        },
      },
    ]);
  });

  it("updates an existing link with 200 COMPLETED and re-reads the new state in the same request", async () => {
    const client = h.client();
    expect((await client.relationshipLink(RELATIONSHIP_LINK_MEETING))?.displayName).toEqual([{ locale: "en-us", value: "Meeting attendance" }]);
    const { status, link } = await client.upsertRelationshipLink(
      linkInput({ name: RELATIONSHIP_LINK_MEETING, linkName: "IgnoredByHub", displayName: [{ locale: "nb-no", value: "Møter" }], description: null }),
    );
    expect(status).toBe("COMPLETED");
    expect(link.provisioningState).toBe("Succeeded");
    // linkName is read-only on the hub: the answer's value wins over the input.
    expect(link.linkName).toBe(RELATIONSHIP_LINK_MEETING);
    expect(h.sandbox.requests[1]!.body).toMatchObject({ linkName: "IgnoredByHub", displayName: { "nb-no": "Møter" } });
    expect(h.sandbox.requests[1]!.body).not.toHaveProperty("description");
    expect((await client.relationshipLink(RELATIONSHIP_LINK_MEETING))?.displayName).toEqual([{ locale: "nb-no", value: "Møter" }]);
    expect(h.sandbox.requests).toHaveLength(3);
  });

  it("fills what a bodiless 202 leaves out from the input", async () => {
    h.sandbox.injectFault({ status: 202 });
    const { status, link } = await h.client().upsertRelationshipLink(linkInput({ name: "Quiet" }));
    expect(status).toBe("ACCEPTED");
    expect(link).toMatchObject({
      name: "Quiet",
      linkName: "Quiet",
      interactionType: INTERACTION_TYPE_MEETING,
      tenantId: HUB_NAME,
      resourceId: null,
      provisioningState: null,
    });
  });

  it("fills from the input what an answer that is no resource, or holds odd values, leaves out", async () => {
    h.sandbox.injectFault({ status: 200, body: ["Succeeded"] });
    const odd = await h.client().upsertRelationshipLink(linkInput({ name: "OddAnswer" }));
    expect(odd).toMatchObject({ status: "COMPLETED", link: { name: "OddAnswer", interactionType: INTERACTION_TYPE_MEETING, provisioningState: null } });

    h.sandbox.injectFault({ status: 200, body: { name: 5, properties: { interactionType: {}, ProvisioningState: "Succeeded", displayName: "x" } } });
    const { link } = await h.client().upsertRelationshipLink(linkInput({ name: "OddValues" }));
    expect(link).toMatchObject({
      name: "5",
      interactionType: INTERACTION_TYPE_MEETING,
      provisioningState: "Succeeded",
      displayName: [{ locale: "en-us", value: "Buyer meetings" }],
    });
  });

  it("is retried on a 503 because PUT is idempotent", async () => {
    h.sandbox.injectFault({ status: 503, body: { error: { code: "Busy", message: "later" } } });
    const { status } = await h.client().upsertRelationshipLink(linkInput({ name: "RetriedLink" }));
    expect(status).toBe("ACCEPTED");
    expect(h.sandbox.requests).toHaveLength(2);
  });

  it.each([
    ["an undefined interaction type", { interactionType: "NoMeetings" }, "Interaction type 'NoMeetings' is not defined in hub contosohub"],
    ["an undefined relationship", { relationshipName: "NoRelation" }, "Relationship 'NoRelation' is not defined in hub contosohub"],
    [
      "a property the interaction lacks",
      { profilePropertyReferences: [{ interactionPropertyName: "Nope", profilePropertyName: "ContactId" }] },
      "'Nope' is not a property of interaction type 'ContactMeeting'",
    ],
  ])("turns the hub's 400 for %s into a VendorRejection", async (_what, overrides, message) => {
    const error = await captureError(h.client().upsertRelationshipLink(linkInput(overrides)));
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ status: 400, userCode: "UPSTREAM_REJECTED", messages: [message] });
  });

  it.each([
    ["an undefined interaction type", { interactionType: "NoMeetings" }, ["interactionType"]],
    ["an undefined relationship", { relationshipName: "NoRelation" }, ["relationshipName"]],
    ["a property the interaction lacks", { profilePropertyReferences: [{ interactionPropertyName: "Nope", profilePropertyName: "ContactId" }] }, null],
  ])("the hub's refusal for %s names the link's end it is about", async (_what, overrides, field) => {
    const error = await captureError(h.client().upsertRelationshipLink(linkInput(overrides)));
    expect(error).toMatchObject({ fields: [field], field });
  });

  it("reports every bad field at once, each with its own message, before any call", async () => {
    const input = linkInput({
      name: "",
      interactionType: "a b",
      displayName: [{ locale: "en-us", value: "a" }, { locale: "EN-US", value: "b" }],
      profilePropertyReferences: [],
      relatedProfilePropertyReferences: [{ interactionPropertyName: "", profilePropertyName: "" }],
    });
    const error = await captureError(h.client().upsertRelationshipLink(input));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: ["name"], message: "name must not be empty" },
      { field: ["interactionType"], message: "interactionType 'a b' must start with a letter, hold only letters, digits and '_', and be 2 to 512 characters long" },
      { field: ["displayName", "1", "locale"], message: "Locale 'EN-US' appears more than once" },
      { field: ["profilePropertyReferences"], message: "profilePropertyReferences needs at least one reference" },
      { field: ["relatedProfilePropertyReferences", "0", "interactionPropertyName"], message: "interactionPropertyName must not be empty" },
      { field: ["relatedProfilePropertyReferences", "0", "profilePropertyName"], message: "profilePropertyName must not be empty" },
    ]);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it.each([
    ["a name with a slash", { name: "a/b" }, ["name"]],
    ["a name of dots", { name: ".." }, ["name"]],
    ["a name with a space", { name: "my link" }, ["name"]],
    ["a one-character name", { name: "a" }, ["name"]],
    ["a name starting with a digit", { name: "1link" }, ["name"]],
    ["a name over 512 characters", { name: "a".repeat(513) }, ["name"]],
    ["an invalid linkName", { linkName: "x y" }, ["linkName"]],
    ["an invalid relationshipName", { relationshipName: "Account Contact" }, ["relationshipName"]],
    ["an empty interactionType", { interactionType: "" }, ["interactionType"]],
    [
      "duplicate locales (case-insensitive)",
      { displayName: [{ locale: "en-us", value: "a" }, { locale: "EN-US", value: "b" }] },
      ["displayName", "1", "locale"],
    ],
    ["an empty locale", { description: [{ locale: "", value: "a" }] }, ["description", "0", "locale"]],
    ["no profile references", { profilePropertyReferences: [] }, ["profilePropertyReferences"]],
    [
      "an empty profilePropertyName",
      { relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "" }] },
      ["relatedProfilePropertyReferences", "0", "profilePropertyName"],
    ],
  ])("rejects %s before any call", async (_what, overrides, field) => {
    const error = await captureError(h.client().upsertRelationshipLink(linkInput(overrides)));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toEqual(field);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("accepts a 512-character name", async () => {
    const name = `L${"x".repeat(511)}`;
    const { link } = await h.client().upsertRelationshipLink(linkInput({ name }));
    expect(link.name).toBe(name);
  });
});

describe("transport failures", () => {
  it("reports wrong credentials as UNAUTHENTICATED without the token in the message", async () => {
    const wrong = { ...h.connection, token: "ci-wrong-token-value-1234567890" };
    const client = h.client({ connection: wrong });
    for (const call of [
      () => client.createRelationshipInstance(instanceInput()),
      () => client.upsertRelationshipLink(linkInput()),
      () => client.profile("Contact", "ct-001"),
    ]) {
      const error = await captureError(call());
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
      expect(error.message).not.toContain(wrong.token);
      expect(error.message).not.toContain(h.sandbox.token);
      expect(JSON.stringify((error as UpstreamError).extensions())).not.toContain(wrong.token);
    }
    expect(h.sandbox.requests[0]!.headers.authorization).toBe(`Bearer ${wrong.token}`);
  });

  it("reports a hanging hub as UPSTREAM_TIMEOUT", async () => {
    h.sandbox.injectFault({ hang: true });
    const error = await captureError(h.client({ http: h.httpWith(150) }).createRelationshipInstance(instanceInput()));
    expect(error).toMatchObject({ code: "UPSTREAM_TIMEOUT" });
  });

  it("never echoes the token even when the hub's error text contains it", async () => {
    h.sandbox.injectFault({ status: 400, body: { error: { code: "Bad", message: `token ${h.sandbox.token} is odd` } } });
    const error = (await captureError(h.client().createRelationshipInstance(instanceInput()))) as VendorRejection;
    expect(error.messages).toEqual(["token [redacted] is odd"]);
    expect(error.message).not.toContain(h.sandbox.token);
  });
});
