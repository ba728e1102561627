import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { NodeRef } from "../../src/domain/entities.js";
import { encodeId } from "../../src/domain/ids.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/data.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * Names are data, not property lookups: a connection named after any member of
 * Object.prototype (`__proto__`, `constructor`, `toString`…) is an unknown connection
 * (VALIDATION naming the argument), never an internal error, an error log line or a vendor call.
 */

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** A well-formed relation ref of each vendor, on connection `name`. */
const relationRefs = (name: string): NodeRef[] => [
  { vendor: "SUPEROFFICE", connection: name, kind: "ContactRelation", key: ["1"] },
  { vendor: "HIGHLEVEL", connection: name, kind: "AssociationRelation", key: ["relDemo0000000000009", HIGHLEVEL_DEMO.vehicles.van] },
  { vendor: "CUSTOMER_INSIGHTS", connection: name, kind: "RelationshipInstance", key: ["7"] },
];

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());
beforeEach(() => {
  t.reset();
  t.logs.length = 0;
});

const TYPES = `query ($vendor: Vendor!, $connection: String) { relationTypes(vendor: $vendor, connection: $connection) { nativeId } }`;
const DELETE = `mutation ($id: ID!) { deleteRelation(input: { id: $id }) { deletedId userErrors { field code message } } }`;

/** No line at error level: an unknown name is the client's mistake, not the gateway's. */
function expectNoErrorLog(): void {
  const levels = t.logs.flatMap((chunk) => chunk.split("\n").filter(Boolean)).map((line) => (JSON.parse(line) as { level: number }).level);
  expect(levels.filter((level) => level >= 50)).toEqual([]);
}

describe.each(PROTOTYPE_NAMES)("connection named %s", (name) => {
  it.each(["CUSTOMER_INSIGHTS", "SUPEROFFICE", "HIGHLEVEL"])("relationTypes(%s) is VALIDATION on connection", async (vendor) => {
    const res = await t.gql<any>(TYPES, { vendor, connection: name });
    expect(res.status).toBe(200);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION", field: ["connection"] });
    expect(res.errors?.[0]?.message).toMatch(/^Unknown .* connection '.*'; configured: default$/);
    expect(t.vendorCalls()).toEqual([]);
    expectNoErrorLog();
  });

  it("deleteRelation with an id on it is a VALIDATION userError on input.id", async () => {
    for (const ref of relationRefs(name)) {
      const res = await t.gql<any>(DELETE, { id: encodeId(ref) });
      expect(res.errors).toBeUndefined();
      expect(res.data.deleteRelation).toMatchObject({ deletedId: null, userErrors: [{ field: ["input", "id"], code: "VALIDATION" }] });
      expect(res.data.deleteRelation.userErrors[0].message).toMatch(/^Unknown .* connection/);
    }
    expect(t.vendorCalls()).toEqual([]);
    expectNoErrorLog();
  });
});

describe("a config file's connection names", () => {
  const hl = JSON.stringify({ baseUrl: "http://127.0.0.1:9/", token: "tok-0123456789", locationId: "loc1" });
  const fileWith = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "gw-proto-")), "gateway.json");
    writeFileSync(file, text);
    return file;
  };

  it("keeps `constructor` and `toString` as connections of their own, in a null-prototype table", () => {
    const { connections } = loadConfig({ GATEWAY_CONFIG: fileWith(`{"highlevel": {"constructor": ${hl}, "toString": ${hl}}}`) });
    expect(Object.keys(connections.HIGHLEVEL).sort()).toEqual(["constructor", "toString"]);
    expect(Object.getPrototypeOf(connections.HIGHLEVEL)).toBeNull();
    expect(Object.keys(connections.SUPEROFFICE)).toEqual([]);
  });

  it("refuses `__proto__` (which schema checks would drop unseen), naming the key", () => {
    // Written as text: an object literal's `__proto__` would set the prototype, not a key.
    const file = fileWith(`{"highlevel": {"__proto__": ${hl}}}`);
    expect(() => loadConfig({ GATEWAY_CONFIG: file })).toThrow(`GATEWAY_CONFIG file ${file}, key highlevel.__proto__: is not a usable name`);
  });
});
