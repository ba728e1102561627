import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildSubgraphSdl } from "../../src/graphql/schema.js";
import { encodeId } from "../../src/domain/ids.js";
import type { NodeRef } from "../../src/domain/entities.js";
import { CONTACT_ADA, PROFILE_TYPE_CONTACT, RELATIONSHIP_LINK_MEETING } from "../../src/sandbox/customer-insights/data.js";
import { DEMO_RELATIONS, HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/data.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/data.js";
import { buildSdl, contractProblems } from "../schema/contract-diff.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const ENTITY_TYPES = [
  "Profile",
  "Contact",
  "Person",
  "Record",
  "RelationshipInstance",
  "ContactRelation",
  "AssociationRelation",
  "RelationshipLink",
  "RelationType",
] as const;

const id = (vendor: NodeRef["vendor"], kind: NodeRef["kind"], ...key: string[]) =>
  encodeId({ vendor, connection: "default", kind, key });

const hlRelation = DEMO_RELATIONS[0]!;

/** One demo entity per keyed type, with a field that proves it was loaded from its vendor. */
const SAMPLES = {
  Profile: { id: id("CUSTOMER_INSIGHTS", "Profile", PROFILE_TYPE_CONTACT, CONTACT_ADA.profileId), field: "profileId", value: CONTACT_ADA.profileId },
  Contact: { id: id("SUPEROFFICE", "Contact", String(SUPEROFFICE_DEMO.hubContactId)), field: "nativeId", value: "11" },
  Person: { id: id("SUPEROFFICE", "Person", String(SUPEROFFICE_DEMO.busyPersonId)), field: "nativeId", value: "101" },
  Record: { id: id("HIGHLEVEL", "Record", HIGHLEVEL_DEMO.objects.pets, HIGHLEVEL_DEMO.pets.rex), field: "nativeId", value: HIGHLEVEL_DEMO.pets.rex },
  RelationshipInstance: { id: id("CUSTOMER_INSIGHTS", "RelationshipInstance", "rel-0001"), field: "relationshipType", value: "AccountContact" },
  ContactRelation: { id: id("SUPEROFFICE", "ContactRelation", String(SUPEROFFICE_DEMO.companyRelationId)), field: "relationId", value: 1001 },
  AssociationRelation: { id: id("HIGHLEVEL", "AssociationRelation", hlRelation.id, hlRelation.firstRecordId), field: "relationId", value: hlRelation.id },
  RelationshipLink: { id: id("CUSTOMER_INSIGHTS", "RelationshipLink", RELATIONSHIP_LINK_MEETING), field: "name", value: RELATIONSHIP_LINK_MEETING },
  RelationType: { id: id("HIGHLEVEL", "RelationType", HIGHLEVEL_DEMO.associations.mentor), field: "name", value: "mentor_mentee" },
} satisfies Record<(typeof ENTITY_TYPES)[number], { id: string; field: string; value: unknown }>;

