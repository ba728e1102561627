import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import {
  ACCOUNT_CONTOSO,
  CONTOSO_RELATIONSHIP_COUNT,
  PROFILE_TYPE_ACCOUNT,
  RELATIONSHIP_LINK_MEETING,
} from "../../src/sandbox/customer-insights/data.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/data.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/data.js";
import {
  ConnectionsDocument,
  ContactRelationAllFieldsDocument,
  ContactWithRelationsDocument,
  NodeDocument,
  NodesDocument,
  PersonDocument,
  ProfileWithRelationshipsDocument,
  RecordWithRelationsDocument,
  RelationsOfDocument,
  RelationshipLinkDocument,
  type RelationPageFragment,
} from "../generated/graphql.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The read operations of test/operations/ (the ones codegen types) run against the real
 * server and sandbox vendors: each validates against the served schema and returns demo data.
 * The mutation documents are exercised by test/integration/mutations.test.ts.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

const hl = HIGHLEVEL_DEMO;
const soContact = (id: number) => encodeId({ vendor: "SUPEROFFICE", connection: "default", kind: "Contact", key: [String(id)] });
const hlAda = encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [hl.contacts.ada] });

/** Every page of a relation list, following endCursor. */
async function allPages(
  fetchPage: (after: string | null) => Promise<RelationPageFragment>,
): Promise<{ pages: number; ids: string[] }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 1; pages < 20; pages++) {
    const page: RelationPageFragment = await fetchPage(after);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return { pages, ids };
    expect(page.pageInfo.endCursor).toBeTruthy();
    after = page.pageInfo.endCursor ?? null;
  }
  throw new Error("relation list never ended");
}

describe("the generated read operations against the gateway", () => {
  it("Connections lists the three sandboxed vendors", async () => {
    const res = await t.gql(ConnectionsDocument);
    expect(res.errors).toBeUndefined();
    expect(res.data!.connections.map((c) => `${c.vendor}/${c.name}/${c.sandbox}`).sort()).toEqual([
      "CUSTOMER_INSIGHTS/default/true",
      "HIGHLEVEL/default/true",
      "SUPEROFFICE/default/true",
    ]);
  });

  it("Node and Nodes resolve global ids, null for ids the gateway never issued", async () => {
    const node = await t.gql(NodeDocument, { id: soContact(SUPEROFFICE_DEMO.hubContactId) });
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toMatchObject({ __typename: "Contact", nativeId: "11", name: "Nordlys Shipping AS" });

    const link = encodeId({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "RelationshipLink", key: [RELATIONSHIP_LINK_MEETING] });
    const nodes = await t.gql(NodesDocument, { ids: [link, "bogus", hlAda] });
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data!.nodes).toEqual([{ __typename: "RelationshipLink", id: link }, null, { __typename: "Contact", id: hlAda }]);
  });

  it("ContactRelationWithEnds returns a SuperOffice relation with persons and companies at both ends", async () => {
    const res = await t.gql(ContactRelationAllFieldsDocument, { id: SUPEROFFICE_DEMO.personRelationId });
    expect(res.errors).toBeUndefined();
    const relation = res.data!.contactRelation!;
    expect(relation.relationId).toBe(SUPEROFFICE_DEMO.personRelationId);
    expect(relation.sourcePerson).toMatchObject({ fullName: "Ingrid Berg", contact: { name: "Nordlys Shipping AS" } });
    expect(relation.destinationPerson).toMatchObject({ fullName: "Erik Lund", contact: { name: "Fjordkraft Consulting AS" } });
    expect(relation.source).toMatchObject({ __typename: "Person", nativeId: "101" });
    expect(relation.target).toMatchObject({ __typename: "Person", nativeId: "104" });
  });

  it("RelationsOf pages through every relation of a HighLevel contact", async () => {
    const { pages, ids } = await allPages(async (after) => {
      const res = await t.gql(RelationsOfDocument, { id: hlAda, first: 10, after });
      expect(res.errors).toBeUndefined();
      return res.data!.relationsOf;
    });
    expect(pages).toBe(Math.ceil(hl.adaRelationCount / 10));
    expect(new Set(ids).size).toBe(hl.adaRelationCount);
  });

  it("ContactWithRelations returns a SuperOffice company's persons and relations", async () => {
    const res = await t.gql(ContactWithRelationsDocument, { vendor: "SUPEROFFICE", id: String(SUPEROFFICE_DEMO.hubContactId), first: 30 });
    expect(res.errors).toBeUndefined();
    const contact = res.data!.contact!;
    expect(contact.persons.map((p) => Number(p.nativeId)).sort()).toEqual([...SUPEROFFICE_DEMO.hubPersonIds]);
    expect(contact.relations.edges).toHaveLength(SUPEROFFICE_DEMO.hubRelationCount);
    expect(contact.relations.pageInfo.hasNextPage).toBe(false);
  });

  it("Person returns a SuperOffice person with its company", async () => {
    const res = await t.gql(PersonDocument, { id: SUPEROFFICE_DEMO.personOfContact12 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.person).toMatchObject({ fullName: "Sofie Dahl", contact: { nativeId: "12" } });
  });

  it("ProfileWithRelationships pages through a Customer Insights account's relationships", async () => {
    const { pages, ids } = await allPages(async (after) => {
      const res = await t.gql(ProfileWithRelationshipsDocument, {
        profileType: PROFILE_TYPE_ACCOUNT,
        profileId: ACCOUNT_CONTOSO.profileId,
        first: 30,
        after,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.profile).toMatchObject({ profileType: PROFILE_TYPE_ACCOUNT, profileId: ACCOUNT_CONTOSO.profileId });
      return res.data!.profile!.relationships;
    });
    expect(pages).toBe(2);
    expect(new Set(ids).size).toBe(CONTOSO_RELATIONSHIP_COUNT);
  });

  it("RecordWithRelations returns a HighLevel record and its relations with both ends", async () => {
    const res = await t.gql(RecordWithRelationsDocument, { objectKey: hl.objects.pets, id: hl.pets.rex });
    expect(res.errors).toBeUndefined();
    const record = res.data!.record!;
    expect(record).toMatchObject({ nativeId: hl.pets.rex, objectKey: hl.objects.pets });
    const ends = record.relations.edges.flatMap((e) => [e.node.source, e.node.target]).map((end) => end && "nativeId" in end ? end.nativeId : null);
    expect(ends).toContain(hl.pets.rex);
    expect(ends).toContain(hl.contacts.ada);
  });

  it("RelationshipLink returns the Customer Insights demo link", async () => {
    const res = await t.gql(RelationshipLinkDocument, { name: RELATIONSHIP_LINK_MEETING });
    expect(res.errors).toBeUndefined();
    expect(res.data!.relationshipLink).toMatchObject({
      name: RELATIONSHIP_LINK_MEETING,
      interactionType: "ContactMeeting",
      relationshipName: "AccountContact",
      displayName: [{ locale: "en-us", value: "Meeting attendance" }],
    });
  });
});
