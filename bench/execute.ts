/**
 * CPU of GraphQL execution alone: Q1 and Q2 executed with graphql-js against the gateway's schema
 * (type-graphql resolvers, federation) and against the references' minimal schema, on entities
 * already in memory (the SuperOffice demo data through the gateway's mappers; no I/O). Shows what
 * the schema's resolvers and abstract types cost per operation, apart from vendor calls.
 *
 *   npx tsx bench/execute.ts [iterations, default 3000]
 */
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { buildGatewaySchema } from "../src/graphql/schema.js";
import type { NodeEntity, NodeRef, Page, RelationEntity } from "../src/domain/entities.js";
import { demoData } from "../src/sandbox/superoffice/data.js";
import { Carriers } from "../src/sandbox/superoffice/carriers.js";
import { toContact, toContactRelation, toPerson } from "../src/vendors/superoffice/map.js";
import type { ContactRelationWire, ContactWire, PersonWire } from "../src/vendors/superoffice/wire.js";
import { referenceSchema } from "./references/schema.js";
import type { ContactNode, PersonNode, RelationNode } from "./references/superoffice.js";

const N = Number(process.argv[2] ?? 3000);
const data = demoData();
const carriers = new Carriers(data, "http://sandbox/api/v1");
const wire = {
  contact: (id: number) => JSON.parse(JSON.stringify(carriers.contact(data.contacts.get(id)!))) as ContactWire,
  person: (id: number) => JSON.parse(JSON.stringify(carriers.person(data.persons.get(id)!))) as PersonWire,
  relation: (id: number) => JSON.parse(JSON.stringify(carriers.relation(data.relations.get(id)!, null))) as ContactRelationWire,
};
const hubRelations = [...data.relations.values()].filter((r) => r.sourceContactId === 11 || r.destinationContactId === 11).slice(0, 20);

// The gateway: a VendorScope stand-in answering from memory with the real mappers' entities.
const entity = (ref: NodeRef): NodeEntity | null => {
  const id = Number(ref.key[0]);
  if (ref.kind === "Contact") return toContact("default", wire.contact(id));
  if (ref.kind === "Person") return toPerson("default", wire.person(id));
  if (ref.kind === "ContactRelation") return toContactRelation("default", wire.relation(id));
  return null;
};
const entities = new Map<string, NodeEntity | null>();
const cached = (ref: NodeRef) => {
  const key = `${ref.kind}/${ref.key[0]}`;
  if (!entities.has(key)) entities.set(key, entity(ref));
  return entities.get(key)!;
};
const page: Page<RelationEntity> = {
  items: hubRelations.map((r) => cached({ vendor: "SUPEROFFICE", connection: "default", kind: "ContactRelation", key: [String(r.id)] }) as RelationEntity),
  cursors: hubRelations.map((_, i) => String(i)),
  hasNextPage: true,
};
const vendors = {
  find: async (ref: NodeRef) => cached(ref),
  load: async (ref: NodeRef) => cached(ref),
  relationsOf: async () => page,
};

// The references: their loaders, from memory.
const refEnd = (kind: "Contact" | "Person", id: number): ContactNode | PersonNode =>
  kind === "Contact"
    ? { kind, id: `c${id}`, nativeId: id, name: data.contacts.get(id)!.name }
    : { kind, id: `p${id}`, fullName: `${data.persons.get(id)!.firstname}` };
const refRelation = (id: number): RelationNode => {
  const r = data.relations.get(id)!;
  const end = (c: number, p: number) => (p > 0 ? { kind: "Person" as const, id: p } : { kind: "Contact" as const, id: c });
  return { kind: "ContactRelation", id: `r${id}`, relationId: id, activeText: "x", createdDate: new Date(r.createdDate), source: end(r.sourceContactId, r.sourcePersonId), target: end(r.destinationContactId, r.destinationPersonId) };
};
const loaders = {
  contact: { load: async (id: number) => refEnd("Contact", id) },
  relation: { load: async (id: number) => refRelation(id) },
  end: async (ref: { kind: "Contact" | "Person"; id: number } | null) => (ref ? refEnd(ref.kind, ref.id) : null),
  relationsOf: async () => hubRelations.map((r) => refRelation(r.id)),
};

const END = `{ __typename ... on Node { id } ... on Contact { name } ... on Person { fullName } }`;
const OPS = {
  Q1: `query Q1 { contactRelation(id: 1001) { id activeText source ${END} target ${END} } }`,
  Q2: `query Q2 { contact(vendor: SUPEROFFICE, id: "11") { id name relations(first: 20) { nodes { id source ${END} target ${END} } } } }`,
};

async function time(schema: GraphQLSchema, document: DocumentNode, context: () => object): Promise<number> {
  const once = async () => {
    const result = await execute({ schema, document, contextValue: context() });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
  };
  for (let i = 0; i < 500; i++) await once();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await once();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / N;
}

const gateway = await buildGatewaySchema();
const reference = referenceSchema({} as never);
for (const [name, query] of Object.entries(OPS)) {
  const document = parse(query);
  for (const schema of [gateway, reference]) if (validate(schema, document).length) throw new Error(`${name} does not validate`);
  const g = await time(gateway, document, () => ({ vendors, requestId: "r" }));
  const r = await time(reference, document, () => ({ loaders }));
  console.log(`${name}: gateway schema ${g.toFixed(0)} µs, reference schema ${r.toFixed(0)} µs per execution (${(g / r).toFixed(2)}×)`);
}
