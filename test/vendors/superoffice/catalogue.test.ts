import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, VendorRejection } from "../../../src/errors.js";
import { USER_AGENT } from "../../../src/http/user-agent.js";
import { connectionHttp, createHttpClient } from "../../../src/vendors/registry.js";
import type { RequestScope } from "../../../src/vendors/request-scope.js";
import { SuperOfficeClient } from "../../../src/vendors/superoffice/client.js";
import { SUPEROFFICE_DEMO as DEMO } from "../../../src/sandbox/superoffice/index.js";
import { rejectionOf, startHarness, type Harness } from "./harness.js";

/** SuperOfficeClient: the relation-definition catalogue, the delete, and creates checked against the catalogue (wire-exact). */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const paths = () => h.paths();

describe("SuperOfficeClient.relationTypes", () => {
  it("reads MDOList/relationdefinition (flat), then RelationDefinition/{id} of each listed definition, with the connection's headers", async () => {
    const types = await h.client({ scope: { acceptLanguage: "en" } }).relationTypes();
    // 5 is listed as deleted and not read; 9 is read and left out (it relates documents).
    expect(paths()).toEqual([
      "GET /MDOList/relationdefinition?flat=true",
      "GET /RelationDefinition/1",
      "GET /RelationDefinition/2",
      "GET /RelationDefinition/3",
      "GET /RelationDefinition/4",
      "GET /RelationDefinition/9",
    ]);
    for (const call of h.calls()) {
      expect(call.body).toBeUndefined();
      expect(call.headers).toMatchObject({
        authorization: `SOTicket ${h.sandbox.credentials.ticket}`,
        "so-apptoken": h.sandbox.credentials.appToken,
        "accept-language": "en",
        accept: "application/json",
        "user-agent": USER_AGENT,
      });
    }
    expect(types.map((t) => [t.nativeId, t.name, t.inverseName, t.sourceKinds, t.targetKinds])).toEqual([
      ["1", "Supplier to", "Customer of", ["CONTACT", "PERSON"], ["CONTACT", "PERSON"]],
      ["2", "Partner of", "Partner of", ["CONTACT", "PERSON"], ["CONTACT", "PERSON"]],
      ["3", "Parent company of", "Subsidiary of", ["CONTACT"], ["CONTACT"]],
      ["4", "Contact person for", "Has contact person", ["PERSON"], ["CONTACT", "PERSON"]],
    ]);
    expect(types[0]).toMatchObject({
      kind: "RelationType",
      vendor: "SUPEROFFICE",
      connection: "default",
      properties: { ReldefId: 1, Source: "Both", Destination: "Both", _Links: { Self: `${h.sandbox.baseUrl}/RelationDefinition/1` } },
    });
  });

  it("is read once per request and, for the same connection and language, shared by the next requests", async () => {
    const connection = h.sandbox.connection();
    const http = createHttpClient("SUPEROFFICE", connection, { timeoutMs: 5_000 });
    try {
      const request = (scope: Partial<RequestScope> = {}) => {
        const full = { requestId: "req", ...scope };
        return new SuperOfficeClient(connection, connectionHttp("SUPEROFFICE", connection, http, full), full);
      };
      const first = request();
      await Promise.all([first.relationTypes(), first.relationTypes(), first.relationType("3")]);
      expect(h.calls()).toHaveLength(6);
      // The next request over the connection's long-lived HttpClient: served from its cache.
      expect((await request().relationType("4"))?.name).toContain("Contact person for");
      expect(h.calls()).toHaveLength(6);
      // Names are localised: another language is another catalogue.
      expect((await request({ acceptLanguage: "no" }).relationType("4"))?.name).toBe("Kontaktperson for");
      expect(h.calls()).toHaveLength(12);
    } finally {
      await http.close();
    }
  });

  it("relationType(id) is null for an id not in the catalogue, and without a call for one SuperOffice could never hold", async () => {
    expect(await h.client().relationType("5")).toBeNull();
    expect(await h.client().relationType("9")).toBeNull();
    h.sandbox.clearRequests();
    expect(await h.client().relationType("abc")).toBeNull();
    expect(h.calls()).toEqual([]);
  });

  it("load(ref) of a RelationType ref answers the catalogue entry", async () => {
    const type = await h.client().load({ vendor: "SUPEROFFICE", connection: "default", kind: "RelationType", key: ["2"] });
    expect(type).toMatchObject({ kind: "RelationType", nativeId: "2" });
  });
});

