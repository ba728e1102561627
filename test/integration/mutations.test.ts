import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeId } from "../../src/domain/ids.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/index.js";
import {
  CreateAssociationRelationAllFieldsDocument,
  CreateContactRelationAllFieldsDocument,
  CreateRelationshipInstanceAllFieldsDocument,
  UpsertRelationshipLinkAllFieldsDocument,
} from "../generated/graphql.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The four mutations through the real server over HTTP, against the sandbox vendors:
 * the exact wire request each vendor received, and the mapped GraphQL answer.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: 500 }, (connections) => {
    connections.CUSTOMER_INSIGHTS.badauth = { ...connections.CUSTOMER_INSIGHTS.default!, name: "badauth", token: "wrong" };
    connections.SUPEROFFICE.badauth = { ...connections.SUPEROFFICE.default!, name: "badauth", authorization: "SOTicket 7T:wrong" };
    connections.HIGHLEVEL.badauth = { ...connections.HIGHLEVEL.default!, name: "badauth", token: "wrong" };
    connections.SUPEROFFICE.localized = {
      ...connections.SUPEROFFICE.default!,
      name: "localized",
      language: "en",
      culture: "nb",
      timeZone: "CET",
    };
    connections.SUPEROFFICE.unlocalized = { ...connections.SUPEROFFICE.default!, name: "unlocalized", language: undefined };
  });
});
afterAll(() => t.close());
beforeEach(() => t.reset());

/** Reads a create may make before its write: the relation-type catalogue and, for HighLevel, the end records it checks. */
const CHECK_READ = /\/(MDOList|RelationDefinition)\/|\/associations\/$|\/contacts\/|\/objects\/|\/manage\/model\/(relationships|profiles)\b/;

/** The one write the vendor received (before it only the create's checks read; after it the typed documents read the ends back with GETs). */
const only = (requests: RecordedRequest[]): RecordedRequest => {
  const writes = requests.filter((r) => r.method !== "GET");
  expect(writes).toHaveLength(1);
  const before = requests.slice(0, requests.indexOf(writes[0]!));
  expect(before.filter((r) => r.method !== "GET" || !CHECK_READ.test(r.path))).toEqual([]);
  return writes[0]!;
};

const ciInput = {
  relationshipType: "AccountContact",
  profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }],
  relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }],
  properties: { ContactId: "C1039", AccountId: "A2002", Role: "Buyer", IsPrimary: true },
};

const linkInput = {
  name: "MeetingFollowUp",
  interactionType: "ContactMeeting",
  relationshipName: "AccountContact",
  displayName: [{ locale: "en-us", value: "Meeting follow-up" }, { locale: "nb-no", value: "Møteoppfølging" }],
  description: [{ locale: "en-us", value: "Follow-ups create work relations" }],
  profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }],
  relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "AccountId" }],
};

const soInput = {
  sourceContactId: SUPEROFFICE_DEMO.hubContactId,
  sourcePersonId: SUPEROFFICE_DEMO.busyPersonId,
  destinationContactId: 15,
  relationDefinitionId: 2,
  reversed: true,
  comment: "Introduced at the Bergen fair",
};

const hl = HIGHLEVEL_DEMO;
const hlInput = { associationId: hl.associations.petOwner, firstRecordId: hl.contacts.linus, secondRecordId: hl.pets.nala };