// Aliased per type: relationId is Int! on ContactRelation but String! on AssociationRelation.
const ENTITIES_QUERY = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ${ENTITY_TYPES.map((t) => `... on ${t} { id ${t}_${SAMPLES[t].field}: ${SAMPLES[t].field} }`).join("\n    ")}
  }
}`;

type EntitiesData = { _entities: Array<Record<string, unknown> | null> };

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => t.reset());

/** Observations of one DataLoader's batch-size histogram so far. */
async function batches(loader: string): Promise<{ count: number; sum: number }> {
  const metric = t.gateway.metrics.registry.getSingleMetric("gateway_dataloader_batch_size");
  const values = (await metric?.get())?.values ?? [];
  const pick = (suffix: string) =>
    values.find((v) => (v as { metricName?: string }).metricName === `gateway_dataloader_batch_size${suffix}` && v.labels.loader === loader)?.value ?? 0;
  return { count: pick("_count"), sum: pick("_sum") };
}

describe("the served schema is a Federation 2 subgraph", () => {
  it("answers _service { sdl } with the subgraph SDL: federation v2.7 @link and the nine @key entities", async () => {
    const res = await t.gql<{ _service: { sdl: string } }>("{ _service { sdl } }");
    expect(res.errors).toBeUndefined();
    const sdl = res.data!._service.sdl;
    expect(sdl).toMatch(/@link\(\s*url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7"/);
    for (const type of ENTITY_TYPES) {
      expect(sdl, `${type} lacks @key(fields: "id")`).toMatch(new RegExp(`type ${type} implements [^{]*@key\\(fields: "id"\\)`));
    }
    // Same schema as the committed artifact, whatever the order of types and fields.
    const served = buildSdl(sdl);
    const built = buildSdl(await buildSubgraphSdl());
    expect(contractProblems(built, served)).toEqual([]);
    const federationOwn = /\b(_|link__|federation__)\w*|Query\._/;
    expect(contractProblems(served, built).filter((p) => !federationOwn.test(p))).toEqual([]);
  });

  it("resolves a representation of every keyed type through its vendor", async () => {
    const representations = ENTITY_TYPES.map((type) => ({ __typename: type, id: SAMPLES[type].id }));
    const res = await t.gql<EntitiesData>(ENTITIES_QUERY, { representations });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual(
      ENTITY_TYPES.map((type) => ({ __typename: type, id: SAMPLES[type].id, [`${type}_${SAMPLES[type].field}`]: SAMPLES[type].value })),
    );
  });

  it("loads 50 Contact representations of one connection in one loader batch, each contact fetched once", async () => {
    const contactIds = SUPEROFFICE_DEMO.contactIds.map(String);
    const representations = Array.from({ length: 50 }, (_, i) => ({
      __typename: "Contact",
      id: id("SUPEROFFICE", "Contact", contactIds[i % contactIds.length]!),
    }));
    const before = await batches("superoffice.contact");

    const res = await t.gql<{ _entities: Array<{ nativeId: string; name: string | null } | null> }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { nativeId name } } }`,
      { r: representations },
    );

    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e?.nativeId)).toEqual(representations.map((_, i) => contactIds[i % contactIds.length]));
    expect(res.data!._entities.every((e) => typeof e?.name === "string" && e.name.length > 0)).toBe(true);
    const after = await batches("superoffice.contact");
    expect(after.count - before.count, "DataLoader batches").toBe(1);
    expect(after.sum - before.sum, "keys in the batch").toBe(contactIds.length);
    const reads = t.sandboxes.superoffice.requests.map((r) => `${r.method} ${r.path}`);
    expect(reads.filter((r) => /\/Contact\/\d+$/i.test(r)).sort()).toEqual(
      contactIds.map((c) => expect.stringMatching(new RegExp(`^GET .*/Contact/${c}$`, "i"))),
    );
    expect(reads).toHaveLength(contactIds.length);
    expect(t.sandboxes.highlevel.requests).toHaveLength(0);
    expect(t.sandboxes.customerInsights.requests).toHaveLength(0);
  });

  it("answers malformed, foreign, unknown and missing representations with null entries, not a failed response", async () => {
    const representations = [
      { __typename: "Contact", id: SAMPLES.Contact.id },
      { __typename: "Contact", id: "not a global id" },
      { __typename: "Contact", id: "" },
      { __typename: "Contact" },
      { __typename: "Contact", id: 42 },
      // A Person's id presented as a Contact.
      { __typename: "Contact", id: SAMPLES.Person.id },
      // Well-formed, but nothing of that id exists at the vendor (404).
      { __typename: "Contact", id: id("SUPEROFFICE", "Contact", String(SUPEROFFICE_DEMO.missingContactId)) },
      // A connection this gateway does not have.
      { __typename: "Contact", id: encodeId({ vendor: "SUPEROFFICE", connection: "elsewhere", kind: "Contact", key: ["11"] }) },
      { __typename: "Person", id: id("SUPEROFFICE", "Person", String(SUPEROFFICE_DEMO.missingPersonId)) },
      { __typename: "Record", id: id("HIGHLEVEL", "Record", HIGHLEVEL_DEMO.objects.pets, "recDoesNotExist00001") },
      { __typename: "RelationshipLink", id: id("CUSTOMER_INSIGHTS", "RelationshipLink", "NoSuchLink") },
      { __typename: "Person", id: SAMPLES.Person.id },
    ];
    const res = await t.gql<EntitiesData>(ENTITIES_QUERY, { representations });

    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const entities = res.data!._entities;
    expect(entities).toHaveLength(representations.length);
    expect(entities[0]).toMatchObject({ __typename: "Contact", Contact_nativeId: "11" });
    expect(entities.slice(1, -1)).toEqual(representations.slice(1, -1).map(() => null));
    expect(entities.at(-1)).toMatchObject({ __typename: "Person", Person_nativeId: "101" });
  });

  it("answers representations of unknown or non-entity types with null entries; the rest still resolve", async () => {
    const res = await t.gql<EntitiesData>(ENTITIES_QUERY, {
      representations: [
        { __typename: "NoSuchType", id: SAMPLES.Contact.id },
        { __typename: "Contact", id: SAMPLES.Contact.id },
        { __typename: "Node", id: SAMPLES.Contact.id },
        { __typename: "VendorConnection", vendor: "SUPEROFFICE", name: "default" },
        "not an object",
        { id: SAMPLES.Person.id },
        { __typename: "Person", id: SAMPLES.Person.id },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.data?._entities).toEqual([
      null,
      expect.objectContaining({ __typename: "Contact", Contact_nativeId: "11" }),
      null,
      null,
      null,
      null,
      expect.objectContaining({ __typename: "Person", Person_nativeId: "101" }),
    ]);
    // An error, if any, belongs to its own entry: never to the whole list.
    for (const error of res.errors ?? []) expect(error.path?.slice(0, 1)).toEqual(["_entities"]);
    for (const error of res.errors ?? []) expect(error.path).toHaveLength(2);
  });
});
