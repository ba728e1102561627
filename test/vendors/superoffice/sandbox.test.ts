import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_PAGE_SIZE, SUPEROFFICE_DEMO as DEMO, type SuperOfficeSandbox } from "../../../src/sandbox/superoffice/index.js";
import { startHarness, type Harness } from "./harness.js";

/** The sandbox itself, spoken to over plain HTTP: what a real SuperOffice tenant would answer. */

let h: Harness;
let so: SuperOfficeSandbox;

beforeAll(async () => {
  h = await startHarness();
  so = h.sandbox;
});
afterAll(() => h.close());
beforeEach(() => h.reset());

function ticketHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `SOTicket ${so.credentials.ticket}`, "so-apptoken": so.credentials.appToken, accept: "application/json", ...extra };
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${so.baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe("SuperOffice sandbox: base URL and auth", () => {
  it("lives under a tenant path and hands out a SOTicket connection", () => {
    expect(so.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Cust12345\/api\/v1$/);
    const c = so.connection("crm");
    expect(c).toEqual({
      name: "crm",
      baseUrl: so.baseUrl,
      authorization: `SOTicket ${so.credentials.ticket}`,
      appToken: so.credentials.appToken,
      language: "en",
      sandbox: true,
    });
  });

  it("accepts SOTicket + SO-AppToken, Bearer and Basic, schemes in any case", async () => {
    const { credentials: c } = so;
    const basic = Buffer.from(`${c.basicUser}:${c.basicPassword}`).toString("base64");
    for (const authorization of [`SOTicket ${c.ticket}`, `soticket ${c.ticket}`, `Bearer ${c.bearerToken}`, `BEARER ${c.bearerToken}`, `Basic ${basic}`, `basic ${basic}`]) {
      const res = await call("GET", `/Contact/${DEMO.hubContactId}`, { authorization, "so-apptoken": c.appToken });
      expect(res.status, authorization.split(" ")[0]).toBe(200);
    }
    const bearerOnly = await call("GET", `/Contact/${DEMO.hubContactId}`, { authorization: `Bearer ${c.bearerToken}` });
    expect(bearerOnly.status).toBe(200);
  });

  it("answers 401 with the vendor's error body for missing, wrong or incomplete credentials, never echoing them", async () => {
    const { credentials: c } = so;
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: `SOTicket ${c.ticket}` }, // no SO-AppToken
      { authorization: `SOTicket ${c.ticket}`, "so-apptoken": "wrong-app" },
      { authorization: `SOTicket 7T:wrong`, "so-apptoken": c.appToken },
      { authorization: `Bearer ${c.ticket}` }, // a ticket is not an access token
      { authorization: `Basic ${Buffer.from(`${c.basicUser}:nope`).toString("base64")}` },
      { authorization: `Negotiate ${c.bearerToken}` },
    ];
    for (const headers of cases) {
      const res = await call("GET", `/Contact/${DEMO.hubContactId}`, headers);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ Error: true, ErrorType: "SoAuthenticationException", ErrorSource: "SuperOffice.WebApi" });
      expect(typeof res.body?.ErrorMessage).toBe("string");
      for (const secret of h.secrets()) expect(JSON.stringify(res.body)).not.toContain(secret);
    }
    const noAppToken = await call("GET", `/Contact/${DEMO.hubContactId}`, { authorization: `SOTicket ${c.ticket}` });
    expect(noAppToken.body?.ErrorMessage).toMatch(/SO-AppToken/);
  });

  it("answers 404 with the error body for paths outside its routes", async () => {
    const res = await fetch(`${new URL(so.baseUrl).origin}/Cust99999/api/v1/Contact/11`, { headers: ticketHeaders() });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ Error: true, ErrorType: "HttpException" });
  });
});

describe("SuperOffice sandbox: entities", () => {
  it("GET Contact/{id} is a ContactEntity with persons, emails and phones", async () => {
    const res = await call("GET", `/Contact/${DEMO.hubContactId}`, ticketHeaders());
    expect(res.status).toBe(200);
    expect(res.headers.get("last-modified")).toBeTruthy();
    expect(res.body).toMatchObject({
      ContactId: 11,
      Name: "Nordlys Shipping AS",
      OrgNr: "912345678",
      Emails: [{ Value: "post@nordlys.example", StrippedValue: "post@nordlys.example" }, { Value: "invoice@nordlys.example" }],
      Phones: [{ Value: "+47 22 00 10 00", StrippedValue: "+4722001000" }],
      _Links: { Self: `${so.baseUrl}/Contact/11` },
    });
    expect((res.body?.Persons as Array<{ PersonId: number }>).map((p) => p.PersonId)).toEqual([...DEMO.hubPersonIds]);
  });

  it("GET Person/{id} carries its Contact", async () => {
    const res = await call("GET", `/Person/${DEMO.busyPersonId}`, ticketHeaders());
    expect(res.body).toMatchObject({
      PersonId: 101,
      Firstname: "Ingrid",
      Lastname: "Berg",
      FullName: "Ingrid Berg",
      Contact: { ContactId: 11, Name: "Nordlys Shipping AS" },
      Emails: [{ Value: "ingrid.berg@nordlys.example" }],
    });
  });

  it("unknown ids are 404 SoNotFoundException, as the vendor's docs show", async () => {
    const res = await call("GET", `/Contact/${DEMO.missingContactId}`, ticketHeaders());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      Error: true,
      ErrorType: "SoNotFoundException",
      ErrorMessage: "Contact id 99999 not found",
      ErrorSource: "SuperOffice.Services.Implementation",
    });
    expect((await call("GET", `/Person/${DEMO.missingPersonId}`, ticketHeaders())).status).toBe(404);
    expect((await call("GET", `/Relation/${DEMO.missingRelationId}`, ticketHeaders())).status).toBe(404);
    expect((await call("DELETE", `/Relation/${DEMO.missingRelationId}`, ticketHeaders())).status).toBe(404);
  });

  it("routes compare case-insensitively, as ASP.NET's do", async () => {
    expect((await call("GET", `/contact/${DEMO.hubContactId}`, ticketHeaders())).status).toBe(200);
  });
});

