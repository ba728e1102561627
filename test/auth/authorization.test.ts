import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { startTestIdp, validClaims, type TestIdp } from "./jwks.js";

/**
 * What an authenticated caller may do: scopes (`scope` or `scp`) separate reads from writes, the
 * connections claim limits which connections it reaches. A refusal fails its field with
 * FORBIDDEN before any vendor call; the operation's other fields still run.
 */

let idp: TestIdp;
let t: TestGateway;
beforeAll(async () => {
  idp = await startTestIdp();
  t = await startTestGateway({ auth: idp.config() }, (connections) => {
    connections.HIGHLEVEL.second = { ...connections.HIGHLEVEL.default!, name: "second" };
  });
});
afterAll(async () => {
  await t.close();
  await idp.close();
});
beforeEach(() => t.reset());

const hl = HIGHLEVEL_DEMO;
const CONTACT = (connection = "default", alias = "contact") =>
  `${alias}: contact(vendor: HIGHLEVEL, connection: "${connection}", id: "${hl.contacts.ada}") { nativeId }`;
const CREATE = `mutation($input: CreateAssociationRelationInput!) {
  createAssociationRelation(input: $input) { relation { relationId } userErrors { code message } }
}`;
const createInput = (connection = "default") => ({
  input: { connection, associationId: hl.associations.mentor, firstRecordId: hl.contacts.grace, secondRecordId: hl.contacts.katherine },
});
const SO_CONTACT = encodeId({ vendor: "SUPEROFFICE", connection: "default", kind: "Contact", key: [String(SUPEROFFICE_DEMO.hubContactId)] });
const HL_CONTACT = encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [hl.contacts.ada] });

async function as(claims: Record<string, unknown>) {
  const token = await idp.sign(validClaims(claims));
  return (query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, { authorization: `Bearer ${token}` });
}

const forbidden = (path: string, message: RegExp) => ({ locations: expect.any(Array), message: expect.stringMatching(message), path: [path], extensions: { code: "FORBIDDEN" } });
const posts = () => t.vendorCalls().filter((c) => c.method !== "GET");

