import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO as D, startHighLevelSandbox, type HighLevelSandbox } from "../../../src/sandbox/highlevel/index.js";

/** The sandbox's own rules, spoken to over raw HTTP (the adapter never sends most of these). */

let sandbox: HighLevelSandbox;
let auth: Record<string, string>;

beforeAll(async () => {
  sandbox = await startHighLevelSandbox();
  auth = { authorization: `Bearer ${sandbox.connection().token}`, version: "2021-07-28" };
});
afterAll(async () => {
  await sandbox.close();
});

async function call(method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(sandbox.baseUrl + path, {
    method,
    headers: { ...(options.body !== undefined && { "content-type": "application/json" }), ...(options.headers ?? auth) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const relationsPath = (recordId: string, query: string) => `/associations/relations/${recordId}?${query}`;

describe("authentication", () => {
  it("hands out a token bound to the demo location", () => {
    const connection = sandbox.connection("hl");
    expect(connection).toEqual({
      name: "hl",
      baseUrl: sandbox.baseUrl,
      token: expect.stringMatching(/^hl-pit-/),
      locationId: D.locationId,
      sandbox: true,
    });
    expect(sandbox.otherLocationConnection().token).not.toBe(connection.token);
    expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers 401 Invalid JWT for a missing or unknown token", async () => {
    const attempts: Array<Record<string, string>> = [{ version: "2021-07-28" }, { authorization: "Bearer nope", version: "2021-07-28" }];
    for (const headers of attempts) {
      const res = await call("GET", `/contacts/${D.contacts.ada}`, { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, message: "Invalid JWT", error: "Unauthorized", traceId: expect.any(String) });
    }
  });

  it("needs Version: 2021-07-28", async () => {
    const missing = await call("GET", `/contacts/${D.contacts.ada}`, { headers: { authorization: auth.authorization! } });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401, message: "version header was not found.", error: "Unauthorized" });
    const wrong = await call("GET", `/contacts/${D.contacts.ada}`, { headers: { ...auth, version: "v3" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ message: "version header is invalid" });
  });

  it("refuses a token used for another location with 403", async () => {
    const res = await call("GET", relationsPath(D.contacts.ada, `locationId=${D.otherLocationId}&skip=0&limit=5`));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: "The token does not have access to this location.", traceId: expect.any(String) });
  });
});

describe("DTO validation (422)", () => {
  it("lists every violation of the create body", async () => {
    const res = await call("POST", "/associations/relations", {
      body: { locationId: D.locationId, associationId: 42, firstRecordId: "", extra: true },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      statusCode: 422,
      message: [
        "property extra should not exist",
        "associationId must be a string",
        "firstRecordId should not be empty",
        "secondRecordId must be a string",
        "secondRecordId should not be empty",
      ],
      error: "Unprocessable Entity",
      traceId: expect.any(String),
    });
  });

  it("needs locationId, skip and limit on relation lists", async () => {
    const res = await call("GET", relationsPath(D.contacts.ada, "skip=-1"));
    expect(res.status).toBe(422);
    expect(res.body?.message).toEqual([
      "locationId must be a string",
      "locationId should not be empty",
      "skip must not be less than 0",
      "limit must be a number conforming to the specified constraints",
    ]);
  });

  it("answers 400 for a body that is not an object", async () => {
    const res = await call("POST", "/associations/relations", { body: ["x"] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, message: "Bad Request", traceId: expect.any(String) });
  });
});

describe("demo data", () => {
  it("has at least 30 relations, 26 of them on Ada", async () => {
    const ada = await call("GET", relationsPath(D.contacts.ada, `locationId=${D.locationId}&skip=0&limit=100`));
    expect(ada.body?.total).toBe(D.adaRelationCount);
    const ends = [
      ...Object.values(D.contacts),
      ...Object.values(D.pets),
      ...Object.values(D.vehicles),
      ...Object.values(D.businesses),
    ];
    const ids = new Set<string>();
    for (const id of ends) {
      const res = await call("GET", relationsPath(id, `locationId=${D.locationId}&skip=0&limit=100`));
      for (const r of res.body?.relations as Array<{ id: string }>) ids.add(r.id);
    }
    expect(ids.size).toBeGreaterThanOrEqual(D.relationCount);
  });

  it("filters relation lists by repeated associationIds and pages with skip/limit", async () => {
    const res = await call(
      "GET",
      relationsPath(
        D.contacts.ada,
        `locationId=${D.locationId}&skip=2&limit=3&associationIds=${D.associations.mentor}&associationIds=${D.associations.businessContacts}`,
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body?.total).toBe(7);
    expect(res.body?.relations).toHaveLength(3);
    expect(res.body?.relations).toContainEqual({
      id: "relDemo0000000000016",
      associationId: D.associations.mentor,
      firstRecordId: D.contacts.ada,
      secondRecordId: D.contacts.katherine,
      locationId: D.locationId,
      firstObjectKey: "contact",
      secondObjectKey: "contact",
    });
  });

  it("serves associations by id, key and list, SYSTEM_DEFINED included", async () => {
    const byId = await call("GET", `/associations/${D.associations.businessContacts}`);
    expect(byId.body).toMatchObject({ associationType: "SYSTEM_DEFINED", firstObjectKey: "business", secondObjectKey: "contact" });
    const byKey = await call("GET", `/associations/key/pet_owner?locationId=${D.locationId}`);
    expect(byKey.body).toMatchObject({ id: D.associations.petOwner, secondObjectKey: "custom_objects.pets" });
    const list = await call("GET", `/associations/?locationId=${D.locationId}&skip=0&limit=50`);
    expect(list.body?.total).toBe(6);
    const other = await call("GET", `/associations/${D.otherLocationAssociations.referral}`);
    expect(other.status).toBe(403);
  });

  it("answers contacts and records in the vendor's envelopes, 404 when unknown", async () => {
    const contact = await call("GET", `/contacts/${D.contacts.grace}`);
    expect(contact.body?.contact).toMatchObject({ id: D.contacts.grace, firstName: "Grace", lastName: "Hopper", locationId: D.locationId });
    const record = await call("GET", `/objects/custom_objects.vehicles/records/${D.vehicles.van}`);
    expect(record.body?.record).toEqual({
      id: D.vehicles.van,
      owner: [expect.any(String)],
      followers: [],
      properties: { name: "Delivery van", license_plate: "VAN-001" },
      dateAdded: expect.any(String),
      dateUpdated: expect.any(String),
    });
    const missing = await call("GET", `/contacts/ctNope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, message: "Contact with id ctNope not found", traceId: expect.any(String) });
    expect((await call("GET", `/objects/custom_objects.vehicles/records/${D.pets.rex}`)).status).toBe(404);
  });
});

describe("relations", () => {
  it("enforces object order, duplicates in either order for same-object associations, and deletes", async () => {
    const create = (firstRecordId: string, secondRecordId: string, associationId: string = D.associations.referral) =>
      call("POST", "/associations/relations", {
        body: { locationId: D.locationId, associationId, firstRecordId, secondRecordId },
      });
    const wrongOrder = await create(D.contacts.ada, D.vehicles.bike, D.associations.vehicleDriver);
    expect(wrongOrder.status).toBe(400);
    expect(wrongOrder.body?.message).toBe(`firstRecordId ${D.contacts.ada} is not a record of custom_objects.vehicles`);

    const created = await create(D.contacts.linus, D.contacts.edsger);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body!).sort()).toEqual(
      ["associationType", "firstObjectKey", "firstObjectLabel", "id", "key", "locationId", "secondObjectKey", "secondObjectLabel"],
    );
    const reversed = await create(D.contacts.edsger, D.contacts.linus);
    expect(reversed.status).toBe(400);
    expect(reversed.body?.message).toMatch(/^Could not create relation: duplicate relation of object Ids/);

    const id = created.body!.id as string;
    const deleted = await call("DELETE", `/associations/relations/${id}?locationId=${D.locationId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id, locationId: D.locationId });
    expect((await create(D.contacts.edsger, D.contacts.linus)).status).toBe(201);
  });

  it("answers unknown paths like the vendor's framework", async () => {
    const res = await call("GET", "/associations/relations");
    expect(res.status).toBe(404);
    const res2 = await call("PATCH", "/nothing/here");
    expect(res2.body).toEqual({ statusCode: 404, message: "Cannot PATCH /nothing/here", error: "Not Found" });
  });
});

describe("rate limits", () => {
  let limited: HighLevelSandbox;
  afterEach(async () => {
    await limited?.close();
  });

  it("reports X-RateLimit-* on every answer and slides a per-location window", async () => {
    limited = await startHighLevelSandbox({ rateLimit: { max: 3, intervalMs: 400, dailyLimit: 1_000 } });
    const headers = { authorization: `Bearer ${limited.connection().token}`, version: "2021-07-28" };
    const get = () => fetch(`${limited.baseUrl}/contacts/${D.contacts.ada}`, { headers });
    const statuses: number[] = [];
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      const res = await get();
      await res.text();
      statuses.push(res.status);
      remaining.push(res.headers.get("x-ratelimit-remaining"));
      expect(res.headers.get("x-ratelimit-max")).toBe("3");
      expect(res.headers.get("x-ratelimit-interval-milliseconds")).toBe("400");
      expect(res.headers.get("x-ratelimit-limit-daily")).toBe("1000");
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(["2", "1", "0", "0"]);

    // Another location has its own window.
    const other = await fetch(`${limited.baseUrl}/contacts/${D.otherLocationContacts.otto}`, {
      headers: { authorization: `Bearer ${limited.otherLocationConnection().token}`, version: "2021-07-28" },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe("2");

    await new Promise((resolve) => setTimeout(resolve, 450));
    const after = await get();
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-daily-remaining")).toBe(String(1_000 - 4));

    const unauthenticated = await fetch(`${limited.baseUrl}/contacts/${D.contacts.ada}`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("x-ratelimit-remaining")).not.toBeNull();
  });
});
