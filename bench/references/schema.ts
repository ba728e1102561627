/**
 * The reference servers' schema: the part of the gateway's contract the bench's three operations
 * touch, written as SDL with plain resolvers (graphql-js's buildSchema, resolvers attached by
 * hand). The same operation text runs against it and against the gateway, with the same answers
 * (bench/run.ts compares them).
 */
import { buildSchema, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import type { CreateInput, Loaders, RelationNode, SuperOfficeRest } from "./superoffice.js";

export interface ReferenceContext {
  loaders: Loaders;
}

const SDL = /* GraphQL */ `
  scalar DateTime
  enum Vendor { CUSTOMER_INSIGHTS HIGHLEVEL SUPEROFFICE }
  interface Node { id: ID! }
  type Contact implements Node { id: ID! name: String relations(first: Int = 30, after: String): RelationConnection! }
  type Person implements Node { id: ID! fullName: String }
  union RelationEnd = Contact | Person
  type ContactRelation implements Node {
    id: ID!
    relationId: Int!
    activeText: String
    createdDate: DateTime
    source: RelationEnd
    target: RelationEnd
  }
  type RelationConnection { nodes: [ContactRelation!]! }
  type UserError { code: String! field: [String!] message: String! }
  type CreateContactRelationPayload { relation: ContactRelation replayed: Boolean! userErrors: [UserError!]! }
  input CreateContactRelationInput {
    comment: String
    connection: String
    destinationContactId: Int!
    destinationPersonId: Int
    idempotencyKey: String
    relationDefinitionId: Int!
    reversed: Boolean
    sourceContactId: Int!
    sourcePersonId: Int
  }
  type Query {
    contact(connection: String, id: String!, vendor: Vendor!): Contact
    contactRelation(connection: String, id: Int!): ContactRelation
  }
  type Mutation { createContactRelation(input: CreateContactRelationInput!): CreateContactRelationPayload! }
`;

type Resolver = GraphQLFieldResolver<any, ReferenceContext, any>;

export function referenceSchema(rest: SuperOfficeRest): GraphQLSchema {
  const schema = buildSchema(SDL);
  Object.assign(schema.getType("DateTime")!, { serialize: GraphQLDateTime.serialize });
  const resolvers: Record<string, Record<string, Resolver>> = {
    Query: {
      contact: (_root, { id }: { id: string }, ctx) => (/^\d{1,10}$/.test(id) ? ctx.loaders.contact.load(Number(id)) : null),
      contactRelation: (_root, { id }: { id: number }, ctx) => ctx.loaders.relation.load(id),
    },
    Contact: {
      relations: async (contact: { nativeId: number }, { first }: { first: number }, ctx) => ({
        nodes: await ctx.loaders.relationsOf(contact.nativeId, first),
      }),
    },
    ContactRelation: {
      source: (relation: RelationNode, _args, ctx) => ctx.loaders.end(relation.source),
      target: (relation: RelationNode, _args, ctx) => ctx.loaders.end(relation.target),
    },
    Mutation: {
      createContactRelation: async (_root, { input }: { input: CreateInput }) => ({
        relation: await rest.create(input),
        replayed: false,
        userErrors: [],
      }),
    },
  };
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const [fieldName, resolve] of Object.entries(fields)) type.getFields()[fieldName]!.resolve = resolve;
  }
  // Entities carry their GraphQL type name in `kind`, as the gateway's do.
  Object.assign(schema.getType("RelationEnd")!, { resolveType: (value: { kind: string }) => value.kind });
  return schema;
}
