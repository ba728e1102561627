import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import type { NodeRef } from "../../src/domain/entities.js";
import { loadExamples } from "../../src/playground/examples.js";
import { ACCOUNT_CONTOSO } from "../../src/sandbox/customer-insights/index.js";
import { HIGHLEVEL_DEMO as hl } from "../../src/sandbox/highlevel/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The cost estimate against what happens: each operation runs once (after a reset) with
 * `x-gateway-cost: 1`; the sandboxes' request logs count its vendor calls. The estimate is
 * pinned (it is the model: docs/operations.md, "Limits") and never below the actual calls.
 */

const id = (ref: Omit<NodeRef, "connection">) => encodeId({ ...ref, connection: "default" });
const contoso = id({ vendor: "CUSTOMER_INSIGHTS", kind: "Profile", key: ["Account", ACCOUNT_CONTOSO.profileId] });
const END = `{ __typename ... on Node { id } ... on Profile { profileId } ... on Contact { name } }`;

/** A cold catalogue read per vendor: SuperOffice's definition list and up to 50 definitions; HighLevel's and Customer Insights' pages. */
const SO_CATALOGUE = 1 + 50;
const HL_CATALOGUE = 10;
const CI_CATALOGUE = 20;
/**
 * A create's bound: its own calls and its catalogue check (the request's read, and one fresh read).
 * SuperOffice: the POST and a keyed retry's reconciliation (a list and 20 relations). HighLevel: the
 * POST, both ends read, a keyed retry's adoption of its duplicate (10 list pages and a definition).
 * Customer Insights: the POST, the type's ends and their profile types' strong ids.
 */
const SO_CREATE = 1 + (1 + 20) + 2 * SO_CATALOGUE;
const HL_CREATE = 1 + 2 + (10 + 1) + 2 * HL_CATALOGUE;
const CI_CREATE = 4 + 2 * CI_CATALOGUE;

/** The playground examples (src/playground/examples/), each estimate explained in docs/operations.md. */
const PLAYGROUND_ESTIMATES: Record<string, number> = {
  ContactRelationWithEnds: 5, // the relation, two ends, each end's company if it is a person
  RelationsOfContact: 1 + 5 + 5 * 4, // HighLevel list and definitions, then two ends per relation, a person's company each
  SuperOfficeContactRelations: 1 + 100 + (1 + 5) + 5 * 4,
  NodeLookup: 1 + (2 + 3) + 3 * 2,
  CreateContactRelation: SO_CREATE + 2 * 2,
  CreateAssociationRelation: HL_CREATE + 2 * 2,
  CreateRelationshipInstance: CI_CREATE + 2 * 2,
  UpsertRelationshipLink: 1,
  Connections: 0,
  RelationTypes: SO_CATALOGUE + HL_CATALOGUE + CI_CATALOGUE, // each vendor's catalogue read once
  DeleteRelation: 1, // SuperOffice deletes by id
};

interface Row {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  estimate: number;
}

