import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeCursor } from "../../../src/domain/cursor.js";
import { ValidationError } from "../../../src/errors.js";
import { SUPEROFFICE_DEMO as DEMO } from "../../../src/sandbox/superoffice/index.js";
import { rejectionOf, startHarness, type Harness } from "./harness.js";

/** SuperOfficeClient reads: entities through per-request loaders, relation lists with offset paging. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const paths = () => h.paths();

describe("SuperOfficeClient entity reads", () => {
  it("contact(id): GET Contact/{id} with auth and language headers, mapped", async () => {
    const contact = await h.client({ scope: { acceptLanguage: "nb" } }).contact("11");
    expect(contact).toMatchObject({
      kind: "Contact",
      vendor: "SUPEROFFICE",
      connection: "default",
      nativeId: "11",
      name: "Nordlys Shipping AS",
      email: "post@nordlys.example",
      phone: "+47 22 00 10 00",
      properties: { ContactId: 11, OrgNr: "912345678", _Links: { Self: `${h.sandbox.baseUrl}/Contact/11` } },
    });
    const [call] = h.calls();
    expect(call).toMatchObject({ method: "GET", relPath: "/Contact/11", body: undefined });
    expect(call!.query.toString()).toBe("");
    expect(call!.headers).toMatchObject({
      authorization: `SOTicket ${h.sandbox.credentials.ticket}`,
      "so-apptoken": h.sandbox.credentials.appToken,
      "accept-language": "nb",
      accept: "application/json",
    });
    expect(call!.headers).not.toHaveProperty("content-type");
  });

  it("person(id) reads the contact id from the Contact carrier", async () => {
    expect(await h.client().person("101")).toMatchObject({
      kind: "Person",
      nativeId: "101",
      firstName: "Ingrid",
      lastName: "Berg",
      fullName: "Ingrid Berg",
      email: "ingrid.berg@nordlys.example",
      contactId: "11",
    });
    expect(paths()).toEqual(["GET /Person/101"]);
  });

  it("relation(id) maps the full entity with localised texts", async () => {
    const relation = await h.client({ scope: { acceptLanguage: "en" } }).relation(String(DEMO.reversedRelationId));
    expect(relation).toMatchObject({ relationId: 1007, relationDefinitionId: 2, reversed: true, activeText: "Partner of", sourceRef: { kind: "Contact", key: ["11"] }, targetRef: { kind: "Contact", key: ["16"] } });
    expect(relation!.createdBy).toMatchObject({ associateId: expect.any(Number), name: expect.any(String) });
    expect(paths()).toEqual(["GET /Relation/1007"]);
  });

  it("404 reads are null; ids that cannot exist are null without a call", async () => {
    const client = h.client();
    expect(await client.contact(String(DEMO.missingContactId))).toBeNull();
    expect(await client.person(String(DEMO.missingPersonId))).toBeNull();
    expect(await client.relation(String(DEMO.missingRelationId))).toBeNull();
    expect(paths()).toEqual(["GET /Contact/99999", "GET /Person/99998", "GET /Relation/99997"]);
    h.sandbox.clearRequests();
    for (const id of ["abc", "0", "-1", "1.5", "../Person/101", "11?x=1", ""]) {
      expect(await client.contact(id)).toBeNull();
      expect(await client.person(id)).toBeNull();
      expect(await client.relation(id)).toBeNull();
    }
    expect(await client.personsOfContact("x")).toEqual([]);
    expect(await client.relationsOfContact("x", { first: 5 })).toEqual({ items: [], cursors: [], hasNextPage: false });
    expect(h.calls()).toHaveLength(0);
  });

  it("the same record asked for many times in one request is fetched once", async () => {
    const batches: Array<[string, number]> = [];
    const client = h.client({ scope: { onBatch: (name, size) => batches.push([name, size]) } });
    const results = await Promise.all([...Array(20)].map(() => client.contact("11")));
    expect(results.every((c) => c?.nativeId === "11")).toBe(true);
    await client.contact("11");
    // Not another spelling of 11: an id with leading zeros names no record, and costs no call.
    expect(await client.contact("011")).toBeNull();
    expect(paths()).toEqual(["GET /Contact/11"]);
    expect(batches).toEqual([["superoffice.contact", 1]]);
  });

  it("load(ref) dispatches Contact, Person and ContactRelation; other kinds and vendors are null", async () => {
    const client = h.client();
    const ref = (kind: "Contact" | "Person" | "ContactRelation" | "Record", key: string[], vendor: "SUPEROFFICE" | "HIGHLEVEL" = "SUPEROFFICE") => ({ vendor, connection: "default", kind, key });
    expect(await client.load(ref("Contact", ["12"]))).toMatchObject({ kind: "Contact", nativeId: "12" });
    expect(await client.load(ref("Person", ["104"]))).toMatchObject({ kind: "Person", nativeId: "104" });
    expect(await client.load(ref("ContactRelation", ["1001"]))).toMatchObject({ kind: "ContactRelation", relationId: 1001 });
    expect(await client.load(ref("Record", ["x", "1"]))).toBeNull();
    expect(await client.load(ref("Contact", ["12"], "HIGHLEVEL"))).toBeNull();
    expect(paths()).toEqual(["GET /Contact/12", "GET /Person/104", "GET /Relation/1001"]);
  });

  it("personsOfContact loads each person of the contact's Persons rows", async () => {
    const persons = await h.client().personsOfContact("11");
    expect(persons.map((p) => [p.nativeId, p.fullName, p.contactId])).toEqual([
      ["101", "Ingrid Berg", "11"],
      ["102", "Lars Olsen", "11"],
      ["109", "Hanna Moe", "11"],
    ]);
    expect(paths()).toEqual(["GET /Contact/11", "GET /Person/101", "GET /Person/102", "GET /Person/109"]);
    expect(await h.client().personsOfContact(String(DEMO.missingContactId))).toEqual([]);
  });

  it("read failures: 401, 5xx after retries, timeouts", async () => {
    const bad = h.client({ connection: { authorization: `Bearer ${h.sandbox.credentials.ticket}` } });
    const unauthenticated = await rejectionOf(bad.contact("11"));
    expect(unauthenticated).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    for (const secret of h.secrets()) expect(unauthenticated.message).not.toContain(secret);

    h.sandbox.clearRequests();
    h.sandbox.injectFault({ status: 500, body: { Error: true, ErrorMessage: "boom" } });
    expect(await rejectionOf(h.client().contact("11"))).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", status: 500 });
    expect(h.calls()).toHaveLength(1); // 500 is not among the retryable statuses

    h.sandbox.clearRequests();
    h.sandbox.injectFault({ status: 503, body: "" });
    expect(await h.client().contact("11")).toMatchObject({ nativeId: "11" }); // GET retried after a 503
    expect(h.calls()).toHaveLength(2);

    h.sandbox.injectFault({ hang: true });
    expect(await rejectionOf(h.client({ timeoutMs: 200 }).person("101"))).toMatchObject({ code: "UPSTREAM_TIMEOUT" });
  });

  it("an unexpected status on a read is UPSTREAM_BAD_RESPONSE carrying the vendor's message", async () => {
    h.sandbox.injectFault({ status: 400, body: { Error: true, ErrorType: "SoException", ErrorMessage: "odd", ErrorSource: "x" } });
    const error = await rejectionOf(h.client().relation("1001"));
    expect(error).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", status: 400 });
    expect(error.message).toContain("odd");
  });
});

describe("SuperOfficeClient relation lists", () => {
  it("relationsOfContact pages with $top and a relationId keyset across page boundaries, loading each relation once", async () => {
    const client = h.client({ scope: { acceptLanguage: "en" } });
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await client.relationsOfContact("11", { first: 10, after });
      pages++;
      expect(page.items.length).toBe(page.cursors.length);
      seen.push(...page.items.map((r) => r.relationId));
      after = page.hasNextPage ? page.cursors.at(-1)! : null;
      if (pages === 1) expect(page.hasNextPage).toBe(true);
    } while (after && pages < 10);
    expect(pages).toBe(3);
    const expected = [...h.sandbox.data.relations.values()]
      .filter((r) => r.sourceContactId === 11 || r.destinationContactId === 11)
      .map((r) => r.id);
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(DEMO.hubRelationCount);

    const lists = h.calls().filter((c) => c.relPath.endsWith("/Relations"));
    expect(lists.map((c) => [c.relPath, Object.fromEntries(c.query)])).toEqual([
      ["/Contact/11/Relations", { $select: "relationId", $orderBy: "relationId", $top: "11" }],
      ["/Contact/11/Relations", { $select: "relationId", $filter: `relationId gt ${seen[9]}`, $orderBy: "relationId", $top: "11" }],
      ["/Contact/11/Relations", { $select: "relationId", $filter: `relationId gt ${seen[19]}`, $orderBy: "relationId", $top: "11" }],
    ]);
    expect(lists[0]!.headers).toMatchObject({ "accept-language": "en", authorization: `SOTicket ${h.sandbox.credentials.ticket}` });
    // each relation fetched once, even though 11 rows are read per page
    const relationReads = h.calls().filter((c) => c.relPath.startsWith("/Relation/")).map((c) => c.relPath);
    expect(relationReads).toHaveLength(DEMO.hubRelationCount);
    expect(new Set(relationReads).size).toBe(DEMO.hubRelationCount);
  });

  it("a page's relations are fetched in one loader batch", async () => {
    const batches: Array<[string, number]> = [];
    await h.client({ scope: { onBatch: (name, size) => batches.push([name, size]) } }).relationsOfContact("11", { first: 7 });
    expect(batches).toEqual([["superoffice.relation", 7]]);
  });

  it("a page's cursors resume exactly after their item", async () => {
    const client = h.client();
    const first = await client.relationsOfContact("11", { first: 5 });
    const resumed = await client.relationsOfContact("11", { first: 2, after: first.cursors[2]! });
    expect(resumed.items.map((r) => r.relationId)).toEqual(first.items.slice(3, 5).map((r) => r.relationId));
    expect(h.calls().filter((c) => c.relPath.endsWith("/Relations")).at(-1)!.query.get("$filter")).toBe(`relationId gt ${first.items[2]!.relationId}`);
  });

  it("neither skips nor repeats when a relation before the cursor is deleted or one is added (keyset, not offset)", async () => {
    const client = h.client();
    const all = (await client.relationsOfContact("11", { first: 100 })).items.map((r) => r.relationId);
    const first = await client.relationsOfContact("11", { first: 5 });
    // Page 1's second relation goes, and a new one lands at the end, between the two reads.
    h.sandbox.data.relations.delete(first.items[1]!.relationId);
    const second = await h.client().relationsOfContact("11", { first: 5, after: first.cursors.at(-1)! });
    expect(second.items.map((r) => r.relationId)).toEqual(all.slice(5, 10));
  });

  it("relationsOfPerson lists the person's relations with person/contact ends", async () => {
    const page = await h.client({ scope: { acceptLanguage: "en" } }).relationsOfPerson(String(DEMO.busyPersonId), { first: 10 });
    expect(page.hasNextPage).toBe(false);
    expect(page.items.map((r) => r.relationId)).toEqual([1005, 1010, 1015, 1016]);
    expect(page.items[1]).toMatchObject({ sourceRef: { kind: "Person", key: ["101"] }, targetRef: { kind: "Person", key: ["104"] }, activeText: "Partner of" });
    expect(paths()[0]).toBe("GET /Person/101/Relations?$select=relationId&$orderBy=relationId&$top=11");
  });

  it("first: 0 asks for one row to answer hasNextPage; an unknown owner is an empty page", async () => {
    const client = h.client();
    expect(await client.relationsOfContact("11", { first: 0 })).toEqual({ items: [], cursors: [], hasNextPage: true });
    expect(await client.relationsOfContact(String(DEMO.missingContactId), { first: 5 })).toEqual({ items: [], cursors: [], hasNextPage: false });
    expect(paths()).toEqual([
      "GET /Contact/11/Relations?$select=relationId&$orderBy=relationId&$top=1",
      "GET /Contact/99999/Relations?$select=relationId&$orderBy=relationId&$top=6",
    ]);
  });

  it("duplicate rows (the archive merges sub-providers) are listed once; ids may come as strings or PrimaryKey", async () => {
    h.sandbox.injectFault({
      status: 200,
      body: { "odata.metadata": "m", value: [{ PrimaryKey: 1001, relationId: 1001 }, { PrimaryKey: 1001, relationId: "1001" }, { PrimaryKey: 1002, EntityName: "relation" }] },
    });
    const page = await h.client().relationsOfContact("11", { first: 3 });
    expect(page.items.map((r) => r.relationId)).toEqual([1001, 1002]);
    expect(page.cursors).toEqual([encodeCursor({ relationId: 1001 }), encodeCursor({ relationId: 1002 })]);
    expect(page.hasNextPage).toBe(false);
  });

  it("a relation deleted between list and read is left out", async () => {
    h.sandbox.injectFault({ status: 200, body: { "odata.metadata": "m", value: [{ relationId: 1001 }, { relationId: DEMO.missingRelationId }] } });
    const page = await h.client().relationsOfContact("11", { first: 5 });
    expect(page.items.map((r) => r.relationId)).toEqual([1001]);
  });

  it("bad paging input is a VALIDATION error with its field, before any call", async () => {
    const client = h.client();
    const badCursor = await rejectionOf(client.relationsOfContact("11", { first: 5, after: "not-a-cursor!" }));
    expect(badCursor).toBeInstanceOf(ValidationError);
    expect((badCursor as ValidationError).field).toEqual(["after"]);
    for (const foreign of [{ nextLink: "x" }, 3, { relationId: 0 }, { relationId: "1001" }]) {
      const foreignCursor = await rejectionOf(client.relationsOfPerson("101", { first: 5, after: encodeCursor(foreign) }));
      expect((foreignCursor as ValidationError).field, JSON.stringify(foreign)).toEqual(["after"]);
    }
    const badFirst = await rejectionOf(client.relationsOfPerson("101", { first: -1 }));
    expect((badFirst as ValidationError).field).toEqual(["first"]);
    expect(h.calls()).toHaveLength(0);
  });

  it("a list that is not an ODataSlimResponse is UPSTREAM_BAD_RESPONSE", async () => {
    h.sandbox.injectFault({ status: 200, body: { rows: [] } });
    expect(await rejectionOf(h.client().relationsOfContact("11", { first: 5 }))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
    h.sandbox.injectFault({ status: 200, body: { value: [{ EntityName: "relation" }] } });
    expect(await rejectionOf(h.client().relationsOfContact("11", { first: 5 }))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
  });
});
