import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeId } from "../../../src/domain/ids.js";
import type { AssociationRelation } from "../../../src/domain/entities.js";
import { UpstreamError, ValidationError, VendorRejection } from "../../../src/errors.js";
import { HttpClient, type UpstreamRequest } from "../../../src/http/client.js";
import { USER_AGENT } from "../../../src/http/user-agent.js";
import { HIGHLEVEL_DEMO as D, startHighLevelSandbox, type HighLevelSandbox } from "../../../src/sandbox/highlevel/index.js";
import { failure, makeClient, only, queryOf, type ClientSetup } from "./helpers.js";

let sandbox: HighLevelSandbox;
const opened: HttpClient[] = [];

beforeAll(async () => {
  sandbox = await startHighLevelSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.clearRequests();
  sandbox.clearFaults();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((http) => http.close()));
});

function setup(options: Parameters<typeof makeClient>[1] = {}): ClientSetup {
  const s = makeClient(sandbox, options);
  opened.push(s.http);
  return s;
}

/** No error may carry a credential, in its message or anywhere else. */
function expectNoSecret(error: unknown): void {
  const text = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
  expect(text).not.toContain(sandbox.connection().token);
  expect(text).not.toContain(sandbox.otherLocationConnection().token);
}

function expectVendorHeaders(req: { headers: Record<string, unknown> }, token = sandbox.connection().token): void {
  expect(req.headers.authorization).toBe(`Bearer ${token}`);
  expect(req.headers.version).toBe("2021-07-28");
  expect(req.headers.accept).toBe("application/json");
  expect(req.headers["user-agent"]).toBe(USER_AGENT);
}

