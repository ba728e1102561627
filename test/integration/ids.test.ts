import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EntityKind } from "../../src/domain/entities.js";
import { encodeId } from "../../src/domain/ids.js";
import type { Vendor } from "../../src/domain/vendor.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * Every field that takes an id, driven with malformed strings and with well-formed global ids
 * the gateway never issued: `node`/`nodes`/`_entities` answer null (ids the gateway did not
 * issue, by design); every other field — the typed queries, `relationsOf`, `relationTypes`' and
 * every field's `connection`, each mutation's id fields — answers a VALIDATION error naming the
 * argument (a userError for mutation input), never null; nothing is an internal error, and no
 * vendor is called.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const vendorCalls = () => t.vendorCalls();

/** Strings no vendor could hold, sent as variables (so no GraphQL literal escaping is involved). */
const MALFORMED: Array<[string, string]> = [
  ["empty", ""],
  ["blank", "   "],
  ["lone high surrogate", "a\ud800b"],
  ["lone low surrogate", "\udc00"],
  ["NUL", "a\u0000b"],
  ["control character", "a\u001bb"],
  ["10 KB", "x".repeat(10_240)],
];

/** Global ids that decode, but whose native key no vendor could hold (or that name nothing the vendor serves). */
const forged = (vendor: Vendor, kind: EntityKind, key: string[]) => encodeId({ vendor, connection: "default", kind, key });
const FORGED: Array<[string, string]> = [
  ["CI profile with a bad type", forged("CUSTOMER_INSIGHTS", "Profile", ["Not A Type!", "acc-contoso"])],
  ["CI profile with a lone surrogate", forged("CUSTOMER_INSIGHTS", "Profile", ["Account", "a\ud800b"])],
  ["CI link with a bad name", forged("CUSTOMER_INSIGHTS", "RelationshipLink", ["no spaces allowed"])],
  ["CI relationship with NUL", forged("CUSTOMER_INSIGHTS", "RelationshipInstance", ["a\u0000"])],
  ["SO contact 'abc'", forged("SUPEROFFICE", "Contact", ["abc"])],
  ["SO person -1", forged("SUPEROFFICE", "Person", ["-1"])],
  ["SO relation beyond int32", forged("SUPEROFFICE", "ContactRelation", ["99999999999"])],
  ["HL contact with a slash", forged("HIGHLEVEL", "Contact", ["a/b"])],
  ["HL contact with a lone surrogate", forged("HIGHLEVEL", "Contact", ["\ud800"])],
  ["HL record with a bad object key", forged("HIGHLEVEL", "Record", ["pets?x=1", "rec1"])],
  ["HL relation with a 10 KB id", forged("HIGHLEVEL", "AssociationRelation", ["x".repeat(10_240), "rec1"])],
  ["SO relation type 'abc'", forged("SUPEROFFICE", "RelationType", ["abc"])],
  ["CI relation type with a bad name", forged("CUSTOMER_INSIGHTS", "RelationType", ["no spaces allowed"])],
  ["HL relation type with a slash", forged("HIGHLEVEL", "RelationType", ["as/1"])],
  ["a kind the vendor does not serve", forged("SUPEROFFICE", "Profile", ["Account", "acc-contoso"])],
  ["an unknown connection", encodeId({ vendor: "SUPEROFFICE", connection: "nope", kind: "Contact", key: ["11"] })],
];

// A path in an id is garbage as a global id (and as a native one it is sent percent-encoded as one segment).
const ALL = [...MALFORMED, ["path traversal", "../../etc/passwd"] as [string, string], ...FORGED];

