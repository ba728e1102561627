import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO as HL } from "../../src/sandbox/highlevel/index.js";
import { SUPEROFFICE_DEMO as SO } from "../../src/sandbox/superoffice/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * What a client learns from one mutation with bad input: every field at fault at once (one
 * userError each, no vendor call), and, when the vendor refuses a record an end names, the input
 * field of that end.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const vendorCalls = () => t.vendorCalls();

async function userErrors(mutation: string, input: Record<string, unknown>): Promise<Array<{ field: string[] | null; message: string; code: string }>> {
  const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const res = await t.gql<any>(`mutation ($input: ${type}!) { ${mutation}(input: $input) { userErrors { field message code } } }`, { input });
  expect(res.errors).toBeUndefined();
  return res.data[mutation].userErrors;
}

const validation = (field: string[], message: string | RegExp) => ({
  field: ["input", ...field],
  message: typeof message === "string" ? message : expect.stringMatching(message),
  code: "VALIDATION",
});

describe("every invalid input field of a mutation is reported at once, with no vendor call", () => {
  it("createContactRelation", async () => {
    const errors = await userErrors("createContactRelation", {
      connection: "nope",
      idempotencyKey: "",
      sourceContactId: 0,
      sourcePersonId: -1,
      destinationContactId: -5,
      relationDefinitionId: 0,
      comment: "x".repeat(255),
    });
    expect(errors).toEqual([
      validation(["idempotencyKey"], "idempotencyKey must be 1 to 255 printable ASCII characters"),
      validation(["connection"], "Unknown SuperOffice connection 'nope'; configured: default"),
      validation(["sourceContactId"], "sourceContactId must be a positive SuperOffice id (got 0)"),
      validation(["sourcePersonId"], "sourcePersonId must be a positive SuperOffice id (got -1); leave it null for the company itself"),
      validation(["destinationContactId"], "destinationContactId must be a positive SuperOffice id (got -5)"),
      validation(["relationDefinitionId"], "relationDefinitionId must be a positive SuperOffice id (got 0)"),
      validation(["comment"], "comment is 255 characters; SuperOffice stores at most 254"),
    ]);
    expect(vendorCalls()).toEqual([]);
  });

  it("createContactRelation: the issue's example (sourceContactId 0, destinationContactId -5) names both", async () => {
    const errors = await userErrors("createContactRelation", { sourceContactId: 0, destinationContactId: -5, relationDefinitionId: 1 });
    expect(errors.map((e) => e.field)).toEqual([
      ["input", "sourceContactId"],
      ["input", "destinationContactId"],
    ]);
  });

  it("createAssociationRelation", async () => {
    const errors = await userErrors("createAssociationRelation", { locationId: "a/b", associationId: "", firstRecordId: "x y", secondRecordId: "   " });
    expect(errors).toEqual([
      validation(["locationId"], "locationId must not contain whitespace or slashes"),
      validation(["associationId"], "associationId must not be empty"),
      validation(["firstRecordId"], "firstRecordId must not contain whitespace or slashes"),
      validation(["secondRecordId"], "secondRecordId must not be empty"),
    ]);
    expect(vendorCalls()).toEqual([]);
  });

  it("createAssociationRelation on an unknown connection still checks the other fields", async () => {
    const errors = await userErrors("createAssociationRelation", { connection: "nope", associationId: "", firstRecordId: HL.contacts.ada, secondRecordId: "a/b" });
    expect(errors).toEqual([
      validation(["connection"], "Unknown HighLevel connection 'nope'; configured: default"),
      validation(["associationId"], "associationId must not be empty"),
      validation(["secondRecordId"], "secondRecordId must not contain whitespace or slashes"),
    ]);
    expect(vendorCalls()).toEqual([]);
  });

  it("createRelationshipInstance", async () => {
    const errors = await userErrors("createRelationshipInstance", {
      relationshipType: "no spaces",
      profileStrongIdFieldMappings: [],
      relatedProfileStrongIdFieldMappings: [{ fieldName: "", strongIdKeyProperty: "" }],
      properties: { AccountId: "A1", relationshiptype: "x" },
    });
    expect(errors).toEqual([
      validation(["relationshipType"], /^relationshipType 'no spaces' must start with a letter/),
      validation(["properties", "relationshiptype"], "'relationshiptype' collides with the request's own 'RelationshipType' key; it cannot be a property"),
      validation(["profileStrongIdFieldMappings"], "profileStrongIdFieldMappings needs at least one mapping"),
      validation(["relatedProfileStrongIdFieldMappings", "0", "fieldName"], "fieldName must not be empty"),
      validation(["relatedProfileStrongIdFieldMappings", "0", "strongIdKeyProperty"], "strongIdKeyProperty must not be empty"),
    ]);
    expect(vendorCalls()).toEqual([]);
  });

  it("upsertRelationshipLink", async () => {
    const errors = await userErrors("upsertRelationshipLink", {
      connection: "nope",
      name: "",
      linkName: "x y",
      interactionType: "ContactMeeting",
      relationshipName: "",
      profilePropertyReferences: [],
      relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: " " }],
    });
    expect(errors).toEqual([
      validation(["connection"], "Unknown Customer Insights connection 'nope'; configured: default"),
      validation(["name"], "name must not be empty"),
      validation(["linkName"], /^linkName 'x y' must start with a letter/),
      validation(["relationshipName"], "relationshipName must not be empty"),
      validation(["profilePropertyReferences"], "profilePropertyReferences needs at least one reference"),
      validation(["relatedProfilePropertyReferences", "0", "profilePropertyName"], "profilePropertyName must not be empty"),
    ]);
    expect(vendorCalls()).toEqual([]);
  });

  it("deleteRelation", async () => {
    const errors = await userErrors("deleteRelation", { id: "x", idempotencyKey: "\u0001" });
    expect(errors).toEqual([
      validation(["idempotencyKey"], "idempotencyKey must be 1 to 255 printable ASCII characters"),
      validation(["id"], "id is not an id this gateway issued"),
    ]);
    expect(vendorCalls()).toEqual([]);
  });
});

