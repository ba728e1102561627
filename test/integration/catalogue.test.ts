import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import { ACCOUNT_CONTOSO, CONTOSO_RELATIONSHIP_COUNT } from "../../src/sandbox/customer-insights/data.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { RecordedRequest, SandboxControls } from "../../src/sandbox/http.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The relation-type catalogue through the real server: relationTypes per vendor, RelationType
 * as a node, relationType on relations (batched: one catalogue read per connection and
 * request, counted at the sandboxes), and creates checked against it before any write.
 */

let t: TestGateway;
beforeAll(async () => {
  // A fresh gateway: its catalogue cache starts cold, so the counts below are of real reads.
  t = await startTestGateway({}, (connections) => {
    connections.SUPEROFFICE.second = { ...connections.SUPEROFFICE.default!, name: "second" };
    // Connections of their own for tests that need a cold catalogue cache (and a fresh read not made in the last 10 s).
    for (const name of ["ten", "refresh", "unreadable"]) connections.SUPEROFFICE[name] = { ...connections.SUPEROFFICE.default!, name };
  });
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const hl = HIGHLEVEL_DEMO;
const so = SUPEROFFICE_DEMO;

const TYPES = `query ($vendor: Vendor!, $connection: String) {
  relationTypes(vendor: $vendor, connection: $connection) { id vendor connection nativeId name inverseName sourceKinds targetKinds properties }
}`;

const writes = (sandbox: SandboxControls) => sandbox.requests.filter((r) => r.method !== "GET");
const count = (sandbox: SandboxControls, match: (r: RecordedRequest) => boolean) => sandbox.requests.filter(match).length;
const soList = (r: RecordedRequest) => r.path.endsWith("/MDOList/relationdefinition");
const soDefinition = (r: RecordedRequest) => /\/RelationDefinition\/\d+$/.test(r.path);
const hlList = (r: RecordedRequest) => r.path === "/associations/";
const ciList = (r: RecordedRequest) => r.path === "/manage/model/relationships";

describe("relationType on relations", () => {
  const RELATIONS_WITH_TYPES = `{
    so: contact(vendor: SUPEROFFICE, id: "${so.hubContactId}") { relations(first: 22) { nodes { relationType { nativeId name } ... on ContactRelation { relationDefinitionId } } } }
    so2: contact(vendor: SUPEROFFICE, connection: "second", id: "${so.hubContactId}") { relations(first: 22) { nodes { relationType { nativeId } } } }
    hl: contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { relations(first: 26) { nodes { relationType { nativeId sourceKinds } ... on AssociationRelation { associationId } } } }
    ci: profile(profileType: "Account", profileId: "${ACCOUNT_CONTOSO.profileId}") { relationships(first: 36) { nodes { relationType { nativeId } ... on RelationshipInstance { relationshipType } } } }
  }`;

  // First in this file: every connection's catalogue cache is still cold.
  it("resolves 20+ relations per connection with at most one catalogue read per connection, and none in the next request", async () => {
    const res = await t.gql<any>(RELATIONS_WITH_TYPES, {}, { "accept-language": "en" });
    expect(res.errors).toBeUndefined();
    const { so: soData, so2, hl: hlData, ci } = res.data;
    expect(soData.relations.nodes).toHaveLength(so.hubRelationCount);
    for (const node of soData.relations.nodes) expect(node.relationType.nativeId).toBe(String(node.relationDefinitionId));
    expect(so2.relations.nodes.every((n: any) => n.relationType !== null)).toBe(true);
    expect(hlData.relations.nodes).toHaveLength(hl.adaRelationCount);
    for (const node of hlData.relations.nodes) expect(node.relationType.nativeId).toBe(node.associationId);
    expect(ci.relationships.nodes).toHaveLength(CONTOSO_RELATIONSHIP_COUNT);
    for (const node of ci.relationships.nodes) expect(node.relationType.nativeId).toBe(node.relationshipType);

    // One catalogue read per connection (SuperOffice's is its list plus each definition once).
    const s = t.sandboxes;
    expect(count(s.superoffice, soList)).toBe(2);
    const definitionReads = s.superoffice.requests.filter(soDefinition).map((r) => r.path.split("/").pop());
    expect(definitionReads.sort()).toEqual(["1", "1", "2", "2", "3", "3", "4", "4", "9", "9"]);
    expect(count(s.highlevel, hlList)).toBe(1);
    expect(count(s.customerInsights, ciList)).toBe(1);

    t.reset();
    const again = await t.gql<any>(RELATIONS_WITH_TYPES, {}, { "accept-language": "en" });
    expect(again.errors).toBeUndefined();
    expect(count(s.superoffice, (r) => soList(r) || soDefinition(r)) + count(s.highlevel, hlList) + count(s.customerInsights, ciList)).toBe(0);
  });

  it("is null for a relation whose type the catalogue lacks", async () => {
    t.sandboxes.superoffice.data.relations.get(so.companyRelationId)!.definitionId = so.deletedRelationDefinitionId;
    try {
      const res = await t.gql<any>(`{ contactRelation(id: ${so.companyRelationId}) { relationDefinitionId relationType { nativeId } } }`);
      expect(res.data.contactRelation).toEqual({ relationDefinitionId: so.deletedRelationDefinitionId, relationType: null });
    } finally {
      t.sandboxes.superoffice.data.relations.get(so.companyRelationId)!.definitionId = 1;
    }
  });
});

describe("relationTypes", () => {
  it("lists each vendor's relation types with what the create mutations take", async () => {
    const res = await t.gql<any>(TYPES, { vendor: "SUPEROFFICE" }, { "accept-language": "en" });
    expect(res.errors).toBeUndefined();
    expect(res.data.relationTypes.map((x: any) => [x.nativeId, x.name, x.inverseName, x.sourceKinds, x.targetKinds])).toEqual([
      ["1", "Supplier to", "Customer of", ["CONTACT", "PERSON"], ["CONTACT", "PERSON"]],
      ["2", "Partner of", "Partner of", ["CONTACT", "PERSON"], ["CONTACT", "PERSON"]],
      ["3", "Parent company of", "Subsidiary of", ["CONTACT"], ["CONTACT"]],
      ["4", "Contact person for", "Has contact person", ["PERSON"], ["CONTACT", "PERSON"]],
    ]);
    const hlTypes = (await t.gql<any>(TYPES, { vendor: "HIGHLEVEL" })).data.relationTypes;
    expect(hlTypes.map((x: any) => x.nativeId)).toEqual(Object.values(hl.associations));
    expect(hlTypes[2]).toMatchObject({ vendor: "HIGHLEVEL", connection: "default", name: "pet_owner", inverseName: "Pet", sourceKinds: ["contact"], targetKinds: ["custom_objects.pets"] });
    const ciTypes = (await t.gql<any>(TYPES, { vendor: "CUSTOMER_INSIGHTS" })).data.relationTypes;
    expect(ciTypes.map((x: any) => [x.nativeId, x.name, x.sourceKinds, x.targetKinds])).toEqual([
      ["AccountContact", "Works for", ["Contact"], ["Account"]],
      ["Colleague", "Colleague", ["Contact"], ["Contact"]],
    ]);
  });

  it("an unknown connection is a VALIDATION error on the connection argument", async () => {
    const res = await t.gql<any>(TYPES, { vendor: "HIGHLEVEL", connection: "nope" });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION", field: ["connection"] });
  });

  it("a RelationType is a node: node(id:) and nodes(ids:) resolve it; an id not in the catalogue is null", async () => {
    const [type] = (await t.gql<any>(TYPES, { vendor: "HIGHLEVEL" })).data.relationTypes;
    const missing = encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "RelationType", key: ["asNope"] });
    const res = await t.gql<any>(`query ($id: ID!, $ids: [ID!]!) { node(id: $id) { __typename id ... on RelationType { nativeId } } nodes(ids: $ids) { id } }`, {
      id: type.id,
      ids: [type.id, missing],
    });
    expect(res.data).toEqual({ node: { __typename: "RelationType", id: type.id, nativeId: type.nativeId }, nodes: [{ id: type.id }, null] });
  });
});