describe("createRelationshipInstance", () => {
  it("POSTs the PascalCase instance to /data/Relationships and maps the 202 answer", async () => {
    const res = await t.gql(CreateRelationshipInstanceAllFieldsDocument, { input: ciInput });
    const sandbox = t.sandboxes.customerInsights;
    const wire = only(sandbox.requests);
    expect(wire.method).toBe("POST");
    expect(wire.path).toBe("/data/Relationships");
    expect(wire.query.toString()).toBe("api-version=2017-04-26");
    expect(wire.headers.authorization).toBe(`Bearer ${sandbox.connection().token}`);
    expect(wire.headers["content-type"]).toBe("application/json");
    expect(wire.body).toEqual({
      ProfileStrongIdFieldMappings: [{ FieldName: "ContactId", StrongIdKeyProperty: "ContactId" }],
      RelatedProfileStrongIdFieldMappings: [{ FieldName: "AccountId", StrongIdKeyProperty: "AccountId" }],
      RelationshipType: "AccountContact",
      ContactId: "C1039",
      AccountId: "A2002",
      Role: "Buyer",
      IsPrimary: true,
    });
    const payload = res.data!.createRelationshipInstance;
    expect(payload.userErrors).toEqual([]);
    expect(payload.status).toBe("ACCEPTED");
    expect(payload.relationship).toMatchObject({
      vendor: "CUSTOMER_INSIGHTS",
      connection: "default",
      relationshipType: "AccountContact",
      profileId: "ct-039",
      relatedProfileId: "acc-fabrikam",
      status: "ACCEPTED",
    });
    expect(payload.relationship!.properties).toMatchObject({ Role: "Buyer", RelationshipType: "AccountContact" });
    expect(decodeId(payload.relationship!.id)).toMatchObject({ vendor: "CUSTOMER_INSIGHTS", kind: "RelationshipInstance" });
  });

  it("rejects reserved property names with VALIDATION at the field, before any call", async () => {
    const res = await t.gql(CreateRelationshipInstanceAllFieldsDocument, {
      input: { ...ciInput, properties: { ...ciInput.properties, relationshipType: "Other" } },
    });
    const payload = res.data!.createRelationshipInstance;
    expect(payload.relationship).toBeNull();
    expect(payload.userErrors).toEqual([
      expect.objectContaining({ code: "VALIDATION", field: ["input", "properties", "relationshipType"] }),
    ]);
    expect(t.sandboxes.customerInsights.requests).toHaveLength(0);
  });

  it("passes the hub's rejection on as UPSTREAM_REJECTED (when the catalogue cannot be read to refuse it first)", async () => {
    const catalogue = (r: RecordedRequest) => r.method === "GET" && r.path === "/manage/model/relationships";
    t.sandboxes.customerInsights.injectFault({ status: 503, body: { error: { code: "Busy", message: "later" } } }, { times: 10, match: catalogue });
    const res = await t.gql(CreateRelationshipInstanceAllFieldsDocument, { input: { ...ciInput, relationshipType: "NoSuchType" } });
    const payload = res.data!.createRelationshipInstance;
    expect(payload.relationship).toBeNull();
    expect(payload.userErrors).toHaveLength(1);
    expect(payload.userErrors[0]).toMatchObject({ code: "UPSTREAM_REJECTED" });
    expect(payload.userErrors[0]!.message).toContain("NoSuchType");
  });
});