describe("a vendor's not-found for an end names that end's input field", () => {
  const rejected = (field: string[], message: string) => ({ field: ["input", ...field], message, code: "UPSTREAM_REJECTED" });

  it.each([
    ["source contact", { sourceContactId: SO.missingContactId, destinationContactId: 12 }, ["sourceContactId"], "Contact id 99999 not found"],
    ["destination contact", { sourceContactId: 11, destinationContactId: SO.missingContactId }, ["destinationContactId"], "Contact id 99999 not found"],
    ["source person", { sourceContactId: 11, sourcePersonId: SO.missingPersonId, destinationContactId: 12 }, ["sourcePersonId"], "Person id 99998 not found"],
    ["destination person", { sourceContactId: 11, destinationContactId: 12, destinationPersonId: SO.missingPersonId }, ["destinationPersonId"], "Person id 99998 not found"],
  ])("SuperOffice: an unknown %s", async (_end, ends, field, message) => {
    // Definition 2 takes companies and persons at both ends, so the gateway's own check passes and SuperOffice decides.
    const errors = await userErrors("createContactRelation", { ...ends, relationDefinitionId: 2 });
    expect(errors).toEqual([rejected(field, message)]);
  });

  it("SuperOffice: an unknown relation definition, when the catalogue cannot be read", async () => {
    t.sandboxes.superoffice.injectFault({ status: 503, body: "busy" }, { times: 10, match: (r) => r.path.includes("/MDOList/") });
    const errors = await userErrors("createContactRelation", { sourceContactId: 11, destinationContactId: 12, relationDefinitionId: SO.missingRelationDefinitionId });
    expect(errors).toEqual([rejected(["relationDefinitionId"], "RelationDefinition id 999 not found")]);
  });

  it.each([
    ["first", { ContactId: "C9999", AccountId: "A2003" }, ["profileStrongIdFieldMappings"], "No Contact profile with ContactId='C9999'"],
    ["second", { ContactId: "C1020", AccountId: "A9999" }, ["relatedProfileStrongIdFieldMappings"], "No Account profile with AccountId='A9999'"],
  ])("Customer Insights: no profile with the strong id the %s end's mappings give", async (_end, properties, field, message) => {
    const errors = await userErrors("createRelationshipInstance", {
      relationshipType: "AccountContact",
      profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }],
      relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }],
      properties,
    });
    expect(errors).toEqual([rejected(field, message)]);
  });

  it("HighLevel: a record the gateway's check does not find names its end (VALIDATION, no write)", async () => {
    const errors = await userErrors("createAssociationRelation", { associationId: HL.associations.petOwner, firstRecordId: "ctNoSuchContact00001", secondRecordId: HL.pets.nala });
    expect(errors).toEqual([validation(["firstRecordId"], /^firstRecordId is no contact record of this location \('ctNoSuchContact00001'\)/)]);
    expect(t.sandboxes.highlevel.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("HighLevel: with its catalogue unreadable, HighLevel's own refusals name the association and the end", async () => {
    t.sandboxes.highlevel.injectFault({ status: 503, body: { statusCode: 503, message: "busy" } }, { times: 20, match: (r) => r.path === "/associations/" });
    const association = await userErrors("createAssociationRelation", { associationId: HL.otherLocationAssociations.referral, firstRecordId: HL.contacts.ada, secondRecordId: HL.contacts.alan });
    expect(association).toEqual([rejected(["associationId"], `Association with id ${HL.otherLocationAssociations.referral} not found`)]);
    const end = await userErrors("createAssociationRelation", { associationId: HL.associations.petOwner, firstRecordId: HL.contacts.ada, secondRecordId: "recNoSuchPet00000001" });
    expect(end).toEqual([rejected(["secondRecordId"], "secondRecordId recNoSuchPet00000001 is not a record of custom_objects.pets")]);
  });
});