describe("SuperOffice sandbox: POST Relation", () => {
  const body = {
    RelationId: 0,
    SourceContactId: 11,
    SourcePersonId: 101,
    DestinationContactId: 12,
    DestinationPersonId: 0,
    RelationDefinitionId: 1,
    Reversed: 1,
    Comment: "Pilot",
  };

  it("creates a relation with the ticket's user, names and localised texts", async () => {
    const res = await call("POST", "/Relation", ticketHeaders({ "accept-language": "en" }), body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      RelationId: 1028,
      SourceContactId: 11,
      SourcePersonId: 101,
      DestinationContactId: 12,
      DestinationPersonId: 0,
      RelationDefinitionId: 1,
      Reversed: 1,
      Comment: "Pilot",
      SourceContactName: "Nordlys Shipping AS",
      SourcePersonName: "Ingrid Berg",
      DestinationContactName: "Fjordkraft Consulting AS",
      DestinationPersonName: "",
      // reversed: the definition's passive text reads first
      ActiveText: "Customer of",
      PassiveText: "Supplier to",
      CreatedBy: { AssociateId: 5, Name: "SYSTEM", FullName: "System user (integration)" },
      UpdatedBy: { AssociateId: 5 },
      TableRight: { Mask: "Delete, Filtering, Insert, Select, Update" },
      _Links: { Self: `${so.baseUrl}/Relation/1028`, Archive: `${so.baseUrl}/Relation` },
    });
    expect(new Date(res.body?.CreatedDate as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(Object.keys(res.body?.FieldProperties as object)).toContain("Comment");
    const again = await call("GET", "/Relation/1028", ticketHeaders({ "accept-language": "en" }));
    expect(again.body).toMatchObject({ RelationId: 1028, ActiveText: "Customer of" });
  });

  it("the Bearer user is who creates with a Bearer token", async () => {
    const res = await call("POST", "/Relation", { authorization: `Bearer ${so.credentials.bearerToken}` }, body);
    expect(res.body).toMatchObject({ CreatedBy: { AssociateId: 1, Name: "KARI" } });
  });

  it("without Accept-Language or SO-Language multi-language texts stay encoded; SO-Language overrides", async () => {
    const raw = await call("POST", "/Relation", ticketHeaders(), { ...body, Reversed: 0 });
    expect(raw.body).toMatchObject({ ActiveText: 'NO:"Leverandør til";US:"Supplier to"', PassiveText: 'NO:"Kunde av";US:"Customer of"' });
    const id = raw.body?.RelationId as number;
    const norwegian = await call("GET", `/Relation/${id}`, ticketHeaders({ "accept-language": "en", "so-language": "no" }));
    expect(norwegian.body).toMatchObject({ ActiveText: "Leverandør til", PassiveText: "Kunde av" });
    const weighted = await call("GET", `/Relation/${id}`, ticketHeaders({ "accept-language": "fr;q=0.9, nb;q=0.8, en;q=0.1" }));
    expect(weighted.body).toMatchObject({ ActiveText: "Leverandør til" });
  });

  it("an Accept-Language naming an Object.prototype member is a language it does not know (the US default), not a lookup", async () => {
    const raw = await call("POST", "/Relation", ticketHeaders(), { ...body, Reversed: 0 });
    const id = raw.body?.RelationId as number;
    for (const tag of ["constructor", "toString", "__proto__", "hasOwnProperty-NO"]) {
      const res = await call("GET", `/Relation/${id}`, ticketHeaders({ "accept-language": tag }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ActiveText: "Supplier to" });
    }
  });

  it("honours $select: other fields come back null", async () => {
    const res = await call("POST", "/Relation?$select=relationId,activeText", ticketHeaders({ "accept-language": "en" }), body);
    expect(res.body).toMatchObject({ RelationId: 1028, ActiveText: "Customer of", Comment: null, SourceContactId: null, CreatedBy: null });
  });

  it.each([
    [{ ...body, SourceContactId: 0 }, "SoValidationException", "SourceContactId is mandatory"],
    [{ ...body, DestinationContactId: undefined }, "SoValidationException", "DestinationContactId is mandatory"],
    [{ ...body, SourceContactId: DEMO.missingContactId }, "SoNotFoundException", "Contact id 99999 not found"],
    [{ ...body, SourcePersonId: DEMO.missingPersonId }, "SoNotFoundException", "Person id 99998 not found"],
    [{ ...body, SourcePersonId: DEMO.personOfContact12 }, "SoValidationException", "Person id 103 does not belong to the source contact (contact id 11)"],
    [{ ...body, DestinationPersonId: DEMO.busyPersonId }, "SoValidationException", "Person id 101 does not belong to the destination contact (contact id 12)"],
    [{ ...body, RelationDefinitionId: DEMO.missingRelationDefinitionId }, "SoNotFoundException", "RelationDefinition id 999 not found"],
    [{ ...body, Reversed: 2 }, "SoValidationException", "Reversed must be 0 or 1"],
    [{ ...body, Reversed: true }, "SoValidationException", "Reversed must be a non-negative 32-bit integer"],
    [{ ...body, RelationId: 1001 }, "SoValidationException", "RelationId must be 0 for a new relation; use PUT Relation/{id} to update"],
    [{ ...body, Comment: "x".repeat(255) }, "SoValidationException", "Comment is longer than 254 characters"],
  ])("rejects %j with 400 %s", async (payload, errorType, message) => {
    const res = await call("POST", "/Relation", ticketHeaders(), payload);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ Error: true, ErrorType: errorType, ErrorMessage: message, ErrorSource: "SuperOffice.Services.Implementation" });
    expect(so.data.relations.size).toBe(DEMO.relationCount);
  });

  it("DELETE Relation/{id} answers 204 and the relation is gone; ids are not reused", async () => {
    const created = await call("POST", "/Relation", ticketHeaders(), body);
    const id = created.body?.RelationId as number;
    const res = await call("DELETE", `/Relation/${id}`, ticketHeaders());
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await call("GET", `/Relation/${id}`, ticketHeaders())).status).toBe(404);
    const next = await call("POST", "/Relation", ticketHeaders(), body);
    expect(next.body?.RelationId).toBe(id + 1);
  });
});