describe("upsertRelationshipLink", () => {
  it("PUTs the camelCase link with locale maps, linkName defaulted and tenantId from the connection", async () => {
    const res = await t.gql(UpsertRelationshipLinkAllFieldsDocument, { input: linkInput });
    const sandbox = t.sandboxes.customerInsights;
    const wire = only(sandbox.requests);
    expect(wire.method).toBe("PUT");
    expect(wire.path).toBe("/manage/model/relationshipLinks/MeetingFollowUp");
    expect(wire.query.toString()).toBe("api-version=2017-04-26");
    expect(wire.headers.authorization).toBe(`Bearer ${sandbox.connection().token}`);
    expect(wire.body).toEqual({
      description: { "en-us": "Follow-ups create work relations" },
      displayName: { "en-us": "Meeting follow-up", "nb-no": "Møteoppfølging" },
      interactionType: "ContactMeeting",
      linkName: "MeetingFollowUp",
      profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }],
      provisioningState: "Provisioning",
      relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "AccountId" }],
      relationshipName: "AccountContact",
      tenantId: sandbox.connection().tenantId,
    });
    const payload = res.data!.upsertRelationshipLink;
    expect(payload.userErrors).toEqual([]);
    expect(payload.link).toMatchObject({
      name: "MeetingFollowUp",
      linkName: "MeetingFollowUp",
      interactionType: "ContactMeeting",
      relationshipName: "AccountContact",
      displayName: [
        { locale: "en-us", value: "Meeting follow-up" },
        { locale: "nb-no", value: "Møteoppfølging" },
      ],
      resourceType: "Microsoft.CustomerInsights/hubs/relationshipLinks",
    });
    expect(payload.link!.resourceId).toMatch(/relationshipLinks\/MeetingFollowUp$/);
    expect(["ACCEPTED", "COMPLETED"]).toContain(payload.status);

    // The second PUT updates an existing link: the hub answers 200 → COMPLETED.
    const again = await t.gql(UpsertRelationshipLinkAllFieldsDocument, { input: { ...linkInput, linkName: "FollowUps" } });
    expect(again.data!.upsertRelationshipLink.status).toBe("COMPLETED");
    expect((sandbox.requests[1]!.body as { linkName: string }).linkName).toBe("FollowUps");
  });

  it.each(["bad/name", "..", "a", "x y", "1abc"])("rejects link name %j with VALIDATION and no call", async (name) => {
    const res = await t.gql(UpsertRelationshipLinkAllFieldsDocument, { input: { ...linkInput, name } });
    const payload = res.data!.upsertRelationshipLink;
    expect(payload.link).toBeNull();
    expect(payload.userErrors[0]).toMatchObject({ code: "VALIDATION", field: ["input", "name"] });
    expect(t.sandboxes.customerInsights.requests).toHaveLength(0);
  });

  it("passes an unknown interaction type's 400 on as UPSTREAM_REJECTED", async () => {
    const res = await t.gql(UpsertRelationshipLinkAllFieldsDocument, { input: { ...linkInput, interactionType: "NoSuchInteraction" } });
    expect(res.data!.upsertRelationshipLink.userErrors[0]).toMatchObject({ code: "UPSTREAM_REJECTED" });
  });
});

describe("createContactRelation", () => {
  it("POSTs a PascalCase ContactRelationEntity with the configured auth and the caller's language", async () => {
    const res = await t.gql(CreateContactRelationAllFieldsDocument, { input: soInput }, { "accept-language": "en" });
    const sandbox = t.sandboxes.superoffice;
    const connection = sandbox.connection();
    const wire = only(sandbox.requests);
    expect(wire.method).toBe("POST");
    expect(wire.path).toBe("/Cust12345/api/v1/Relation");
    expect(wire.query.toString()).toBe("");
    expect(wire.headers.authorization).toBe(connection.authorization);
    expect(wire.headers["so-apptoken"]).toBe(connection.appToken);
    expect(wire.headers["accept-language"]).toBe("en");
    expect(wire.body).toEqual({
      RelationId: 0,
      SourceContactId: 11,
      SourcePersonId: 101,
      DestinationContactId: 15,
      DestinationPersonId: 0,
      RelationDefinitionId: 2,
      Reversed: 1,
      Comment: "Introduced at the Bergen fair",
    });
    const payload = res.data!.createContactRelation;
    expect(payload.userErrors).toEqual([]);
    const relation = payload.relation!;
    expect(relation).toMatchObject({
      vendor: "SUPEROFFICE",
      relationDefinitionId: 2,
      reversed: true,
      comment: "Introduced at the Bergen fair",
      source: { __typename: "Person", nativeId: "101" },
      target: { __typename: "Contact", nativeId: "15" },
      sourceContact: { nativeId: "11" },
      sourcePerson: { nativeId: "101" },
      destinationContact: { nativeId: "15" },
      destinationPerson: null,
    });
    expect(relation.relationId).toBeGreaterThan(0);
    expect(relation.activeText).not.toContain('US:"');
    expect(new Date(relation.createdDate as string).getTime()).not.toBeNaN();
    expect(relation.createdBy).toMatchObject({ associateId: expect.any(Number) });
    expect(relation.properties).toHaveProperty("TableRight");
    expect(relation.properties).toHaveProperty("FieldProperties");
    expect(relation.properties).toHaveProperty("_Links");
  });

  it("sends the connection's language, culture and time zone when the caller names no language", async () => {
    const res = await t.gql(CreateContactRelationAllFieldsDocument, { input: { ...soInput, connection: "localized" } });
    const wire = only(t.sandboxes.superoffice.requests);
    expect(wire.headers["accept-language"]).toBe("en");
    expect(wire.headers["so-culture"]).toBe("nb");
    expect(wire.headers["so-timezone"]).toBe("CET");
    expect(res.data!.createContactRelation.relation!.activeText).not.toContain('US:"');

    t.reset();
    await t.gql(CreateContactRelationAllFieldsDocument, { input: { ...soInput, connection: "localized" } }, { "accept-language": "no" });
    expect(only(t.sandboxes.superoffice.requests).headers["accept-language"]).toBe("no");
  });

  it("leaves the language out when neither the caller nor the connection names one", async () => {
    await t.gql(CreateContactRelationAllFieldsDocument, { input: { ...soInput, connection: "unlocalized" } });
    const wire = only(t.sandboxes.superoffice.requests);
    expect(wire.headers["accept-language"]).toBeUndefined();
    expect(wire.headers["so-culture"]).toBeUndefined();
  });

  it("passes SuperOffice's refusal of a person of another contact on as UPSTREAM_REJECTED", async () => {
    const res = await t.gql(CreateContactRelationAllFieldsDocument, {
      input: { ...soInput, sourcePersonId: SUPEROFFICE_DEMO.personOfContact12 },
    });
    const payload = res.data!.createContactRelation;
    expect(payload.relation).toBeNull();
    expect(payload.userErrors).toHaveLength(1);
    expect(payload.userErrors[0]).toMatchObject({ code: "UPSTREAM_REJECTED" });
    expect(payload.userErrors[0]!.message).toMatch(/103/);
  });

  it("rejects non-positive ids with VALIDATION and no call", async () => {
    const res = await t.gql(CreateContactRelationAllFieldsDocument, { input: { ...soInput, destinationContactId: 0 } });
    expect(res.data!.createContactRelation.userErrors[0]).toMatchObject({
      code: "VALIDATION",
      field: ["input", "destinationContactId"],
    });
    expect(t.sandboxes.superoffice.requests).toHaveLength(0);
  });
});

