import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { lexicographicSortSchema, parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap } from "type-graphql";
import type { GatewayContext } from "../context.js";
import { decodeId } from "../domain/ids.js";
import { Contact } from "./nodes/contact.js";
import { Person } from "./nodes/person.js";
import { Profile } from "./nodes/profile.js";
import { Record } from "./nodes/record.js";
import { AssociationRelation } from "./relations/association-relation.js";
import { ContactRelation } from "./relations/contact-relation.js";
import { RelationshipInstance } from "./relations/relationship-instance.js";
import { RelationshipLink } from "./relations/relationship-link.js";
import { resolvers } from "./resolvers/index.js";

/** The entity types of the subgraph: each has `@key(fields: "id")` and resolves from its global id. */
export const ENTITY_TYPES = [
  Profile,
  Contact,
  Person,
  Record,
  RelationshipInstance,
  ContactRelation,
  AssociationRelation,
  RelationshipLink,
] as const;

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n\n';

function buildTypeGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, orphanedTypes: [...ENTITY_TYPES], validate: false });
}

/** The subgraph SDL (the checked-in schema/schema.graphql): directives kept, types sorted for stable diffs. */
export async function buildSubgraphSdl(): Promise<string> {
  return FEDERATION_LINK + printSchemaWithDirectives(lexicographicSortSchema(await buildTypeGraphQLSchema())) + "\n";
}

/**
 * One schema for standalone clients and supergraphs: type-graphql's schema re-built as a
 * Federation 2 subgraph (`_service`, `_entities`), entities resolved through the same
 * per-request loaders as `node(id:)`.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildTypeGraphQLSchema();
  const typeDefs = parse(FEDERATION_LINK + printSchemaWithDirectives(schema));
  const resolverMap = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const type of ENTITY_TYPES) {
    resolverMap[type.name] = {
      ...(resolverMap[type.name] as object),
      __resolveReference: async (reference: { id?: unknown }, ctx: unknown) => {
        const ref = typeof reference.id === "string" ? decodeId(reference.id) : null;
        if (!ref || ref.kind !== type.name) return null;
        return (ctx as GatewayContext).vendors.load(ref);
      },
    };
  }
  return buildSubgraphSchema({ typeDefs, resolvers: resolverMap });
}