function expectNoInternalError(res: { status: number; errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  expect(res.status).toBe(200);
  for (const error of res.errors ?? []) expect(error.extensions?.code).toBe("VALIDATION");
}

describe.each(ALL)("an id that is %s", (_name, id) => {
  it("is null from node, nodes and _entities, with no vendor call", async () => {
    const res = await t.gql<any>(
      `query ($id: ID!, $ids: [ID!]!, $reps: [_Any!]!) {
        node(id: $id) { id }
        nodes(ids: $ids) { id }
        _entities(representations: $reps) { ... on Node { id } }
      }`,
      { id, ids: [id, id], reps: ["Profile", "Contact", "Person", "Record", "ContactRelation", "AssociationRelation", "RelationshipInstance", "RelationshipLink", "RelationType"].map((__typename) => ({ __typename, id })) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ node: null, nodes: [null, null], _entities: Array(9).fill(null) });
    expect(vendorCalls()).toEqual([]);
  });

  it("is a VALIDATION userError on input.id from deleteRelation, with no vendor call", async () => {
    const res = await t.gql<any>(`mutation ($id: ID!) { deleteRelation(input: { id: $id }) { deletedId userErrors { field code } } }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteRelation).toEqual({ deletedId: null, userErrors: [{ field: ["input", "id"], code: "VALIDATION" }] });
    expect(vendorCalls()).toEqual([]);
  });

  it("is a VALIDATION error (never an internal one) from relationsOf, with no vendor call", async () => {
    const res = await t.gql<any>(`query ($id: ID!) { relationsOf(id: $id) { nodes { id } } }`, { id });
    expectNoInternalError(res);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION" });
    expect(vendorCalls()).toEqual([]);
  });
});

/** A VALIDATION error naming the argument, the field's answer null, and no vendor call. */
function expectValidation(res: { status: number; data?: Record<string, unknown> | null; errors?: Array<{ extensions?: Record<string, unknown> }> }, field: string[]) {
  expectNoInternalError(res);
  expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: "VALIDATION", field }]);
  for (const value of Object.values(res.data ?? {})) expect(value).toBeNull();
  expect(vendorCalls()).toEqual([]);
}

/** Every typed query field that takes a native id (or a name that goes into a vendor URL), and the argument it is given in. */
const NATIVE_TEXT_FIELDS: Array<[string, string, string[]]> = [
  ["contact (SuperOffice)", `query ($id: String!) { contact(vendor: SUPEROFFICE, id: $id) { id } }`, ["id"]],
  ["contact (HighLevel)", `query ($id: String!) { contact(vendor: HIGHLEVEL, id: $id) { id } }`, ["id"]],
  ["profile id", `query ($id: String!) { profile(profileType: "Account", profileId: $id) { id } }`, ["profileId"]],
  ["profile type", `query ($id: String!) { profile(profileType: $id, profileId: "acc-contoso") { id } }`, ["profileType"]],
  ["record id", `query ($id: String!) { record(objectKey: "pets", id: $id) { id } }`, ["id"]],
  ["record object key", `query ($id: String!) { record(objectKey: $id, id: "rec1") { id } }`, ["objectKey"]],
  ["relationship link name", `query ($id: String!) { relationshipLink(name: $id) { id } }`, ["name"]],
  ["contact's connection name", `query ($id: String!) { contact(vendor: SUPEROFFICE, connection: $id, id: "11") { id } }`, ["connection"]],
  ["person's connection name", `query ($id: String!) { person(connection: $id, id: 101) { id } }`, ["connection"]],
  ["contactRelation's connection name", `query ($id: String!) { contactRelation(connection: $id, id: 1001) { id } }`, ["connection"]],
  ["profile's connection name", `query ($id: String!) { profile(connection: $id, profileType: "Account", profileId: "acc-contoso") { id } }`, ["connection"]],
  ["record's connection name", `query ($id: String!) { record(connection: $id, objectKey: "pets", id: "rec1") { id } }`, ["connection"]],
  ["relationshipLink's connection name", `query ($id: String!) { relationshipLink(connection: $id, name: "MeetingFollowUp") { id } }`, ["connection"]],
  ["relationTypes connection name", `query ($id: String!) { relationTypes(vendor: HIGHLEVEL, connection: $id) { id } }`, ["connection"]],
];

describe.each(MALFORMED)("a native id that is %s", (_name, id) => {
  it.each(NATIVE_TEXT_FIELDS)("%s: a VALIDATION error naming the argument, never null or an internal error, and no vendor call", async (_field, query, field) => {
    expectValidation(await t.gql<any>(query, { id }), field);
  });

  it.each([
    ["createAssociationRelation", `mutation ($id: String!) { createAssociationRelation(input: { associationId: $id, firstRecordId: $id, secondRecordId: $id }) { userErrors { field code } } }`, [["associationId"], ["firstRecordId"], ["secondRecordId"]]],
    ["createRelationshipInstance", `mutation ($id: String!) { createRelationshipInstance(input: { relationshipType: $id, profileStrongIdFieldMappings: [{ fieldName: $id, strongIdKeyProperty: $id }], relatedProfileStrongIdFieldMappings: [{ fieldName: $id, strongIdKeyProperty: $id }], properties: {} }) { userErrors { field code } } }`, [["relationshipType"], ["profileStrongIdFieldMappings", "0", "fieldName"], ["profileStrongIdFieldMappings", "0", "strongIdKeyProperty"], ["relatedProfileStrongIdFieldMappings", "0", "fieldName"], ["relatedProfileStrongIdFieldMappings", "0", "strongIdKeyProperty"]]],
    ["upsertRelationshipLink", `mutation ($id: String!) { upsertRelationshipLink(input: { name: $id, interactionType: $id, relationshipName: $id, profilePropertyReferences: [{ interactionPropertyName: $id, profilePropertyName: $id }], relatedProfilePropertyReferences: [{ interactionPropertyName: $id, profilePropertyName: $id }] }) { userErrors { field code } } }`, [["name"], ["interactionType"], ["relationshipName"], ["profilePropertyReferences", "0", "interactionPropertyName"], ["profilePropertyReferences", "0", "profilePropertyName"], ["relatedProfilePropertyReferences", "0", "interactionPropertyName"], ["relatedProfilePropertyReferences", "0", "profilePropertyName"]]],
  ])("%s: a VALIDATION userError on every field that holds it, no vendor call", async (_field, query, fields) => {
    const res = await t.gql<any>(query, { id });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data)[0] as { userErrors: Array<{ code: string; field: string[] }> };
    expect(payload.userErrors[0]).toMatchObject({ code: "VALIDATION" });
    expect(payload.userErrors).toEqual(fields.map((field) => ({ field: ["input", ...field], code: "VALIDATION" })));
    expect(vendorCalls()).toEqual([]);
  });
});

/** Int ids no SuperOffice record has (its ids are positive int32; larger ones GraphQL's Int refuses itself). */
const BAD_INTS: Array<[string, number]> = [
  ["zero", 0],
  ["negative", -5],
  ["the smallest Int", -2_147_483_648],
];

describe.each(BAD_INTS)("an Int id that is %s", (_name, id) => {
  it.each([
    ["person", `query ($id: Int!) { person(id: $id) { id } }`],
    ["contactRelation", `query ($id: Int!) { contactRelation(id: $id) { id } }`],
  ])("%s: a VALIDATION error on id, never null, and no vendor call", async (_field, query) => {
    expectValidation(await t.gql<any>(query, { id }), ["id"]);
  });

  it("createContactRelation: a VALIDATION userError on every id field that holds it, no vendor call", async () => {
    const res = await t.gql<any>(
      `mutation ($id: Int!) { createContactRelation(input: { sourceContactId: $id, sourcePersonId: $id, destinationContactId: $id, destinationPersonId: $id, relationDefinitionId: $id }) { relation { id } userErrors { field code } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createContactRelation).toEqual({
      relation: null,
      userErrors: ["sourceContactId", "sourcePersonId", "destinationContactId", "destinationPersonId", "relationDefinitionId"].map((field) => ({
        field: ["input", field],
        code: "VALIDATION",
      })),
    });
    expect(vendorCalls()).toEqual([]);
  });
});

it("an unknown connection's name is echoed shortened", async () => {
  const res = await t.gql<any>(`query ($c: String!) { contact(vendor: SUPEROFFICE, connection: $c, id: "11") { id } }`, { c: "x".repeat(10_240) });
  expect(res.errors?.[0]?.message).toBe(`Unknown SuperOffice connection '${"x".repeat(61)}...'; configured: default`);
});

describe("a vendor that has no records of the kind", () => {
  it("contact(vendor: CUSTOMER_INSIGHTS) is a VALIDATION error on vendor, with no vendor call", async () => {
    expectValidation(await t.gql<any>(`{ contact(vendor: CUSTOMER_INSIGHTS, id: "C1001") { id } }`), ["vendor"]);
  });
});

describe.each(ALL)("a global id that is %s", (_name, id) => {
  it("is a VALIDATION error on id from relationsOf (never null), with no vendor call", async () => {
    expectValidation(await t.gql<any>(`query ($id: ID!) { relationsOf(id: $id) { nodes { id } } }`, { id }), ["id"]);
  });
});

describe("a SuperOffice id with leading zeros (\"0001000\" is not relation 1000)", () => {
  const zeros = (kind: EntityKind) => forged("SUPEROFFICE", kind, ["0001000"]);

  it("typed by the client: a VALIDATION error on id that says so, no vendor call", async () => {
    const res = await t.gql<any>(`query ($id: String!) { contact(vendor: SUPEROFFICE, id: $id) { id } }`, { id: "0000011" });
    expectValidation(res, ["id"]);
    expect(res.errors?.[0]?.message).toBe('id must be a positive SuperOffice id without leading zeros (got "0000011")');
  });

  it("inside a global id: relationsOf is a VALIDATION error that says so; node is null; no vendor call", async () => {
    const listed = await t.gql<any>(`query ($id: ID!) { relationsOf(id: $id) { nodes { id } } }`, { id: zeros("Contact") });
    expectValidation(listed, ["id"]);
    expect(listed.errors?.[0]?.message).toMatch(/without leading zeros \(got "0001000"\)/);
    const node = await t.gql<any>(`query ($id: ID!) { node(id: $id) { id } }`, { id: zeros("ContactRelation") });
    expect(node.errors).toBeUndefined();
    expect(node.data.node).toBeNull();
    expect(vendorCalls()).toEqual([]);
  });

  it("deleteRelation: a VALIDATION userError on input.id that says so, and no vendor call (never a delete of relation 1000)", async () => {
    const res = await t.gql<any>(`mutation ($id: ID!) { deleteRelation(input: { id: $id }) { deletedId userErrors { field message code } } }`, {
      id: zeros("ContactRelation"),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteRelation.deletedId).toBeNull();
    expect(res.data.deleteRelation.userErrors).toEqual([
      { field: ["input", "id"], message: expect.stringMatching(/without leading zeros \(got "0001000"\)/), code: "VALIDATION" },
    ]);
    expect(vendorCalls()).toEqual([]);
  });

  it("an Int input given as the string \"0001000\" is refused by GraphQL itself, with no vendor call", async () => {
    const res = await t.gql<any>(
      `mutation ($input: CreateContactRelationInput!) { createContactRelation(input: $input) { relation { id } userErrors { field code } } }`,
      { input: { sourceContactId: "0000011", destinationContactId: 12, relationDefinitionId: 1 } },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toMatch(/sourceContactId.*Int/);
    expect(vendorCalls()).toEqual([]);
  });
});