describe("createAssociationRelation", () => {
  it("POSTs the four ids with Bearer and Version headers, locationId from the connection", async () => {
    const res = await t.gql(CreateAssociationRelationAllFieldsDocument, { input: hlInput });
    const sandbox = t.sandboxes.highlevel;
    const wire = only(sandbox.requests);
    expect(wire.method).toBe("POST");
    expect(wire.path).toBe("/associations/relations");
    expect(wire.query.toString()).toBe("");
    expect(wire.headers.authorization).toBe(`Bearer ${sandbox.connection().token}`);
    expect(wire.headers.version).toBe("2021-07-28");
    expect(wire.body).toEqual({ locationId: hl.locationId, ...hlInput });
    const payload = res.data!.createAssociationRelation;
    expect(payload.userErrors).toEqual([]);
    expect(payload.relation).toMatchObject({
      vendor: "HIGHLEVEL",
      locationId: hl.locationId,
      associationId: hl.associations.petOwner,
      firstRecordId: hl.contacts.linus,
      secondRecordId: hl.pets.nala,
      firstObjectKey: "contact",
      secondObjectKey: "custom_objects.pets",
      associationType: "USER_DEFINED",
      source: { __typename: "Contact", nativeId: hl.contacts.linus },
      target: { __typename: "Record", nativeId: hl.pets.nala, objectKey: "custom_objects.pets" },
    });
    expect(payload.relation!.relationId).toBeTruthy();
  });

  it("reports a duplicate relation as CONFLICT", async () => {
    const input = { associationId: hl.associations.mentor, firstRecordId: hl.contacts.grace, secondRecordId: hl.contacts.linus };
    expect((await t.gql(CreateAssociationRelationAllFieldsDocument, { input })).data!.createAssociationRelation.userErrors).toEqual([]);
    const res = await t.gql(CreateAssociationRelationAllFieldsDocument, { input });
    const payload = res.data!.createAssociationRelation;
    expect(payload.relation).toBeNull();
    expect(payload.userErrors[0]).toMatchObject({ code: "CONFLICT" });
    expect(payload.userErrors[0]!.message).toContain("duplicate relation");
  });

  it("passes a record of the wrong object on as UPSTREAM_REJECTED (when the end records cannot be read to refuse it first)", async () => {
    const recordRead = (r: RecordedRequest) => r.method === "GET" && r.path.startsWith("/objects/");
    t.sandboxes.highlevel.injectFault({ status: 503, body: { statusCode: 503, message: "later" } }, { times: 10, match: recordRead });
    const res = await t.gql(CreateAssociationRelationAllFieldsDocument, { input: { ...hlInput, secondRecordId: hl.vehicles.van } });
    expect(res.data!.createAssociationRelation.userErrors[0]).toMatchObject({ code: "UPSTREAM_REJECTED" });
  });

  it("rejects empty ids with VALIDATION at the field and makes no call", async () => {
    const res = await t.gql(CreateAssociationRelationAllFieldsDocument, { input: { ...hlInput, firstRecordId: "  " } });
    expect(res.data!.createAssociationRelation.userErrors[0]).toMatchObject({
      code: "VALIDATION",
      field: ["input", "firstRecordId"],
    });
    expect(t.sandboxes.highlevel.requests).toHaveLength(0);
  });
});

