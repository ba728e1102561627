import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { SandboxControls } from "../../src/sandbox/http.js";
import type { TestGateway } from "../support/gateway.js";

/** The keyed creates of the idempotency tests: one case per vendor, with how to count its relations at the vendor. */

const hl = HIGHLEVEL_DEMO;
export const key = () => `key-${randomUUID()}`;
export const posts = (sandbox: SandboxControls, path: RegExp) => sandbox.requests.filter((r) => r.method === "POST" && path.test(r.path));

export interface VendorCase {
  vendor: string;
  sandbox: () => SandboxControls;
  creates: RegExp;
  /** A create with fresh ends each time `n` changes, keyed by the variable $key. */
  mutation: string;
  variables: (n: number) => Record<string, unknown>;
  /** Another input for the same key. */
  other: (n: number) => Record<string, unknown>;
  /** The id of the created relation in the payload. */
  idOf: (payload: any) => string;
  /** How many relations with these ends exist at the vendor now. */
  count: (n: number) => Promise<number>;
}

export const SO_MUTATION = `mutation ($input: CreateContactRelationInput!) {
  createContactRelation(input: $input) { relation { id relationId } userErrors { field message code } replayed }
}`;
export const soInput = (n: number) => ({ sourceContactId: 11 + (n % 7), destinationContactId: 11 + ((n + 1) % 7), relationDefinitionId: 1, comment: `case ${n}` });

const HL_PAIRS = [
  [hl.contacts.grace, hl.contacts.alan],
  [hl.contacts.alan, hl.contacts.katherine],
  [hl.contacts.katherine, hl.contacts.linus],
  [hl.contacts.linus, hl.contacts.margaret],
  [hl.contacts.margaret, hl.contacts.edsger],
  [hl.contacts.edsger, hl.contacts.barbara],
  [hl.contacts.barbara, hl.contacts.grace],
  [hl.contacts.katherine, hl.contacts.grace],
] as const;
export const HL_MUTATION = `mutation ($input: CreateAssociationRelationInput!) {
  createAssociationRelation(input: $input) { relation { id relationId } userErrors { field message code } replayed }
}`;
export const hlInput = (n: number) => ({ associationId: hl.associations.referral, firstRecordId: HL_PAIRS[n % HL_PAIRS.length]![0], secondRecordId: HL_PAIRS[n % HL_PAIRS.length]![1] });

export const CI_MUTATION = `mutation ($input: CreateRelationshipInstanceInput!) {
  createRelationshipInstance(input: $input) { status relationship { id } userErrors { field message code } replayed }
}`;
export const ciInput = (n: number) => ({
  relationshipType: "AccountContact",
  profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }],
  relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }],
  properties: { ContactId: `C10${String(10 + n).padStart(2, "0")}`, AccountId: "A2003", Role: `role ${n}` },
});

/** The three vendors' creates, against the gateway `t()` answers. */
export function createCases(t: () => TestGateway): VendorCase[] {
  return [
    {
      vendor: "SUPEROFFICE",
      sandbox: () => t().sandboxes.superoffice,
      creates: /\/Relation$/,
      mutation: SO_MUTATION,
      variables: (n) => ({ input: soInput(n) }),
      other: (n) => ({ input: { ...soInput(n), comment: "something else" } }),
      idOf: (p) => p.relation.id,
      count: async (n) => {
        const i = soInput(n);
        return [...t().sandboxes.superoffice.data.relations.values()].filter(
          (r) => r.sourceContactId === i.sourceContactId && r.destinationContactId === i.destinationContactId && r.comment === i.comment,
        ).length;
      },
    },
    {
      vendor: "HIGHLEVEL",
      sandbox: () => t().sandboxes.highlevel,
      creates: /\/associations\/relations$/,
      mutation: HL_MUTATION,
      variables: (n) => ({ input: hlInput(n) }),
      other: (n) => ({ input: { ...hlInput(n), secondRecordId: hl.contacts.ada } }),
      idOf: (p) => p.relation.id,
      count: async (n) => {
        const i = hlInput(n);
        const res = await t().gql<any>(`query ($id: String!) { contact(vendor: HIGHLEVEL, id: $id) { relations(first: 100) { nodes { ... on AssociationRelation { associationId firstRecordId secondRecordId } } } } }`, { id: i.firstRecordId });
        return res.data.contact.relations.nodes.filter((r: any) => r.associationId === i.associationId && r.secondRecordId === i.secondRecordId).length;
      },
    },
    {
      vendor: "CUSTOMER_INSIGHTS",
      sandbox: () => t().sandboxes.customerInsights,
      creates: /\/data\/Relationships$/,
      mutation: CI_MUTATION,
      variables: (n) => ({ input: ciInput(n) }),
      other: (n) => ({ input: { ...ciInput(n), properties: { ...ciInput(n).properties, Role: "other" } } }),
      idOf: (p) => p.relationship.id,
      count: async (n) => {
        const sandbox = t().sandboxes.customerInsights;
        const all: Array<Record<string, unknown>> = [];
        let next: string | undefined = `${sandbox.baseUrl}/data/relationships?api-version=2017-04-26&$filter=RelationshipType eq 'AccountContact'`;
        while (next) {
          const res = await fetch(next, { headers: { authorization: `Bearer ${sandbox.token}` } });
          const body = (await res.json()) as { value: Array<Record<string, unknown>>; nextLink?: string };
          all.push(...body.value);
          next = body.nextLink;
        }
        return all.filter((r) => r.Role === ciInput(n).properties.Role).length;
      },
    },
  ];
}

/** Keyed variables: the key in the input. */
export const keyed = (variables: Record<string, unknown>, k: string) => ({ input: { ...(variables.input as object), idempotencyKey: k } });
export const payloadOf = (res: { data?: any }) => Object.values(res.data ?? {})[0] as any;


/**
 * After a keyed create whose answer was lost once the vendor had written it: exactly one relation
 * exists, the retry with the same key answers it (without writing again), and a third call replays it.
 */
export async function expectOneRelationOnRetry(t: TestGateway, c: VendorCase, n: number, k: string): Promise<void> {
  expect(await c.count(n)).toBe(1);
  const retry = payloadOf(await t.gql(c.mutation, keyed(c.variables(n), k)));
  expect(retry.userErrors).toEqual([]);
  expect(retry.replayed).toBe(false);
  expect(await c.count(n)).toBe(1);
  const replay = payloadOf(await t.gql(c.mutation, keyed(c.variables(n), k)));
  expect(replay.replayed).toBe(true);
  expect(c.idOf(replay)).toBe(c.idOf(retry));
}