describe("scopes", () => {
  it("read-only: queries answer, creates are FORBIDDEN with no POST", async () => {
    const gql = await as({ scope: "relations:read" });
    expect((await gql(`{ ${CONTACT()} }`)).data).toEqual({ contact: { nativeId: hl.contacts.ada } });
    t.reset();
    const res = await gql(CREATE, createInput());
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.errors).toEqual([forbidden("createAssociationRelation", /needs the scope relations:write; this token grants relations:read/)]);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("write: the create reaches the vendor", async () => {
    const gql = await as({ scope: "relations:read relations:write" });
    const res = await gql(CREATE, createInput());
    expect(res.errors).toBeUndefined();
    expect(res.data!.createAssociationRelation.userErrors).toEqual([]);
    expect(posts().map((c) => `${c.method} ${c.path}`)).toEqual(["POST /associations/relations"]);
  });

  it("scp as an array (Azure AD)", async () => {
    const gql = await as({ scope: undefined, scp: ["relations:read"] });
    expect((await gql(`{ ${CONTACT()} }`)).data).toEqual({ contact: { nativeId: hl.contacts.ada } });
    expect((await gql(CREATE, createInput())).errors).toEqual([forbidden("createAssociationRelation", /relations:write/)]);
    expect(posts()).toEqual([]);
  });

  it("scp as a string", async () => {
    const gql = await as({ scope: undefined, scp: "relations:write" });
    expect((await gql(`{ ${CONTACT()} }`)).errors).toEqual([forbidden("contact", /needs the scope relations:read; this token grants relations:write/)]);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("no gateway scope: every field is FORBIDDEN, no vendor call", async () => {
    const gql = await as({ scope: "openid profile" });
    const res = await gql(`{ ${CONTACT()} connections { name } }`);
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    expect(res.errors![0]!.message).toMatch(/neither relations:read nor relations:write/);
    expect(t.vendorCalls()).toEqual([]);
  });
});

describe("the connections claim", () => {
  const claims = { scope: "relations:read relations:write", connections: ["HIGHLEVEL/default", "SUPEROFFICE/*", "NOSUCHVENDOR/x"] };

  it("lists only the caller's connections", async () => {
    const gql = await as(claims);
    const res = await gql(`{ connections { vendor name } }`);
    expect(res.data!.connections).toEqual([
      { vendor: "SUPEROFFICE", name: "default" },
      { vendor: "HIGHLEVEL", name: "default" },
    ]);
  });

  it("a foreign connection's field is FORBIDDEN before any vendor call; the other fields run", async () => {
    const gql = await as(claims);
    const res = await gql(`{ ${CONTACT("default", "mine")} ${CONTACT("second", "theirs")} }`);
    expect(res.data).toEqual({ mine: { nativeId: hl.contacts.ada }, theirs: null });
    expect(res.errors).toEqual([forbidden("theirs", /does not allow HighLevel connection 'second'/)]);
    expect(t.vendorCalls().map((c) => c.path)).toEqual([`/contacts/${hl.contacts.ada}`]);
  });

  it("an unknown connection name reveals no configured names", async () => {
    const gql = await as(claims);
    const res = await gql(`{ ${CONTACT("nope")} }`);
    expect(res.errors).toEqual([forbidden("contact", /does not allow HighLevel connection 'nope'$/)]);
    expect(JSON.stringify(res.errors)).not.toContain("second");
  });

  it("relationTypes and relationsOf of a foreign connection are FORBIDDEN", async () => {
    const gql = await as(claims);
    const types = await gql(`{ relationTypes(vendor: CUSTOMER_INSIGHTS) { nativeId } }`);
    expect(types.errors).toEqual([forbidden("relationTypes", /Customer Insights connection 'default'/)]);
    const foreign = encodeId({ vendor: "HIGHLEVEL", connection: "second", kind: "Contact", key: [hl.contacts.ada] });
    const relations = await gql(`{ relationsOf(id: "${foreign}") { edges { cursor } } }`);
    expect(relations.errors).toEqual([forbidden("relationsOf", /HighLevel connection 'second'/)]);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("node and nodes answer a foreign connection's id as if it did not exist", async () => {
    const gql = await as({ ...claims, connections: ["HIGHLEVEL/*"] });
    const res = await gql(`{ node(id: "${SO_CONTACT}") { id } nodes(ids: ["${SO_CONTACT}", "${HL_CONTACT}"]) { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ node: null, nodes: [null, { id: HL_CONTACT }] });
    expect(t.sandboxes.superoffice.requests).toEqual([]);
  });

  it("VENDOR/* allows every connection of that vendor", async () => {
    const gql = await as({ ...claims, connections: ["HIGHLEVEL/*"] });
    const res = await gql(`{ ${CONTACT("second")} connections { vendor name } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.connections).toEqual([
      { vendor: "HIGHLEVEL", name: "default" },
      { vendor: "HIGHLEVEL", name: "second" },
    ]);
  });

  it("a create on a foreign connection is FORBIDDEN with no POST", async () => {
    const gql = await as(claims);
    const res = await gql(CREATE, createInput("second"));
    expect(res.errors).toEqual([forbidden("createAssociationRelation", /HighLevel connection 'second'/)]);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("a keyed create on a foreign connection is refused before the idempotency store: no replay of another caller's answer", async () => {
    const writer = await as({ scope: "relations:write", connections: ["HIGHLEVEL/second"] });
    const input = { ...createInput("second").input, associationId: hl.associations.petOwner, secondRecordId: hl.pets.nala, idempotencyKey: "shared-key-1" };
    const first = await writer(CREATE, { input });
    expect(first.data!.createAssociationRelation.userErrors).toEqual([]);
    t.reset();
    const other = await as(claims);
    const res = await other(CREATE, { input });
    expect(res.data).toBeNull();
    expect(res.errors).toEqual([forbidden("createAssociationRelation", /HighLevel connection 'second'/)]);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("an idempotency key is the caller's own: another subject's same key and input writes anew, never replays", async () => {
    const SO_CREATE = `mutation($input: CreateContactRelationInput!) { createContactRelation(input: $input) { relation { id } replayed userErrors { code } } }`;
    const input = { sourceContactId: 13, destinationContactId: 14, relationDefinitionId: 2, idempotencyKey: "same-key-2" };
    const alice = await as({ sub: "alice" });
    const bob = await as({ sub: "bob" });
    const first = await alice(SO_CREATE, { input });
    expect(first.data!.createContactRelation).toMatchObject({ replayed: false, userErrors: [] });
    const again = await alice(SO_CREATE, { input });
    expect(again.data!.createContactRelation).toMatchObject({ replayed: true, relation: first.data!.createContactRelation.relation });
    const other = await bob(SO_CREATE, { input });
    expect(other.data!.createContactRelation).toMatchObject({ replayed: false, userErrors: [] });
    expect(other.data!.createContactRelation.relation.id).not.toBe(first.data!.createContactRelation.relation.id);
    expect(posts().filter((c) => c.path.endsWith("/Relation"))).toHaveLength(2);
  });

  it("deleteRelation of a foreign connection's relation is FORBIDDEN with no vendor call", async () => {
    const gql = await as(claims);
    const foreign = encodeId({ vendor: "HIGHLEVEL", connection: "second", kind: "AssociationRelation", key: ["relX", hl.contacts.ada] });
    const res = await gql(`mutation($id: ID!) { deleteRelation(input: { id: $id }) { deletedId } }`, { id: foreign });
    expect(res.errors).toEqual([forbidden("deleteRelation", /HighLevel connection 'second'/)]);
    expect(t.vendorCalls()).toEqual([]);
  });

  it("an empty claim allows no connection", async () => {
    const gql = await as({ ...claims, connections: [] });
    expect((await gql(`{ connections { name } }`)).data).toEqual({ connections: [] });
    expect((await gql(`{ ${CONTACT()} }`)).errors).toEqual([forbidden("contact", /does not allow/)]);
  });
});