describe("SuperOfficeClient.deleteRelation", () => {
  it("DELETEs Relation/{id} once, without a body (204); a later GET answers 404 and a second delete is NOT_FOUND", async () => {
    const client = h.client();
    const ref = { vendor: "SUPEROFFICE" as const, connection: "default", kind: "ContactRelation" as const, key: [String(DEMO.personRelationId)] };
    await client.deleteRelation(ref);
    const [call] = h.calls();
    expect(paths()).toEqual([`DELETE /Relation/${DEMO.personRelationId}`]);
    expect(call!.body).toBeUndefined();
    expect(call!.rawBody).toBe("");
    expect(call!.headers).toMatchObject({ authorization: `SOTicket ${h.sandbox.credentials.ticket}`, "so-apptoken": h.sandbox.credentials.appToken });
    expect(call!.headers).not.toHaveProperty("content-type");
    expect(await h.client().relation(String(DEMO.personRelationId))).toBeNull();
    const again = await rejectionOf(client.deleteRelation(ref)!);
    expect(again).toBeInstanceOf(VendorRejection);
    expect(again).toMatchObject({ status: 404, userCode: "NOT_FOUND" });
  });

  it("is not repeated by the HTTP core: a 503 is one call", async () => {
    h.sandbox.injectFault({ status: 503, body: { Error: true, ErrorType: "x", ErrorMessage: "busy" } }, { times: 3 });
    const error = await rejectionOf(h.client().deleteContactRelation(DEMO.companyRelationId));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", writeOutcome: "UNKNOWN" });
    expect(h.calls()).toHaveLength(1);
  });

  it("is null for refs that are no relation here", () => {
    expect(h.client().deleteRelation({ vendor: "SUPEROFFICE", connection: "default", kind: "Contact", key: ["11"] })).toBeNull();
  });
});

describe("SuperOfficeClient.checkCreateContactRelation", () => {
  const input = { sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 1 };

  it("an unknown definition: VALIDATION naming it and the valid ones, after a fresh catalogue read, with no write", async () => {
    const error = await rejectionOf(h.client({ scope: { acceptLanguage: "en" } }).checkCreateContactRelation({ ...input, relationDefinitionId: 77 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      field: ["relationDefinitionId"],
      message: "relationDefinitionId '77' is not a relation type of SuperOffice (connection 'default'); valid: 1 (Supplier to), 2 (Partner of), 3 (Parent company of), 4 (Contact person for)",
    });
    expect(h.calls().filter((c) => c.method !== "GET")).toEqual([]);
    expect(h.calls().filter((c) => c.relPath.startsWith("/MDOList/"))).toHaveLength(2);
  });

  it.each([
    ["a person where the definition takes only companies", { relationDefinitionId: 3, sourcePersonId: 101 }, ["sourcePersonId"], /takes CONTACT at its first end/],
    ["a company where the definition takes a person", { relationDefinitionId: 4 }, ["sourcePersonId"], /empty \(the company itself\).*takes PERSON at its first end/],
    ["a reversed relation: the destination stands at the first end", { relationDefinitionId: 4, sourcePersonId: 101, reversed: true }, ["destinationPersonId"], /takes PERSON at its first end \(the relation is reversed\)/],
    ["a deleted definition", { relationDefinitionId: 5 }, ["relationDefinitionId"], /is not a relation type/],
    ["a definition that relates documents", { relationDefinitionId: 9 }, ["relationDefinitionId"], /is not a relation type/],
  ])("%s: VALIDATION at the field, no write", async (_case, change, field, message) => {
    const error = await rejectionOf(h.client({ scope: { acceptLanguage: "en" } }).checkCreateContactRelation({ ...input, ...change }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toEqual(field);
    expect((error as ValidationError).message).toMatch(message);
    expect(h.calls().filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("both ends wrong: both reported at once", async () => {
    const error = await rejectionOf(h.client({ scope: { acceptLanguage: "en" } }).checkCreateContactRelation({ ...input, relationDefinitionId: 3, sourcePersonId: 101, destinationPersonId: 103 }));
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((i) => i.field)).toEqual([["sourcePersonId"], ["destinationPersonId"]]);
    expect(issues[0]!.message).toMatch(/takes CONTACT at its first end/);
    expect(issues[1]!.message).toMatch(/takes CONTACT at its second end/);
  });

  it("passes ends the definition takes, reversed ones too", async () => {
    const client = h.client();
    await expect(client.checkCreateContactRelation({ ...input, relationDefinitionId: 4, sourcePersonId: 101 })).resolves.toBeUndefined();
    await expect(client.checkCreateContactRelation({ ...input, relationDefinitionId: 4, destinationPersonId: 103, reversed: true })).resolves.toBeUndefined();
    await expect(client.checkCreateContactRelation({ ...input, relationDefinitionId: 3 })).resolves.toBeUndefined();
    // Passed by the catalogue (read once for the three), not for want of a check.
    expect(paths().filter((p) => p.startsWith("GET /MDOList/relationdefinition"))).toHaveLength(1);
    expect(paths()).toContain("GET /RelationDefinition/4");
    expect(h.calls().filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("checks the input's own rules first, without a call", async () => {
    expect(await rejectionOf(h.client().checkCreateContactRelation({ ...input, sourceContactId: 0 }))).toMatchObject({ field: ["sourceContactId"] });
    expect(h.calls()).toEqual([]);
  });

  it("an unreadable catalogue leaves the check to SuperOffice (no refusal)", async () => {
    h.sandbox.injectFault({ status: 503, body: "busy" }, { times: 10, match: (r) => r.path.includes("/MDOList/") });
    await expect(h.client().checkCreateContactRelation({ ...input, relationDefinitionId: 77 })).resolves.toBeUndefined();
    // The catalogue was asked for (and answered 503): the definition SuperOffice will judge was not refused here.
    expect(paths().filter((p) => p.startsWith("GET /MDOList/relationdefinition")).length).toBeGreaterThan(0);
    expect(h.calls().filter((c) => c.method !== "GET")).toEqual([]);
  });
});