/** One mutation per vendor operation, as the failure-path tests below drive them. */
const MUTATIONS = [
  { name: "createRelationshipInstance", doc: CreateRelationshipInstanceAllFieldsDocument, input: ciInput, vendor: "CUSTOMER_INSIGHTS", sandbox: () => t.sandboxes.customerInsights },
  { name: "upsertRelationshipLink", doc: UpsertRelationshipLinkAllFieldsDocument, input: linkInput, vendor: "CUSTOMER_INSIGHTS", sandbox: () => t.sandboxes.customerInsights },
  { name: "createContactRelation", doc: CreateContactRelationAllFieldsDocument, input: soInput, vendor: "SUPEROFFICE", sandbox: () => t.sandboxes.superoffice },
  { name: "createAssociationRelation", doc: CreateAssociationRelationAllFieldsDocument, input: hlInput, vendor: "HIGHLEVEL", sandbox: () => t.sandboxes.highlevel },
] as const;

describe.each(MUTATIONS)("$name failure paths", ({ name, doc, input, vendor, sandbox }) => {
  const run = (vars: Record<string, unknown>) => t.gql(doc as never, { input: { ...input, ...vars } } as never);

  it("an unknown connection is VALIDATION on input.connection, with no call", async () => {
    const res = await run({ connection: "nope" });
    expect(res.data![name].userErrors).toEqual([
      expect.objectContaining({ code: "VALIDATION", field: ["input", "connection"] }),
    ]);
    expect(sandbox().requests).toHaveLength(0);
  });

  it("bad credentials (401) are UNAUTHENTICATED with vendor and connection", async () => {
    const res = await run({ connection: "badauth" });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", vendor, connection: "badauth", status: 401 });
    expect(res.errors![0]!.path).toEqual([name]);
  });

  it("a 5xx is UPSTREAM_UNAVAILABLE, and the gateway serves the next request", async () => {
    // On the write: the create's checks read first, and a failed check read falls through to the write.
    sandbox().injectFault({ status: 503, body: { error: "maintenance" } }, { times: 3, match: (r) => r.method !== "GET" });
    const res = await run({});
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", vendor, status: 503 });
    sandbox().clearFaults();
    const next = await t.gql(`{ connections { name } }`);
    expect(next.errors).toBeUndefined();
  });

  it("a hanging vendor is UPSTREAM_TIMEOUT within the deadline, and the gateway serves the next request", async () => {
    sandbox().injectFault({ hang: true }, { times: 3 });
    const started = Date.now();
    const res = await run({});
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", vendor, connection: "default" });
    expect(Date.now() - started).toBeLessThan(5_000);
    sandbox().clearFaults();
    const next = await run({ connection: "nope" });
    expect(next.status).toBe(200);
  });
});
