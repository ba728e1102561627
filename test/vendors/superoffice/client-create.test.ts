import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError, ValidationError, VendorRejection } from "../../../src/errors.js";
import { toUserErrors } from "../../../src/graphql/user-errors.js";
import { SUPEROFFICE_DEMO as DEMO } from "../../../src/sandbox/superoffice/index.js";
import { rejectionOf, startHarness, type Harness } from "./harness.js";

/** SuperOfficeClient.createContactRelation against the sandbox: domain result and exact wire request. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const input = {
  sourceContactId: DEMO.hubContactId,
  sourcePersonId: DEMO.busyPersonId,
  destinationContactId: 12,
  destinationPersonId: null,
  relationDefinitionId: 1,
  reversed: true,
  comment: "Pilot project",
};

function expectNoSecrets(error: Error): void {
  const text = `${error.message} ${JSON.stringify(error)}`;
  for (const secret of h.secrets()) expect(text).not.toContain(secret);
}

describe("SuperOfficeClient.createContactRelation", () => {
  it("POSTs a PascalCase ContactRelationEntity and maps the answer", async () => {
    const client = h.client({ scope: { acceptLanguage: "en-GB,en;q=0.8" } });
    const relation = await client.createContactRelation(input);

    const calls = h.calls();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.method).toBe("POST");
    expect(call!.relPath).toBe("/Relation");
    expect(call!.query.toString()).toBe("");
    expect(call!.headers).toMatchObject({
      authorization: `SOTicket ${h.sandbox.credentials.ticket}`,
      "so-apptoken": h.sandbox.credentials.appToken,
      "accept-language": "en-GB,en;q=0.8",
      accept: "application/json",
      "content-type": "application/json",
    });
    expect(call!.headers["user-agent"]).toBeTruthy();
    expect(call!.body).toEqual({
      RelationId: 0,
      SourceContactId: 11,
      SourcePersonId: 101,
      DestinationContactId: 12,
      DestinationPersonId: 0,
      RelationDefinitionId: 1,
      Reversed: 1,
      Comment: "Pilot project",
    });

    expect(relation).toMatchObject({
      kind: "ContactRelation",
      vendor: "SUPEROFFICE",
      connection: "default",
      relationId: 1028,
      relationDefinitionId: 1,
      reversed: true,
      comment: "Pilot project",
      activeText: "Customer of",
      passiveText: "Supplier to",
      sourceContactId: 11,
      sourcePersonId: 101,
      destinationContactId: 12,
      destinationPersonId: null,
      createdBy: { associateId: 5, name: "SYSTEM", fullName: "System user (integration)" },
      updatedBy: { associateId: 5, name: "SYSTEM", fullName: "System user (integration)" },
      sourceRef: { vendor: "SUPEROFFICE", connection: "default", kind: "Person", key: ["101"] },
      targetRef: { vendor: "SUPEROFFICE", connection: "default", kind: "Contact", key: ["12"] },
    });
    expect(relation.createdDate).toBeInstanceOf(Date);
    expect(Math.abs(relation.createdDate!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(relation.updatedDate).toBeInstanceOf(Date);
    expect(relation.properties).toMatchObject({
      RelationId: 1028,
      SourcePersonName: "Ingrid Berg",
      TableRight: { Mask: "Delete, Filtering, Insert, Select, Update" },
      FieldProperties: { Comment: { FieldType: "System.String", FieldLength: 254 } },
      _Links: { Self: `${h.sandbox.baseUrl}/Relation/1028` },
    });

    // the created relation is primed: reading it in the same request costs no call
    expect(await client.relation("1028")).toMatchObject({ relationId: 1028 });
    expect(h.calls()).toHaveLength(1);
  });

  it("without a language the vendor's encoded multi-language texts come back as they are", async () => {
    const relation = await h.client({ connection: { language: undefined } }).createContactRelation({ ...input, reversed: false });
    expect(h.calls()[0]!.headers["accept-language"]).toBeUndefined();
    expect(relation.activeText).toBe('NO:"Leverandør til";US:"Supplier to"');
    expect(relation.reversed).toBe(false);
  });

  it("sends SO-AppToken only when configured (a Bearer connection has none)", async () => {
    const client = h.client({ connection: { authorization: `Bearer ${h.sandbox.credentials.bearerToken}`, appToken: undefined } });
    const relation = await client.createContactRelation({ sourceContactId: 13, destinationContactId: 14, relationDefinitionId: 2 });
    const [call] = h.calls();
    expect(call!.headers.authorization).toBe(`Bearer ${h.sandbox.credentials.bearerToken}`);
    expect(call!.headers).not.toHaveProperty("so-apptoken");
    expect(call!.body).toEqual({
      RelationId: 0,
      SourceContactId: 13,
      SourcePersonId: 0,
      DestinationContactId: 14,
      DestinationPersonId: 0,
      RelationDefinitionId: 2,
      Reversed: 0,
      Comment: "",
    });
    expect(relation).toMatchObject({ createdBy: { associateId: 1, name: "KARI" }, comment: null, sourceRef: { kind: "Contact", key: ["13"] } });
  });

  it("works with Basic credentials (onsite)", async () => {
    const { basicUser, basicPassword } = h.sandbox.credentials;
    const basic = `Basic ${Buffer.from(`${basicUser}:${basicPassword}`).toString("base64")}`;
    const relation = await h.client({ connection: { authorization: basic, appToken: undefined } }).createContactRelation(input);
    expect(h.calls()[0]!.headers.authorization).toBe(basic);
    expect(relation.createdBy).toMatchObject({ associateId: 2, name: "OLA" });
  });

  it.each([
    ["a person of another contact", { sourcePersonId: DEMO.personOfContact12 }, "Person id 103 does not belong to the source contact (contact id 11)"],
    ["an unknown contact", { destinationContactId: DEMO.missingContactId }, "Contact id 99999 not found"],
    ["an unknown person", { destinationPersonId: DEMO.missingPersonId }, "Person id 99998 not found"],
    ["an unknown relation definition", { relationDefinitionId: DEMO.missingRelationDefinitionId }, "RelationDefinition id 999 not found"],
  ])("the vendor's 400 for %s is a VendorRejection with its message", async (_case, change, message) => {
    const error = await rejectionOf(h.client().createContactRelation({ ...input, ...change }));
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ status: 400, messages: [message], userCode: "UPSTREAM_REJECTED", target: { vendor: "SUPEROFFICE", connection: "default" } });
    expect(h.calls()).toHaveLength(1);
    expectNoSecrets(error);
  });

  it.each([
    [404, "NOT_FOUND"],
    [409, "CONFLICT"],
    [412, "UPSTREAM_REJECTED"],
    [422, "UPSTREAM_REJECTED"],
  ] as const)("a %i with the error body is a VendorRejection (%s)", async (status, code) => {
    h.sandbox.injectFault({ status, body: { Error: true, ErrorType: "SoException", ErrorMessage: `refused ${status}`, ErrorSource: "x" } });
    const error = await rejectionOf(h.client().createContactRelation(input));
    expect(error).toMatchObject({ status, messages: [`refused ${status}`], userCode: code });
  });

  it("falls back to the raw text when the error body is not the vendor's JSON", async () => {
    h.sandbox.injectFault({ status: 400, body: "Bad Request: malformed JSON" });
    const error = await rejectionOf(h.client().createContactRelation(input));
    expect(error).toMatchObject({ status: 400, messages: ["Bad Request: malformed JSON"] });
  });

  it.each([
    [{ sourceContactId: 0 }, ["sourceContactId"]],
    [{ destinationContactId: -4 }, ["destinationContactId"]],
    [{ sourcePersonId: 0 }, ["sourcePersonId"]],
    [{ relationDefinitionId: 1.5 }, ["relationDefinitionId"]],
    [{ comment: "x".repeat(255) }, ["comment"]],
  ])("rejects %j before any call, at %j", async (change, field) => {
    const error = await rejectionOf(h.client().createContactRelation({ ...input, ...change }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toEqual(field);
    expect(h.calls()).toHaveLength(0);
  });

  it("reports every bad field at once, each with its own message, before any call", async () => {
    const bad = { ...input, sourceContactId: 0, sourcePersonId: -1, destinationContactId: -5, relationDefinitionId: 0, comment: "x".repeat(255) };
    const error = await rejectionOf(h.client().createContactRelation(bad));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: ["sourceContactId"], message: "sourceContactId must be a positive SuperOffice id (got 0)" },
      { field: ["sourcePersonId"], message: "sourcePersonId must be a positive SuperOffice id (got -1); leave it null for the company itself" },
      { field: ["destinationContactId"], message: "destinationContactId must be a positive SuperOffice id (got -5)" },
      { field: ["relationDefinitionId"], message: "relationDefinitionId must be a positive SuperOffice id (got 0)" },
      { field: ["comment"], message: "comment is 255 characters; SuperOffice stores at most 254" },
    ]);
    expect(h.calls()).toHaveLength(0);
  });

  it.each([
    ["an unknown source contact", { sourceContactId: DEMO.missingContactId, sourcePersonId: null }, "Contact id 99999 not found", ["sourceContactId"]],
    ["an unknown destination contact", { destinationContactId: DEMO.missingContactId }, "Contact id 99999 not found", ["destinationContactId"]],
    ["the same unknown contact at both ends", { sourceContactId: DEMO.missingContactId, sourcePersonId: null, destinationContactId: DEMO.missingContactId }, "Contact id 99999 not found", ["sourceContactId"]],
    ["an unknown source person", { sourcePersonId: DEMO.missingPersonId }, "Person id 99998 not found", ["sourcePersonId"]],
    ["an unknown destination person", { destinationPersonId: DEMO.missingPersonId }, "Person id 99998 not found", ["destinationPersonId"]],
    ["an unknown relation definition", { relationDefinitionId: DEMO.missingRelationDefinitionId }, "RelationDefinition id 999 not found", ["relationDefinitionId"]],
    ["a person of another contact", { sourcePersonId: DEMO.personOfContact12 }, "Person id 103 does not belong to the source contact (contact id 11)", ["sourcePersonId"]],
  ])("the vendor's refusal for %s names the input field that holds the id", async (_case, change, message, field) => {
    const error = await rejectionOf(h.client().createContactRelation({ ...input, ...change }));
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ status: 400, messages: [message], fields: [field], field });
    expect(toUserErrors(error)).toEqual([{ field: ["input", ...field], message, code: "UPSTREAM_REJECTED" }]);
  });

  it("a vendor's rule of the body names the carrier field's input field; other texts name none", async () => {
    h.sandbox.injectFault({ status: 400, body: { Error: true, ErrorType: "SoValidationException", ErrorMessage: "Comment is longer than 254 characters" } });
    expect(await rejectionOf(h.client().createContactRelation(input))).toMatchObject({ fields: [["comment"]] });
    h.sandbox.injectFault({ status: 400, body: { Error: true, ErrorType: "SoException", ErrorMessage: "Contact id 12345 not found" } });
    expect(await rejectionOf(h.client().createContactRelation(input))).toMatchObject({ fields: [null], field: null });
    h.sandbox.injectFault({ status: 400, body: { Error: true, ErrorType: "SoException", ErrorMessage: "Something else went wrong" } });
    expect(await rejectionOf(h.client().createContactRelation(input))).toMatchObject({ fields: [null], field: null });
  });

  it("wrong credentials are UNAUTHENTICATED, without the ticket in the message", async () => {
    const error = await rejectionOf(h.client({ connection: { authorization: "SOTicket 7T:not-the-ticket" } }).createContactRelation(input));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    expect(error.message).not.toContain("7T:not-the-ticket");
    expectNoSecrets(error);
  });

  it("a SOTicket connection without its app token is UNAUTHENTICATED (as Online)", async () => {
    const error = await rejectionOf(h.client({ connection: { appToken: undefined } }).createContactRelation(input));
    expect(error).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(h.calls()[0]!.headers).not.toHaveProperty("so-apptoken");
  });

  it("a 5xx is UPSTREAM_UNAVAILABLE and the POST is never retried", async () => {
    h.sandbox.injectFault({ status: 503, body: { Error: true, ErrorMessage: "down" } }, { times: 3 });
    const error = await rejectionOf(h.client().createContactRelation(input));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", status: 503 });
    expect(h.calls()).toHaveLength(1);
    expectNoSecrets(error);
  });

  it("a hanging vendor is UPSTREAM_TIMEOUT after timeoutMs", async () => {
    h.sandbox.injectFault({ hang: true });
    const started = Date.now();
    const error = await rejectionOf(h.client({ timeoutMs: 200 }).createContactRelation(input));
    expect(error).toMatchObject({ code: "UPSTREAM_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(3_000);
    expectNoSecrets(error);
  });

  it("a 200 with garbage is UPSTREAM_BAD_RESPONSE", async () => {
    h.sandbox.injectFault({ status: 200, body: "<html>oops</html>" });
    expect(await rejectionOf(h.client().createContactRelation(input))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
    h.sandbox.injectFault({ status: 200, body: { RelationId: "not a number" } });
    expect(await rejectionOf(h.client().createContactRelation(input))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
  });
});

describe("SuperOfficeClient.deleteContactRelation", () => {
  it("DELETEs Relation/{id} (204) and an unknown id is a NOT_FOUND rejection", async () => {
    const client = h.client();
    await client.deleteContactRelation(DEMO.companyRelationId);
    expect(h.calls().map((c) => `${c.method} ${c.relPath}`)).toEqual(["DELETE /Relation/1001"]);
    expect(h.sandbox.data.relations.has(DEMO.companyRelationId)).toBe(false);
    const error = await rejectionOf(client.deleteContactRelation(DEMO.companyRelationId));
    expect(error).toMatchObject({ status: 404, userCode: "NOT_FOUND", messages: ["ContactRelation id 1001 not found"] });
    const invalid = await rejectionOf(client.deleteContactRelation(0));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid).toMatchObject({ field: ["id"] });
    expect(h.calls()).toHaveLength(2);
  });
});