const ROWS: Row[] = [
  {
    name: "bench Q1: a SuperOffice relation, both ends' names",
    query: `{ contactRelation(id: 1001) { id activeText source ${END} target ${END} } }`,
    estimate: 3, // the relation, its two ends
  },
  {
    name: "bench Q2: twenty Customer Insights relations, both ends",
    query: `query ($id: ID!) { relationsOf(id: $id, first: 20) { nodes { id source ${END} target ${END} } } }`,
    variables: { id: contoso },
    estimate: 2 + 20 + 40, // hub pages (ceil(20/30)+1), a type definition per item at most, two ends per item
  },
  {
    name: "bench Q2 (SuperOffice): a contact's twenty relations, both ends",
    query: `{ contact(vendor: SUPEROFFICE, id: "11") { id name relations(first: 20) { nodes { id source ${END} target ${END} } } } }`,
    estimate: 1 + (1 + 20) + 20 * 2, // the contact, its relation list and each relation, two ends per relation
  },
  {
    name: "bench M1: a SuperOffice create",
    query: `mutation { createContactRelation(input: { sourceContactId: 13, destinationContactId: 14, relationDefinitionId: 1 }) { relation { id } userErrors { code } } }`,
    // The POST and a keyed retry's reconciliation (list + 20 relations), then the catalogue check:
    // the request's read and one fresh read, each the definition list and up to 50 definitions.
    estimate: SO_CREATE,
  },
  {
    name: "README: a SuperOffice company, its persons and five relations with both ends",
    query: `{ contact(vendor: SUPEROFFICE, id: "11") { name persons { fullName } relations(first: 5) { nodes { ... on ContactRelation { activeText } source { ... on Contact { name } ... on Person { fullName } } target { ... on Contact { name } ... on Person { fullName } } } pageInfo { hasNextPage endCursor } } } }`,
    estimate: 1 + 100 + (1 + 5) + 5 * 2, // persons are counted at their cap (100)
  },
  {
    name: "typed SuperOffice ends through a person to its company",
    query: `{ contact(vendor: SUPEROFFICE, id: "11") { relations(first: 5) { nodes { ... on ContactRelation { sourcePerson { contact { name } } destinationContact { name } } } } } }`,
    estimate: 1 + (1 + 5) + 5 * 3,
  },
  {
    name: "node(id:) of a HighLevel relation: a scan of its record's relation list",
    query: `query ($id: ID!) { node(id: $id) { id ... on AssociationRelation { key source ${END} } } }`,
    variables: { id: id({ vendor: "HIGHLEVEL", kind: "AssociationRelation", key: ["relDemo0000000000009", hl.vehicles.van] }) },
    estimate: 10 + 1 + 1, // up to ten list pages, the relation's definition, its source
  },
  {
    name: "nodes(ids:) across vendors, garbage costs nothing",
    query: `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
    variables: {
      ids: [
        id({ vendor: "SUPEROFFICE", kind: "Contact", key: ["12"] }),
        contoso,
        id({ vendor: "HIGHLEVEL", kind: "Contact", key: [hl.contacts.ada] }),
        id({ vendor: "HIGHLEVEL", kind: "Contact", key: ["not a key"] }),
        "garbage",
      ],
    },
    estimate: 3,
  },
  {
    name: "_entities: a representation whose id names another type costs nothing",
    query: `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Contact { name } } }`,
    variables: {
      reps: [
        { __typename: "Contact", id: id({ vendor: "SUPEROFFICE", kind: "Contact", key: ["11"] }) },
        { __typename: "Person", id: id({ vendor: "SUPEROFFICE", kind: "Contact", key: ["12"] }) },
      ],
    },
    estimate: 1,
  },
  {
    name: "a HighLevel record's ten relations, both ends",
    query: `{ record(objectKey: "custom_objects.pets", id: "${hl.pets.rex}") { relations(first: 10) { nodes { source { __typename } target { __typename } } } } }`,
    estimate: 1 + (1 + 10) + 10 * 2, // an association definition per listed row at most
  },
  {
    name: "a Customer Insights create with both ends",
    query: `mutation { createRelationshipInstance(input: { relationshipType: "AccountContact", profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }], relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }], properties: { ContactId: "C1020", AccountId: "A2003", Role: "Buyer" } }) { status relationship { id source ${END} target ${END} } userErrors { code } } }`,
    estimate: CI_CREATE + 2, // the create with its checks and catalogue, then both ends
  },
  {
    name: "relationType on twenty relations: the catalogue once",
    query: `{ contact(vendor: SUPEROFFICE, id: "11") { relations(first: 20) { nodes { id relationType { name } } } } }`,
    // Counted once, whatever the list's length; the list's type (Relation) could hold any vendor's relations.
    estimate: 1 + (1 + 20) + SO_CATALOGUE + HL_CATALOGUE + CI_CATALOGUE,
  },
  {
    name: "a fragment spread twice counts twice; __typename and introspection cost nothing",
    query: `{ a: contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { ...F } b: contact(vendor: HIGHLEVEL, id: "${hl.contacts.grace}") { ...F } __typename __schema { queryType { name } } } fragment F on Contact { __typename name relations(first: 2) { nodes { id } } }`,
    estimate: 2 * (1 + (1 + 2)),
  },
  // Every playground example, as the page sends it.
  ...loadExamples().map((example) => ({
    name: `playground ${example.name}`,
    query: example.query,
    estimate: PLAYGROUND_ESTIMATES[example.name]!,
  })),
];

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t?.close());

const vendorCalls = () =>
  t.sandboxes.customerInsights.requests.length + t.sandboxes.superoffice.requests.length + t.sandboxes.highlevel.requests.length;

describe("cost estimate against actual vendor calls", () => {
  it.each(ROWS)("$name: estimate $estimate", async (row) => {
    t.reset();
    const res = await t.gql<any>(row.query, row.variables, { "x-gateway-cost": "1" });
    expect(res.errors).toBeUndefined();
    const cost = (res as unknown as { extensions: { cost: { estimated: number; actual: number } } }).extensions.cost;
    expect(cost.actual).toBe(vendorCalls());
    expect(cost.estimated).toBe(row.estimate);
    expect(cost.estimated).toBeGreaterThanOrEqual(cost.actual);
  });

  it("no cost extension without the header", async () => {
    const res = await t.gql(`{ contactRelation(id: 1001) { id } }`);
    expect((res as { extensions?: unknown }).extensions).toBeUndefined();
  });
});