describe("createAssociationRelation", () => {
  it("POSTs the four ids with the connection's location and maps the 201 answer", async () => {
    const { client } = setup();
    const relation = await client.createAssociationRelation({
      associationId: D.associations.petOwner,
      firstRecordId: D.contacts.barbara,
      secondRecordId: D.pets.max,
    });

    const req = only(sandbox.requests);
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/associations/relations");
    expect(queryOf(req)).toEqual([]);
    expectVendorHeaders(req);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.body).toEqual({
      locationId: D.locationId,
      associationId: D.associations.petOwner,
      firstRecordId: D.contacts.barbara,
      secondRecordId: D.pets.max,
    });

    expect(relation.relationId).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(relation).toMatchObject({
      kind: "AssociationRelation",
      vendor: "HIGHLEVEL",
      connection: "default",
      locationId: D.locationId,
      associationId: D.associations.petOwner,
      firstRecordId: D.contacts.barbara,
      secondRecordId: D.pets.max,
      key: "pet_owner",
      firstObjectKey: "contact",
      firstObjectLabel: "Owner",
      secondObjectKey: "custom_objects.pets",
      secondObjectLabel: "Pet",
      associationType: "USER_DEFINED",
      sourceRef: { vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [D.contacts.barbara] },
      targetRef: { vendor: "HIGHLEVEL", connection: "default", kind: "Record", key: ["custom_objects.pets", D.pets.max] },
    });
    expect(relation.properties).toEqual({
      locationId: D.locationId,
      id: relation.relationId,
      key: "pet_owner",
      firstObjectLabel: "Owner",
      firstObjectKey: "contact",
      secondObjectLabel: "Pet",
      secondObjectKey: "custom_objects.pets",
      associationType: "USER_DEFINED",
    });
    expect(decodeId(relation.id)).toEqual({
      vendor: "HIGHLEVEL",
      connection: "default",
      kind: "AssociationRelation",
      key: [relation.relationId, D.contacts.barbara],
    });

    // The new relation is listed for either end.
    const { client: reader } = setup();
    const page = await reader.relationsOfRecord(D.pets.max, { first: 50 });
    expect(page.items.map((r) => r.relationId)).toContain(relation.relationId);
  });

  it("sends an explicit locationId and types custom-object ends in both directions", async () => {
    const { client } = setup();
    const relation = await client.createAssociationRelation({
      locationId: D.locationId,
      associationId: D.associations.petTransport,
      firstRecordId: D.pets.bella,
      secondRecordId: D.vehicles.sedan,
    });
    expect(only(sandbox.requests).body).toMatchObject({ locationId: D.locationId });
    expect(relation.sourceRef).toEqual({
      vendor: "HIGHLEVEL",
      connection: "default",
      kind: "Record",
      key: ["custom_objects.pets", D.pets.bella],
    });
    expect(relation.targetRef?.key).toEqual(["custom_objects.vehicles", D.vehicles.sedan]);
  });

  it("reports a duplicate pair (HTTP 400) as CONFLICT with the vendor's message", async () => {
    const { client } = setup();
    const error = await failure(
      client.createAssociationRelation({
        associationId: D.associations.referral,
        firstRecordId: D.contacts.ada,
        secondRecordId: D.contacts.grace,
      }),
    );
    expect(error).toBeInstanceOf(VendorRejection);
    const rejection = error as VendorRejection;
    expect(rejection.userCode).toBe("CONFLICT");
    expect(rejection.status).toBe(400);
    expect(rejection.messages).toEqual([
      `Could not create relation: duplicate relation of object Ids for given association ${D.associations.referral}`,
    ]);
    expect(sandbox.requests).toHaveLength(1);
    expectNoSecret(error);
  });

  it("reports a record of the wrong object (HTTP 400) as UPSTREAM_REJECTED naming the field", async () => {
    const { client } = setup();
    const error = (await failure(
      client.createAssociationRelation({
        associationId: D.associations.petOwner,
        firstRecordId: D.pets.rex,
        secondRecordId: D.contacts.ada,
      }),
    )) as VendorRejection;
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error.userCode).toBe("UPSTREAM_REJECTED");
    expect(error.messages).toEqual([`firstRecordId ${D.pets.rex} is not a record of contact`]);
    expect(error.field).toEqual(["firstRecordId"]);
  });

  it("reports an association of another location as UPSTREAM_REJECTED", async () => {
    const { client } = setup();
    const error = (await failure(
      client.createAssociationRelation({
        associationId: D.otherLocationAssociations.referral,
        firstRecordId: D.contacts.ada,
        secondRecordId: D.contacts.alan,
      }),
    )) as VendorRejection;
    expect(error.userCode).toBe("UPSTREAM_REJECTED");
    expect(error.messages).toEqual([`Association with id ${D.otherLocationAssociations.referral} not found`]);
  });

  it("keeps every message of a 422 (message is a list)", async () => {
    const messages = ["property foo should not exist", "associationId must be a string"];
    sandbox.injectFault({
      status: 422,
      body: { statusCode: 422, message: messages, error: "Unprocessable Entity", traceId: "t-1" },
    });
    const { client } = setup();
    const error = (await failure(
      client.createAssociationRelation({
        associationId: D.associations.referral,
        firstRecordId: D.contacts.alan,
        secondRecordId: D.contacts.linus,
      }),
    )) as VendorRejection;
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error.status).toBe(422);
    expect(error.userCode).toBe("UPSTREAM_REJECTED");
    expect(error.messages).toEqual(messages);
    expect(error.field).toBeNull();
  });

  it("reports a 400 without the vendor's words as UPSTREAM_REJECTED naming no field", async () => {
    sandbox.injectFault({ status: 400, body: "" });
    const { client } = setup();
    const error = (await failure(
      client.createAssociationRelation({
        associationId: D.associations.referral,
        firstRecordId: D.contacts.alan,
        secondRecordId: D.contacts.linus,
      }),
    )) as VendorRejection;
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error.userCode).toBe("UPSTREAM_REJECTED");
    expect(error.messages).toEqual([]);
    expect(error.field).toBeNull();
  });

  it("maps a token used for another location (403) to FORBIDDEN", async () => {
    const { client } = setup();
    const error = await failure(
      client.createAssociationRelation({
        locationId: D.otherLocationId,
        associationId: D.otherLocationAssociations.referral,
        firstRecordId: D.otherLocationContacts.otto,
        secondRecordId: D.otherLocationContacts.olga,
      }),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("FORBIDDEN");
    expect((error as UpstreamError).status).toBe(403);
    expectNoSecret(error);
  });

  it("maps wrong credentials (401) to UNAUTHENTICATED without leaking the token", async () => {
    const wrong = { ...sandbox.connection(), token: "hl-pit-not-the-right-one" };
    const { client } = setup({ connection: wrong });
    const error = await failure(
      client.createAssociationRelation({
        associationId: D.associations.referral,
        firstRecordId: D.contacts.alan,
        secondRecordId: D.contacts.linus,
      }),
    );
    expect((error as UpstreamError).code).toBe("UNAUTHENTICATED");
    expect(error.message).not.toContain("hl-pit-not-the-right-one");
    expect(JSON.stringify((error as UpstreamError).extensions())).not.toContain("hl-pit-not-the-right-one");
    expect(only(sandbox.requests).headers.authorization).toBe("Bearer hl-pit-not-the-right-one");
  });

  it("surfaces the vendor's 401 for a missing Version header as UNAUTHENTICATED", async () => {
    class NoVersionHeader extends HttpClient {
      override request(req: UpstreamRequest) {
        return super.request({ ...req, headers: { ...req.headers, version: undefined } });
      }
    }
    const connection = sandbox.connection();
    const http = new NoVersionHeader({
      baseUrl: connection.baseUrl,
      target: { vendor: "HIGHLEVEL", connection: "default" },
      name: "HighLevel (connection 'default')",
      timeoutMs: 2_000,
    });
    const { client } = setup({ http });
    const error = await failure(client.contact(D.contacts.ada));
    expect((error as UpstreamError).code).toBe("UNAUTHENTICATED");
    expect((error as UpstreamError).status).toBe(401);
    expect(only(sandbox.requests).headers.version).toBeUndefined();
    expectNoSecret(error);
  });

  it("never retries the POST on a 5xx", async () => {
    sandbox.injectFault({ status: 502, body: { message: "Bad Gateway" } }, { times: 3 });
    const { client } = setup();
    const error = await failure(
      client.createAssociationRelation({
        associationId: D.associations.referral,
        firstRecordId: D.contacts.alan,
        secondRecordId: D.contacts.linus,
      }),
    );
    expect((error as UpstreamError).code).toBe("UPSTREAM_UNAVAILABLE");
    expect((error as UpstreamError).status).toBe(502);
    expect(sandbox.requests).toHaveLength(1);
  });

  it("rejects blank, slashed or spaced ids and a missing location before any call", async () => {
    const { client } = setup();
    const base = { associationId: D.associations.referral, firstRecordId: D.contacts.ada, secondRecordId: D.contacts.alan };
    const cases: Array<[Parameters<typeof client.createAssociationRelation>[0], string[]]> = [
      [{ ...base, associationId: "" }, ["associationId"]],
      [{ ...base, associationId: "   " }, ["associationId"]],
      [{ ...base, firstRecordId: "ab cd" }, ["firstRecordId"]],
      [{ ...base, secondRecordId: "../contacts/x" }, ["secondRecordId"]],
      [{ ...base, locationId: "loc/other" }, ["locationId"]],
      [{ ...base, locationId: "" }, ["locationId"]],
    ];
    for (const [input, field] of cases) {
      const error = await failure(client.createAssociationRelation(input));
      expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toEqual(field);
    }
    const { client: noLocation } = setup({ connection: { ...sandbox.connection(), locationId: undefined } });
    const error = await failure(noLocation.createAssociationRelation(base));
    expect((error as ValidationError).field).toEqual(["locationId"]);
    expect(sandbox.requests).toHaveLength(0);
  });

  it("reports every bad field at once, each with its own message, before any call", async () => {
    const error = await failure(setup().client.createAssociationRelation({ locationId: "loc/other", associationId: "", firstRecordId: "ab cd", secondRecordId: "  " }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: ["locationId"], message: "locationId must not contain whitespace or slashes" },
      { field: ["associationId"], message: "associationId must not be empty" },
      { field: ["firstRecordId"], message: "firstRecordId must not contain whitespace or slashes" },
      { field: ["secondRecordId"], message: "secondRecordId must not be empty" },
    ]);
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe("createAssociationRelation: the vendor's refusal names the input field it is about", () => {
  const input = { associationId: D.associations.referral, firstRecordId: D.contacts.alan, secondRecordId: D.contacts.linus };

  it("an association the location does not have: associationId", async () => {
    const error = (await failure(setup().client.createAssociationRelation({ ...input, associationId: D.otherLocationAssociations.referral }))) as VendorRejection;
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ messages: [`Association with id ${D.otherLocationAssociations.referral} not found`], fields: [["associationId"]], field: ["associationId"] });
  });

  it("a record of another object: the end it stands at", async () => {
    const error = (await failure(setup().client.createAssociationRelation({ associationId: D.associations.petOwner, firstRecordId: D.contacts.ada, secondRecordId: D.contacts.alan }))) as VendorRejection;
    expect(error).toMatchObject({ messages: [`secondRecordId ${D.contacts.alan} is not a record of custom_objects.pets`], fields: [["secondRecordId"]] });
  });

  it.each([
    [404, `Contact with id ${D.contacts.linus} not found`, ["secondRecordId"]],
    [400, `Record with id ${D.contacts.alan} not found`, ["firstRecordId"]],
    [404, "Record not found", null],
    [400, `Could not create relation: duplicate relation of object Ids for given association ${D.associations.referral}`, null],
  ] as const)("HTTP %i '%s' names %j", async (status, message, field) => {
    sandbox.injectFault({ status, body: { statusCode: status, message } });
    const error = (await failure(setup().client.createAssociationRelation(input))) as VendorRejection;
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error).toMatchObject({ messages: [message], fields: [field] });
  });

  it("a 422 list blames each message's own field", async () => {
    const messages = ["property foo should not exist", "associationId must be a string", "secondRecordId should not be empty"];
    sandbox.injectFault({ status: 422, body: { statusCode: 422, message: messages, error: "Unprocessable Entity" } });
    const error = (await failure(setup().client.createAssociationRelation(input))) as VendorRejection;
    expect(error.fields).toEqual([null, ["associationId"], ["secondRecordId"]]);
    expect(error.field).toBeNull();
  });
});

