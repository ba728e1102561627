import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, VendorRejection } from "../../../src/errors.js";
import type { HttpClient } from "../../../src/http/client.js";
import { USER_AGENT } from "../../../src/http/user-agent.js";
import { HIGHLEVEL_DEMO as D, startHighLevelSandbox, type HighLevelSandbox } from "../../../src/sandbox/highlevel/index.js";
import { failure, makeClient, only, queryOf, type ClientSetup } from "./helpers.js";

/** HighLevelClient: the association catalogue, the delete by ref, and creates checked against the catalogue (wire-exact). */

let sandbox: HighLevelSandbox;
const opened: HttpClient[] = [];
beforeAll(async () => {
  sandbox = await startHighLevelSandbox();
});
afterAll(() => sandbox.close());
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

function expectVendorHeaders(req: { headers: Record<string, unknown> }): void {
  expect(req.headers).toMatchObject({
    authorization: `Bearer ${sandbox.connection().token}`,
    version: "2021-07-28",
    accept: "application/json",
    "user-agent": USER_AGENT,
  });
}

const association = (i: number) => ({
  locationId: D.locationId,
  id: `asPaged${String(i).padStart(13, "0")}`,
  key: `paged_${i}`,
  firstObjectLabel: "A",
  firstObjectKey: "contact",
  secondObjectLabel: "B",
  secondObjectKey: "contact",
  associationType: "USER_DEFINED",
});

