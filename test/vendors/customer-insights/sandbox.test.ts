import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_CONTOSO,
  ACCOUNT_OREILLY,
  HUB_NAME,
  startCustomerInsightsSandbox,
  type CustomerInsightsSandbox,
} from "../../../src/sandbox/customer-insights/index.js";

let sandbox: CustomerInsightsSandbox;
beforeAll(async () => {
  sandbox = await startCustomerInsightsSandbox();
});
afterAll(() => sandbox.close());

const V = "api-version=2017-04-26";

/** The hub's JSON answers, loosely: lists, resources, instances and errors. */
interface HubBody {
  value?: Array<Record<string, unknown>>;
  nextLink?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

async function hub(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? sandbox.token}`;
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as HubBody) : undefined };
}

const createBody = (contact: string, account: string, extra: Record<string, unknown> = {}) => ({
  ProfileStrongIdFieldMappings: [{ FieldName: "ContactId", StrongIdKeyProperty: "ContactId" }],
  RelatedProfileStrongIdFieldMappings: [{ FieldName: "AccountId", StrongIdKeyProperty: "AccountId" }],
  RelationshipType: "AccountContact",
  ContactId: contact,
  AccountId: account,
  ...extra,
});

describe("Customer Insights sandbox", () => {
  it("describes its connection", () => {
    expect(sandbox.connection("eu")).toEqual({ name: "eu", hubEndpoint: sandbox.baseUrl, token: sandbox.token, tenantId: HUB_NAME, sandbox: true });
    expect(sandbox.vendor).toBe("CUSTOMER_INSIGHTS");
    expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("wants the generated bearer token, then api-version=2017-04-26", async () => {
    expect(await hub("GET", `/data/Contact('ct-001')?${V}`, { token: null })).toMatchObject({ status: 401, body: { error: { code: "Unauthorized" } } });
    expect(await hub("GET", `/data/Contact('ct-001')?${V}`, { token: "guess" })).toMatchObject({ status: 401 });
    expect(await hub("GET", "/data/Contact('ct-001')")).toMatchObject({ status: 400, body: { error: { code: "MissingApiVersionParameter" } } });
    expect(await hub("GET", "/data/Contact('ct-001')?api-version=2016-01-01")).toMatchObject({ status: 400, body: { error: { code: "InvalidApiVersionParameter" } } });
    expect(await hub("GET", `/data/Contact('ct-001')?${V}`)).toMatchObject({ status: 200, body: { ProfileId: "ct-001" } });
  });

  it("addresses profiles by ProfileId, by strong id and by composite strong id", async () => {
    expect((await hub("GET", `/data/Account(AccountId='A2001')?${V}`)).body).toMatchObject({ ProfileId: ACCOUNT_CONTOSO.profileId });
    expect((await hub("GET", `/data/Account(Country='IE',%20TaxNumber='IE-3001')?${V}`)).body).toMatchObject({ ProfileId: ACCOUNT_OREILLY.profileId });
    expect((await hub("GET", `/data/Account('acc-o''reilly')?${V}`)).status).toBe(200);
    expect((await hub("GET", `/data/Account('acc-o'reilly')?${V}`)).status).toBe(400);
    expect((await hub("GET", `/data/Account(Name='Contoso Ltd')?${V}`)).status).toBe(400);
    expect(await hub("GET", `/data/Account('nope')?${V}`)).toMatchObject({ status: 404, body: { error: { code: "ResourceNotFound" } } });
  });

  it("pages lists by 30 (or a lower $top) with an absolute nextLink carrying $skiptoken and api-version", async () => {
    const first = await hub("GET", `/data/Account('acc-contoso')/Relationships?${V}`);
    expect(first.body!.value).toHaveLength(30);
    const next = new URL(first.body!.nextLink!);
    expect(next.origin).toBe(sandbox.baseUrl);
    expect(next.pathname).toBe("/data/Account('acc-contoso')/Relationships");
    expect(next.searchParams.get("api-version")).toBe("2017-04-26");
    expect(next.searchParams.get("$skiptoken")).toBeTruthy();
    const second = await hub("GET", next.pathname + next.search);
    expect(second.body!.value).toHaveLength(6);
    expect(second.body!.nextLink).toBeUndefined();

    const small = await hub("GET", `/data/relationships?${V}&$top=6`);
    expect(small.body!.value).toHaveLength(6);
    expect(new URL(small.body!.nextLink!).searchParams.get("$top")).toBe("6");
    expect((await hub("GET", `/data/relationships?${V}&$top=0`)).status).toBe(400);
    expect((await hub("GET", `/data/relationships?${V}&$skiptoken=garbage`)).status).toBe(400);
  });

  it("accepts any casing of the relationships collection and filters by type", async () => {
    const colleagues = await hub("GET", `/data/RELATIONSHIPS?${V}&$filter=${encodeURIComponent("RelationshipType eq 'Colleague'")}`);
    expect(colleagues.body!.value).toHaveLength(5);
    expect(colleagues.body!.value!.every((v) => v.RelationshipType === "Colleague")).toBe(true);
    expect((await hub("GET", `/data/Relationships('rel-0001')?${V}`)).body).toMatchObject({ RelationshipId: "rel-0001" });
    expect((await hub("GET", `/data/relationships?${V}&$filter=Role%20eq%20'x'`)).status).toBe(400);
  });

  it("creates with 202 and the assigned profile ids, upserts by type and ends, and deletes via X-HTTP-Method", async () => {
    const created = await hub("POST", `/data/relationship?${V}`, { body: createBody("C1030", "A2002", { Role: "Intern" }) });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ RelationshipType: "AccountContact", ProfileId: "ct-030", RelatedProfileId: "acc-fabrikam", Role: "Intern" });
    const again = await hub("POST", `/data/Relationships?${V}`, { body: createBody("C1030", "A2002", { Role: "Lead" }) });
    expect(again.body).toMatchObject({ RelationshipId: created.body!.RelationshipId, Role: "Lead" });

    const deleted = await hub("POST", `/data/Relationships?${V}`, { body: createBody("C1030", "A2002"), headers: { "x-http-method": "DELETE" } });
    expect(deleted.status).toBe(200);
    expect((await hub("GET", `/data/relationships('${String(created.body!.RelationshipId)}')?${V}`)).status).toBe(404);
    expect((await hub("POST", `/data/Relationships?${V}`, { body: createBody("C1030", "A2002"), headers: { "x-http-method": "DELETE" } })).status).toBe(404);
  });

  it("enforces the relationship definition on create", async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ ...createBody("C1001", "A2001"), RelationshipType: "Bad Name" }, 400, "InvalidName"],
      [{ ...createBody("C1001", "A2001"), RelationshipType: "Unknown" }, 400, "InvalidRelationshipType"],
      [{ ...createBody("C1001", "A2001"), IsPrimary: "yes" }, 400, "InvalidPropertyValue"],
      [{ ...createBody("C1001", "A2001"), ProfileStrongIdFieldMappings: [] }, 400, "InvalidRequest"],
      [{ ...createBody("C1001", "A2001"), ProfileStrongIdFieldMappings: [{ FieldName: "Role", StrongIdKeyProperty: "ContactId" }], Role: "x" }, 400, "ProfileNotFound"],
      [{ ...createBody("C1001", "A2001"), RelatedProfileStrongIdFieldMappings: [{ FieldName: "AccountId", StrongIdKeyProperty: "Country" }] }, 400, "InvalidFieldMapping"],
      [{ ...createBody("C1001", "A2001"), RelatedProfileStrongIdFieldMappings: [{ FieldName: "Nope", StrongIdKeyProperty: "AccountId" }] }, 400, "InvalidFieldMapping"],
      ["{not json", 400, "InvalidJson"],
      [[1, 2], 400, "InvalidJson"],
    ];
    for (const [body, status, code] of cases) {
      expect(await hub("POST", `/data/Relationships?${V}`, { body })).toMatchObject({ status, body: { error: { code } } });
    }
    expect((await hub("POST", `/data/Relationships?${V}`, { body: "{}", headers: { "content-type": "text/plain" } })).status).toBe(415);
  });

  it("serves type definitions in the ARM resource shape", async () => {
    const relationship = await hub("GET", `/manage/model/relationships/accountcontact?${V}`);
    expect(relationship.body).toMatchObject({
      name: "AccountContact",
      type: "Microsoft.CustomerInsights/hubs/relationships",
      properties: { profileType: "Contact", relatedProfileType: "Account", relationshipName: "AccountContact" },
    });
    expect(relationship.body!.id).toMatch(/\/hubs\/contosohub\/relationships\/AccountContact$/);
    expect((await hub("GET", `/manage/model/profiles/Account?${V}`)).body).toMatchObject({ properties: { strongIds: [{ keyPropertyNames: ["AccountId"] }, { keyPropertyNames: ["Country", "TaxNumber"] }] } });
    expect((await hub("GET", `/manage/model/relationships/Nope?${V}`)).status).toBe(404);
  });

  it("creates a link with 202 Provisioning, reports Succeeded on the next read, updates with 200", async () => {
    const body = {
      interactionType: "ContactMeeting",
      relationshipName: "Colleague",
      profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ProfileId" }],
      relatedProfilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }],
      provisioningState: "Failed",
      tenantId: "someone-else",
    };
    const created = await hub("PUT", `/manage/model/relationshipLinks/MetTogether?${V}`, { body });
    expect(created).toMatchObject({ status: 202, body: { name: "MetTogether", properties: { provisioningState: "Provisioning", tenantId: HUB_NAME } } });
    expect((await hub("GET", `/manage/model/relationshipLinks/MetTogether?${V}`)).body!.properties!.provisioningState).toBe("Provisioning");
    expect((await hub("GET", `/manage/model/relationshipLinks/MetTogether?${V}`)).body!.properties!.provisioningState).toBe("Succeeded");
    expect((await hub("PUT", `/manage/model/relationshipLinks/MetTogether?${V}`, { body })).status).toBe(200);

    expect((await hub("PUT", `/manage/model/relationshipLinks/x?${V}`, { body })).body).toMatchObject({ error: { code: "InvalidName" } });
    expect((await hub("PUT", `/manage/model/relationshipLinks/Ok_2?${V}`, { body: { ...body, relationshipName: undefined } })).status).toBe(400);
    expect(
      (await hub("PUT", `/manage/model/relationshipLinks/Ok_2?${V}`, {
        body: { ...body, relatedProfilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "Industry" }] },
      })).body,
    ).toMatchObject({ error: { code: "InvalidPropertyReference" } });
    expect((await hub("GET", `/manage/model/relationshipLinks/Nope?${V}`)).status).toBe(404);
  });
});