describe("reads", () => {
  it("reads a contact with one GET however often it is asked for", async () => {
    const { client, batches } = setup();
    const [contact, ...again] = await Promise.all([1, 2, 3, 4, 5].map(() => client.contact(D.contacts.ada)));
    const req = only(sandbox.requests);
    expect(req.method).toBe("GET");
    expect(req.path).toBe(`/contacts/${D.contacts.ada}`);
    expect(queryOf(req)).toEqual([]);
    expect(req.body).toBeUndefined();
    expectVendorHeaders(req);
    expect(again.every((c) => c === contact)).toBe(true);
    expect(batches).toEqual([["highlevel.contact", 1]]);
    expect(contact).toMatchObject({
      kind: "Contact",
      vendor: "HIGHLEVEL",
      connection: "default",
      nativeId: D.contacts.ada,
      name: "Ada Lovelace",
      email: "ada.lovelace@example.com",
      phone: "+14155550101",
    });
    expect(contact!.properties).toMatchObject({ id: D.contacts.ada, companyName: "Analytical Engines Ltd", locationId: D.locationId });
    expect(decodeId(contact!.id)).toEqual({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [D.contacts.ada] });
  });

  it("reads a record by object key with or without the custom_objects. prefix", async () => {
    const { client } = setup();
    const [bare, prefixed] = await Promise.all([
      client.record("pets", D.pets.rex),
      client.record("custom_objects.pets", D.pets.rex),
    ]);
    expect(bare).toBe(prefixed);
    const req = only(sandbox.requests);
    expect(req.path).toBe(`/objects/custom_objects.pets/records/${D.pets.rex}`);
    expectVendorHeaders(req);
    expect(bare).toMatchObject({ kind: "Record", nativeId: D.pets.rex, objectKey: "custom_objects.pets" });
    expect(bare!.properties).toMatchObject({ id: D.pets.rex, properties: { name: "Rex", species: "dog", age: 5 } });
    expect(decodeId(bare!.id)?.key).toEqual(["custom_objects.pets", D.pets.rex]);
  });

  it("reads standard-object records by their bare key", async () => {
    const { client } = setup();
    const business = await client.record("business", D.businesses.acme);
    expect(only(sandbox.requests).path).toBe(`/objects/business/records/${D.businesses.acme}`);
    expect(business?.objectKey).toBe("business");
  });

  it("answers null for unknown contacts, records and associations (404)", async () => {
    const { client } = setup();
    expect(await client.contact("ctNoSuchContact00000")).toBeNull();
    expect(await client.record("pets", "recNoSuchPet00000000")).toBeNull();
    expect(await client.record("no_such_object", D.pets.rex)).toBeNull();
    expect(await client.association("asNoSuchAssociation0")).toBeNull();
    expect(sandbox.requests.map((r) => r.path)).toEqual([
      "/contacts/ctNoSuchContact00000",
      "/objects/custom_objects.pets/records/recNoSuchPet00000000",
      "/objects/custom_objects.no_such_object/records/recPetRex00000000001",
      "/associations/asNoSuchAssociation0",
    ]);
  });

  it("maps another location's contact (403) to FORBIDDEN", async () => {
    const { client } = setup();
    const error = await failure(client.contact(D.otherLocationContacts.otto));
    expect((error as UpstreamError).code).toBe("FORBIDDEN");
  });

  it("retries an idempotent read on 503 and then reports UPSTREAM_UNAVAILABLE", async () => {
    sandbox.injectFault({ status: 503, body: { message: "Service Unavailable" } }, { times: 3 });
    const { client } = setup();
    const error = await failure(client.contact(D.contacts.grace));
    expect((error as UpstreamError).code).toBe("UPSTREAM_UNAVAILABLE");
    expect(sandbox.requests).toHaveLength(3);
    expectNoSecret(error);
  });

  it("recovers when a retried read succeeds", async () => {
    sandbox.injectFault({ status: 503, body: { message: "Service Unavailable" } }, { times: 1 });
    const { client } = setup();
    expect((await client.contact(D.contacts.grace))?.name).toBe("Grace Hopper");
    expect(sandbox.requests).toHaveLength(2);
  });

  it("gives up on a hanging vendor with UPSTREAM_TIMEOUT", async () => {
    sandbox.injectFault({ hang: true }, { times: 5 });
    const { client } = setup({ timeoutMs: 300 });
    const started = Date.now();
    const error = await failure(client.contact(D.contacts.alan));
    expect((error as UpstreamError).code).toBe("UPSTREAM_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(3_000);
    expectNoSecret(error);
  });

  it("reports a garbage body as UPSTREAM_BAD_RESPONSE", async () => {
    sandbox.injectFault({ status: 200, body: "<html>oops</html>" });
    const { client } = setup();
    expect(((await failure(client.contact(D.contacts.alan))) as UpstreamError).code).toBe("UPSTREAM_BAD_RESPONSE");
    sandbox.injectFault({ status: 200, body: { contact: { name: "no id" } } });
    expect(((await failure(client.contact(D.contacts.linus))) as UpstreamError).code).toBe("UPSTREAM_BAD_RESPONSE");
  });

  it("rejects bad ids and object keys before any call", async () => {
    const { client } = setup();
    const cases: Array<[Promise<unknown>, string[]]> = [
      [client.contact(""), ["id"]],
      [client.contact("a/b"), ["id"]],
      [client.record("pets", " "), ["id"]],
      [client.record("pets/../x", D.pets.rex), ["objectKey"]],
      [client.record("pets?x", D.pets.rex), ["objectKey"]],
      [client.relationsOfRecord("two words", { first: 5 }), ["id"]],
      [client.relationsOfRecord(D.contacts.ada, { first: 101 }), ["first"]],
      [client.relationsOfRecord(D.contacts.ada, { first: 5, after: "not a cursor!" }), ["after"]],
    ];
    for (const [promise, field] of cases) {
      const error = await failure(promise);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toEqual(field);
    }
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe("association definitions", () => {
  it("caches definitions per connection across requests", async () => {
    const first = setup();
    const association = await first.client.association(D.associations.vehicleDriver);
    expect(association).toEqual({
      locationId: D.locationId,
      id: D.associations.vehicleDriver,
      key: "vehicle_driver",
      firstObjectLabel: "Vehicle",
      firstObjectKey: "custom_objects.vehicles",
      secondObjectLabel: "Driver",
      secondObjectKey: "contact",
      associationType: "USER_DEFINED",
    });
    const req = only(sandbox.requests);
    expect(req.path).toBe(`/associations/${D.associations.vehicleDriver}`);
    expect(queryOf(req)).toEqual([]);
    expectVendorHeaders(req);

    // Next GraphQL request, same connection (same HttpClient): no call.
    const second = makeClient(sandbox, { http: first.http });
    expect(await second.client.association(D.associations.vehicleDriver)).toEqual(association);
    expect(sandbox.requests).toHaveLength(1);

    // Another connection has its own cache.
    const other = setup();
    await other.client.association(D.associations.vehicleDriver);
    expect(sandbox.requests).toHaveLength(2);
  });

  it("holds the mapped definition, not the vendor's record", async () => {
    sandbox.injectFault({
      status: 200,
      body: {
        locationId: D.locationId,
        id: D.associations.petOwner,
        key: "pet_owner",
        firstObjectLabel: { en: "Owner" },
        firstObjectKey: "contact",
        secondObjectLabel: "Pet",
        secondObjectKey: "custom_objects.pets",
        associationType: "SOMETHING_NEW",
        traceId: "t-42",
      },
    });
    const first = setup();
    const expected = {
      locationId: D.locationId,
      id: D.associations.petOwner,
      key: "pet_owner",
      firstObjectLabel: null,
      firstObjectKey: "contact",
      secondObjectLabel: "Pet",
      secondObjectKey: "custom_objects.pets",
      associationType: null,
    };
    expect(await first.client.association(D.associations.petOwner)).toStrictEqual(expected);
    // From the connection cache in the next request: the same mapped shape.
    const second = makeClient(sandbox, { http: first.http });
    expect(await second.client.association(D.associations.petOwner)).toStrictEqual(expected);
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe("relationsOfRecord", () => {
  it("pages through all of a contact's relations with skip/limit cursors", async () => {
    const { client } = setup();
    const seen: AssociationRelation[] = [];
    const pages: boolean[] = [];
    let after: string | null = null;
    do {
      const page = await client.relationsOfRecord(D.contacts.ada, { first: 10, after });
      seen.push(...page.items);
      pages.push(page.hasNextPage);
      expect(page.cursors).toHaveLength(page.items.length);
      after = page.hasNextPage ? page.cursors.at(-1)! : null;
    } while (after);

    expect(pages).toEqual([true, true, false]);
    expect(seen).toHaveLength(D.adaRelationCount);
    expect(new Set(seen.map((r) => r.relationId)).size).toBe(D.adaRelationCount);
    expect(seen.every((r) => r.firstRecordId === D.contacts.ada || r.secondRecordId === D.contacts.ada)).toBe(true);

    const lists = sandbox.requests.filter((r) => r.path.startsWith("/associations/relations/"));
    expect(lists.map((r) => [r.method, r.path, queryOf(r)])).toEqual(
      [0, 10, 20].map((skip) => [
        "GET",
        `/associations/relations/${D.contacts.ada}`,
        [
          ["locationId", D.locationId],
          ["skip", String(skip)],
          ["limit", "10"],
        ],
      ]),
    );
    lists.forEach((r) => expectVendorHeaders(r));
    // Each association definition is fetched once for the whole request.
    const definitions = sandbox.requests.filter((r) => !r.path.startsWith("/associations/relations/")).map((r) => r.path);
    expect(new Set(definitions).size).toBe(definitions.length);
    expect(definitions.sort()).toEqual(
      [
        D.associations.referral,
        D.associations.mentor,
        D.associations.petOwner,
        D.associations.vehicleDriver,
        D.associations.businessContacts,
      ]
        .map((id) => `/associations/${id}`)
        .sort(),
    );
  });

  it("types each end by the association's object keys", async () => {
    const { client } = setup();
    const page = await client.relationsOfRecord(D.contacts.ada, { first: 30 });
    const byAssociation = (id: string) => page.items.find((r) => r.associationId === id)!;

    const driven = byAssociation(D.associations.vehicleDriver);
    expect(driven).toMatchObject({
      relationId: "relDemo0000000000009",
      firstRecordId: D.vehicles.van,
      secondRecordId: D.contacts.ada,
      key: "vehicle_driver",
      firstObjectLabel: "Vehicle",
      secondObjectLabel: "Driver",
      associationType: "USER_DEFINED",
      locationId: D.locationId,
      sourceRef: { kind: "Record", key: ["custom_objects.vehicles", D.vehicles.van] },
      targetRef: { kind: "Contact", key: [D.contacts.ada] },
    });
    expect(driven.properties).toEqual({
      id: "relDemo0000000000009",
      associationId: D.associations.vehicleDriver,
      firstRecordId: D.vehicles.van,
      secondRecordId: D.contacts.ada,
      locationId: D.locationId,
      firstObjectKey: "custom_objects.vehicles",
      secondObjectKey: "contact",
    });
    expect(decodeId(driven.id)?.key).toEqual(["relDemo0000000000009", D.vehicles.van]);

    expect(byAssociation(D.associations.businessContacts)).toMatchObject({
      associationType: "SYSTEM_DEFINED",
      sourceRef: { kind: "Record", key: ["business", D.businesses.acme] },
      targetRef: { kind: "Contact", key: [D.contacts.ada] },
    });
    expect(page.hasNextPage).toBe(false);
  });

  it("tolerates rows without optional keys and an answer without total", async () => {
    sandbox.injectFault(
      {
        status: 200,
        body: {
          relations: [
            { id: "relBare1", associationId: D.associations.petOwner, firstRecordId: D.contacts.alan, secondRecordId: D.pets.nala },
          ],
        },
      },
      { match: (r) => r.path.startsWith("/associations/relations/") },
    );
    const { client } = setup({ connection: { ...sandbox.connection(), name: "bare" } });
    const page = await client.relationsOfRecord(D.pets.nala, { first: 5 });
    expect(page.hasNextPage).toBe(false);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      connection: "bare",
      relationId: "relBare1",
      locationId: D.locationId,
      firstObjectKey: "contact",
      secondObjectKey: "custom_objects.pets",
      sourceRef: { connection: "bare", kind: "Contact", key: [D.contacts.alan] },
      targetRef: { connection: "bare", kind: "Record", key: ["custom_objects.pets", D.pets.nala] },
    });
  });

  it("passes first = 0 as limit 1 and reports whether anything follows", async () => {
    const { client } = setup();
    const page = await client.relationsOfRecord(D.contacts.ada, { first: 0 });
    expect(page).toEqual({ items: [], cursors: [], hasNextPage: true });
    expect(queryOf(sandbox.requests[0]!)).toEqual([
      ["locationId", D.locationId],
      ["skip", "0"],
      ["limit", "1"],
    ]);
  });

  it("answers an empty page for a record without relations", async () => {
    const { client } = setup();
    expect(await client.relationsOfRecord("ctNobody000000000000", { first: 5 })).toEqual({
      items: [],
      cursors: [],
      hasNextPage: false,
    });
  });
});

describe("load", () => {
  it("dispatches Contact, Record and AssociationRelation refs", async () => {
    const { client } = setup();
    const ref = { vendor: "HIGHLEVEL", connection: "default" } as const;
    const contact = await client.load({ ...ref, kind: "Contact", key: [D.contacts.grace] });
    expect(contact).toMatchObject({ kind: "Contact", nativeId: D.contacts.grace });
    const record = await client.load({ ...ref, kind: "Record", key: ["custom_objects.vehicles", D.vehicles.van] });
    expect(record).toMatchObject({ kind: "Record", nativeId: D.vehicles.van, objectKey: "custom_objects.vehicles" });

    sandbox.clearRequests();
    const [relation, again, missing] = await Promise.all([
      client.load({ ...ref, kind: "AssociationRelation", key: ["relDemo0000000000009", D.vehicles.van] }),
      client.load({ ...ref, kind: "AssociationRelation", key: ["relDemo0000000000030", D.vehicles.van] }),
      client.load({ ...ref, kind: "AssociationRelation", key: ["relNoSuchRelation000", D.vehicles.van] }),
    ]);
    expect(relation).toMatchObject({ kind: "AssociationRelation", relationId: "relDemo0000000000009", secondRecordId: D.contacts.ada });
    expect(again).toMatchObject({ relationId: "relDemo0000000000030", firstRecordId: D.pets.rex });
    expect(missing).toBeNull();
    // One list call for the record, read in pages of 100.
    const lists = sandbox.requests.filter((r) => r.path.startsWith("/associations/relations/"));
    expect(lists.map((r) => [r.path, queryOf(r)])).toEqual([
      [
        `/associations/relations/${D.vehicles.van}`,
        [
          ["locationId", D.locationId],
          ["skip", "0"],
          ["limit", "100"],
        ],
      ],
    ]);
  });

  it("answers null for refs of other connections, kinds or impossible keys, without a call", async () => {
    const { client } = setup();
    expect(await client.load({ vendor: "HIGHLEVEL", connection: "other", kind: "Contact", key: [D.contacts.ada] })).toBeNull();
    expect(await client.load({ vendor: "SUPEROFFICE", connection: "default", kind: "Contact", key: ["1"] })).toBeNull();
    expect(await client.load({ vendor: "HIGHLEVEL", connection: "default", kind: "Person", key: ["1"] })).toBeNull();
    expect(await client.load({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: ["a/b"] })).toBeNull();
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe("deleteAssociationRelation", () => {
  it("DELETEs with the location and reports an unknown relation as NOT_FOUND", async () => {
    const { client } = setup();
    const created = await client.createAssociationRelation({
      associationId: D.associations.mentor,
      firstRecordId: D.contacts.edsger,
      secondRecordId: D.contacts.barbara,
    });
    sandbox.clearRequests();
    await client.deleteAssociationRelation(created.relationId);
    const req = only(sandbox.requests);
    expect([req.method, req.path, queryOf(req), req.body]).toEqual([
      "DELETE",
      `/associations/relations/${created.relationId}`,
      [["locationId", D.locationId]],
      undefined,
    ]);
    expectVendorHeaders(req);

    const error = (await failure(client.deleteAssociationRelation(created.relationId))) as VendorRejection;
    expect(error).toBeInstanceOf(VendorRejection);
    expect(error.userCode).toBe("NOT_FOUND");
    expect(error.messages).toEqual([`Relation with id ${created.relationId} not found`]);
  });
});