describe("HighLevelClient.relationTypes", () => {
  it("GETs /associations/ with locationId, skip and limit and the vendor's headers; maps each association", async () => {
    const { client } = setup();
    const types = await client.relationTypes();
    const req = only(sandbox.requests);
    expect([req.method, req.path, queryOf(req), req.body]).toEqual([
      "GET",
      "/associations/",
      [
        ["locationId", D.locationId],
        ["skip", "0"],
        ["limit", "100"],
      ],
      undefined,
    ]);
    expectVendorHeaders(req);
    expect(types.map((t) => [t.nativeId, t.name, t.inverseName, t.sourceKinds, t.targetKinds])).toEqual([
      [D.associations.referral, "contact_referral", "Referred", ["contact"], ["contact"]],
      [D.associations.mentor, "mentor_mentee", "Mentee", ["contact"], ["contact"]],
      [D.associations.petOwner, "pet_owner", "Pet", ["contact"], ["custom_objects.pets"]],
      [D.associations.vehicleDriver, "vehicle_driver", "Driver", ["custom_objects.vehicles"], ["contact"]],
      [D.associations.petTransport, "pet_transport", "Vehicle", ["custom_objects.pets"], ["custom_objects.vehicles"]],
      [D.associations.businessContacts, "businesses_contacts", "Contact", ["business"], ["contact"]],
    ]);
    expect(types[2]).toMatchObject({ kind: "RelationType", vendor: "HIGHLEVEL", properties: { associationType: "USER_DEFINED", firstObjectLabel: "Owner" } });
  });

  it("pages with skip until a short page or the total", async () => {
    sandbox.injectFault({ status: 200, body: { associations: Array.from({ length: 100 }, (_, i) => association(i)), total: 106 } });
    sandbox.injectFault({ status: 200, body: { associations: Array.from({ length: 6 }, (_, i) => association(100 + i)), total: 106 } });
    const types = await setup().client.relationTypes();
    expect(sandbox.requests.map((r) => [r.query.get("skip"), r.query.get("limit")])).toEqual([
      ["0", "100"],
      ["100", "100"],
    ]);
    expect(types).toHaveLength(106);
    expect(new Set(types.map((t) => t.nativeId)).size).toBe(106);

    sandbox.clearRequests();
    sandbox.injectFault({ status: 200, body: { associations: Array.from({ length: 100 }, (_, i) => association(i)), total: 100 } });
    expect(await setup().client.relationTypes()).toHaveLength(100);
    expect(sandbox.requests).toHaveLength(1);
  });

  it("reads a bare array answer too (the list wrapper is undocumented)", async () => {
    sandbox.injectFault({ status: 200, body: [association(1), association(2)] });
    expect((await setup().client.relationTypes()).map((t) => t.name)).toEqual(["paged_1", "paged_2"]);
  });

  it("load(ref) of a RelationType ref answers the catalogue entry; an unknown id null", async () => {
    const { client } = setup();
    expect(await client.load({ vendor: "HIGHLEVEL", connection: "default", kind: "RelationType", key: [D.associations.mentor] })).toMatchObject({
      nativeId: D.associations.mentor,
      name: "mentor_mentee",
    });
    expect(await client.relationType("asNope")).toBeNull();
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe("HighLevelClient.deleteRelation", () => {
  it("DELETEs /associations/relations/{relationId} with the location once; lists no longer show it; again NOT_FOUND", async () => {
    const { client } = setup();
    const created = await client.createAssociationRelation({ associationId: D.associations.mentor, firstRecordId: D.contacts.edsger, secondRecordId: D.contacts.linus });
    sandbox.clearRequests();
    const ref = { vendor: "HIGHLEVEL" as const, connection: "default", kind: "AssociationRelation" as const, key: [created.relationId, created.firstRecordId] };
    await client.deleteRelation(ref);
    const req = only(sandbox.requests);
    expect([req.method, req.path, queryOf(req), req.rawBody]).toEqual(["DELETE", `/associations/relations/${created.relationId}`, [["locationId", D.locationId]], ""]);
    expectVendorHeaders(req);
    expect(req.headers).not.toHaveProperty("content-type");
    expect(await client.load(ref)).toBeNull();
    const again = await failure(client.deleteRelation(ref)!);
    expect(again).toBeInstanceOf(VendorRejection);
    expect(again).toMatchObject({ userCode: "NOT_FOUND", status: 404 });
  });

  it("is not repeated by the HTTP core: a 503 is one call", async () => {
    sandbox.injectFault({ status: 503, body: { statusCode: 503, message: "busy" } }, { times: 3 });
    const error = await failure(setup().client.deleteAssociationRelation("relNope"));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", writeOutcome: "UNKNOWN" });
    expect(sandbox.requests).toHaveLength(1);
  });

  it("is null for refs that are no relation here", () => {
    expect(setup().client.deleteRelation({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [D.contacts.ada] })).toBeNull();
  });
});

describe("HighLevelClient.checkCreateAssociationRelation", () => {
  it("an unknown association: VALIDATION on associationId listing the valid ones, no write", async () => {
    const error = await failure(setup().client.checkCreateAssociationRelation({ associationId: "asNope", firstRecordId: D.contacts.ada, secondRecordId: D.contacts.alan }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: ["associationId"] });
    expect((error as Error).message).toMatch(/^associationId 'asNope' is not a relation type of HighLevel \(connection 'default'\); valid: asReferral0000000001 \(contact_referral\), /);
    expect(sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a record of another object at an end: VALIDATION naming the object the association takes there, reads only", async () => {
    const { client } = setup();
    const error = await failure(client.checkCreateAssociationRelation({ associationId: D.associations.petOwner, firstRecordId: D.contacts.ada, secondRecordId: D.vehicles.van }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: ["secondRecordId"] });
    expect((error as Error).message).toMatch(/takes custom_objects\.pets at its second end/);
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      ["GET /associations/", `GET /contacts/${D.contacts.ada}`, `GET /objects/custom_objects.pets/records/${D.vehicles.van}`].sort(),
    );
  });

  it("both ends of the wrong object: both reported at once", async () => {
    const error = await failure(setup().client.checkCreateAssociationRelation({ associationId: D.associations.petOwner, firstRecordId: D.pets.rex, secondRecordId: D.vehicles.van }));
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((i) => i.field)).toEqual([["firstRecordId"], ["secondRecordId"]]);
    expect(issues[0]!.message).toMatch(/takes contact at its first end/);
    expect(issues[1]!.message).toMatch(/takes custom_objects\.pets at its second end/);
  });

  it("passes records of the association's objects (read through the loaders the answer's ends reuse)", async () => {
    await expect(
      setup().client.checkCreateAssociationRelation({ associationId: D.associations.vehicleDriver, firstRecordId: D.vehicles.bike, secondRecordId: D.contacts.grace }),
    ).resolves.toBeUndefined();
    // Passed by the catalogue and both records' reads, not for want of a check.
    expect(sandbox.requests.map((r) => r.path)).toEqual(expect.arrayContaining(["/associations/", `/contacts/${D.contacts.grace}`]));
    expect(sandbox.requests.some((r) => r.path.includes(D.vehicles.bike))).toBe(true);
    expect(sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("leaves ends of other standard objects (business, opportunity) to HighLevel: no read", async () => {
    await setup().client.checkCreateAssociationRelation({ associationId: D.associations.businessContacts, firstRecordId: "recNotChecked", secondRecordId: D.contacts.grace });
    expect(sandbox.requests.map((r) => r.path).sort()).toEqual(["/associations/", `/contacts/${D.contacts.grace}`]);
  });

  it("an unreadable catalogue leaves the check to HighLevel", async () => {
    sandbox.injectFault({ status: 503, body: { statusCode: 503, message: "busy" } }, { times: 10, match: (r) => r.path === "/associations/" });
    await expect(setup().client.checkCreateAssociationRelation({ associationId: "asNope", firstRecordId: D.contacts.ada, secondRecordId: D.contacts.alan })).resolves.toBeUndefined();
    // The catalogue was asked for (and answered 503): the association HighLevel will judge was not refused here.
    expect(sandbox.requests.filter((r) => r.path === "/associations/").length).toBeGreaterThan(0);
    expect(sandbox.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