describe("SuperOffice sandbox: relation lists", () => {
  type List = { "odata.metadata": string; "odata.nextLink"?: string; value: Array<Record<string, unknown>> };

  it(`pages with $top/$skip, ${DEFAULT_PAGE_SIZE} rows when $top is absent, and links the next page`, async () => {
    const all = (await call("GET", `/Contact/${DEMO.hubContactId}/Relations`, ticketHeaders())).body as unknown as List;
    expect(all.value).toHaveLength(DEMO.hubRelationCount);
    expect(all["odata.nextLink"]).toBeUndefined();
    expect(all["odata.metadata"]).toBe(`${so.baseUrl}/archive$metadata`);

    const first = (await call("GET", `/Contact/${DEMO.hubContactId}/Relations?$top=10`, ticketHeaders())).body as unknown as List;
    expect(first.value.map((r) => r.relationId)).toEqual(all.value.slice(0, 10).map((r) => r.relationId));
    const next = new URL(first["odata.nextLink"]!);
    expect(next.pathname).toBe(`${new URL(so.baseUrl).pathname}/Contact/11/Relations`);
    expect(next.searchParams.get("$top")).toBe("10");
    expect(next.searchParams.get("$skip")).toBe("10");
    const last = (await call("GET", `/Contact/${DEMO.hubContactId}/Relations?$top=10&$skip=20`, ticketHeaders())).body as unknown as List;
    expect(last.value).toHaveLength(2);
    expect(last["odata.nextLink"]).toBeUndefined();
  });

  it("rows follow the Relation archive's columns; $select trims them", async () => {
    const res = (await call("GET", `/Person/${DEMO.busyPersonId}/Relations`, ticketHeaders({ "accept-language": "en" }))).body as unknown as List;
    expect(res.value.map((r) => r.relationId)).toEqual([1005, 1010, 1015, 1016]);
    expect(res.value[1]).toMatchObject({
      PrimaryKey: 1010,
      EntityName: "relation",
      relationId: 1010,
      relationDefinitionId: 2,
      relationName: "Partner of",
      "source/contactId": 11,
      "source/personId": 101,
      "target/contactId": 12,
      "target/personId": 104,
    });
    const trimmed = (await call("GET", `/Person/${DEMO.busyPersonId}/Relations?$select=relationId&$orderBy=relationId desc`, ticketHeaders())).body as unknown as List;
    expect(trimmed.value[0]).toEqual({ PrimaryKey: 1016, EntityName: "relation", relationId: 1016 });
  });

  it("an unknown contact or person is 404; bad paging values are 400", async () => {
    expect((await call("GET", `/Contact/${DEMO.missingContactId}/Relations`, ticketHeaders())).status).toBe(404);
    expect((await call("GET", `/Person/${DEMO.missingPersonId}/Relations`, ticketHeaders())).status).toBe(404);
    const bad = await call("GET", `/Contact/11/Relations?$top=-1`, ticketHeaders());
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ErrorType: "SoValidationException" });
  });
});