describe("creates checked against the catalogue", () => {
  const SO = `mutation ($input: CreateContactRelationInput!) { createContactRelation(input: $input) { relation { id } userErrors { field message code } } }`;
  const HL = `mutation ($input: CreateAssociationRelationInput!) { createAssociationRelation(input: $input) { relation { id } userErrors { field message code } } }`;
  const CI = `mutation ($input: CreateRelationshipInstanceInput!) { createRelationshipInstance(input: $input) { relationship { id } userErrors { field message code } } }`;
  const ciInput = {
    relationshipType: "AccountContact",
    profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }],
    relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }],
    properties: { ContactId: "C1033", AccountId: "A2004" },
  };
  const payload = (res: { data?: any }) => Object.values(res.data ?? {})[0] as any;

  it.each([
    ["SuperOffice: an unknown definition", SO, { sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 77 }, ["input", "relationDefinitionId"], /^relationDefinitionId '77' is not a relation type of SuperOffice \(connection 'default'\); valid: 1 \(Supplier to\), 2 \(Partner of\), 3 \(Parent company of\), 4 \(Contact person for\)$/, () => t.sandboxes.superoffice],
    ["SuperOffice: a person where the definition takes companies", SO, { sourceContactId: 11, sourcePersonId: 101, destinationContactId: 12, relationDefinitionId: 3 }, ["input", "sourcePersonId"], /takes CONTACT at its first end/, () => t.sandboxes.superoffice],
    ["HighLevel: an unknown association", HL, { associationId: "asNope", firstRecordId: hl.contacts.grace, secondRecordId: hl.contacts.alan }, ["input", "associationId"], /^associationId 'asNope' is not a relation type of HighLevel \(connection 'default'\); valid: asReferral0000000001 \(contact_referral\), asMentor000000000002 \(mentor_mentee\), /, () => t.sandboxes.highlevel],
    ["HighLevel: a record of another object", HL, { associationId: hl.associations.petOwner, firstRecordId: hl.pets.rex, secondRecordId: hl.pets.luna }, ["input", "firstRecordId"], /takes contact at its first end/, () => t.sandboxes.highlevel],
    ["Customer Insights: an unknown type", CI, { ...ciInput, relationshipType: "NoSuchType" }, ["input", "relationshipType"], /valid: AccountContact \(Works for\), Colleague \(Colleague\)$/, () => t.sandboxes.customerInsights],
    ["Customer Insights: a key of another profile type", CI, { ...ciInput, profileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }] }, ["input", "profileStrongIdFieldMappings", "0", "strongIdKeyProperty"], /takes Contact at its first end/, () => t.sandboxes.customerInsights],
  ])("%s: VALIDATION at the field, zero write calls", async (_case, mutation, input, field, message, sandbox) => {
    const res = await t.gql<any>(mutation, { input }, { "accept-language": "en" });
    expect(payload(res)).toMatchObject({ userErrors: [{ field, message: expect.stringMatching(message), code: "VALIDATION" }] });
    expect(writes(sandbox())).toEqual([]);
  });

  it("lists at most ten valid types, and says how many more", async () => {
    const definitions = t.sandboxes.superoffice.data.definitions;
    for (let id = 100; id < 110; id++) definitions.set(id, { ...definitions.get(1)!, id, rank: id });
    try {
      const res = await t.gql<any>(SO, { input: { connection: "ten", sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 77 } });
      const message: string = payload(res).userErrors[0].message;
      expect(message.match(/\d+ \(/g)).toHaveLength(10);
      expect(message).toMatch(/ and 4 more$/);
    } finally {
      for (let id = 100; id < 110; id++) definitions.delete(id);
    }
  });

  it("a type created at the vendor since the cached read is found by a fresh read, and the create goes through", async () => {
    await t.gql(TYPES, { vendor: "SUPEROFFICE", connection: "refresh" }); // the cache holds the catalogue without definition 6
    const definitions = t.sandboxes.superoffice.data.definitions;
    definitions.set(6, { ...definitions.get(2)!, id: 6, rank: 6 });
    try {
      const res = await t.gql<any>(SO, { input: { connection: "refresh", sourceContactId: 14, destinationContactId: 15, relationDefinitionId: 6 } });
      expect(payload(res).userErrors).toEqual([]);
      expect(writes(t.sandboxes.superoffice)).toHaveLength(1);
    } finally {
      definitions.delete(6);
    }
  });

  it("when the catalogue cannot be read, the vendor's own check decides (UPSTREAM_REJECTED)", async () => {
    t.sandboxes.superoffice.injectFault({ status: 503, body: "busy" }, { times: 10, match: soList });
    const res = await t.gql<any>(SO, { input: { connection: "unreadable", sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 77 } });
    expect(payload(res).userErrors).toEqual([{ field: ["input", "relationDefinitionId"], message: "RelationDefinition id 77 not found", code: "UPSTREAM_REJECTED" }]);
    expect(writes(t.sandboxes.superoffice)).toHaveLength(1);

    t.sandboxes.superoffice.clearFaults();
    t.sandboxes.superoffice.injectFault({ status: 503, body: "busy" }, { times: 10, match: (r) => soList(r) || soDefinition(r) });
    // Another language is another (cold) catalogue of the connection.
    const ends = await t.gql<any>(SO, { input: { connection: "unreadable", sourceContactId: 11, sourcePersonId: 101, destinationContactId: 12, relationDefinitionId: 3 } }, { "accept-language": "fr" });
    expect(payload(ends).userErrors[0]).toMatchObject({ code: "UPSTREAM_REJECTED", message: expect.stringMatching(/relates Contact to Contact/) });
  });
});
