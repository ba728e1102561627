import "reflect-metadata";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLSchema, lexicographicSortSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { FEDERATION_LINK, toSubgraph } from "./federation.js";
import { Contact } from "./nodes/contact.js";
import { Person } from "./nodes/person.js";
import { Profile } from "./nodes/profile.js";
import { Record } from "./nodes/record.js";
import { AssociationRelation } from "./relations/association-relation.js";
import { ContactRelation } from "./relations/contact-relation.js";
import { RelationshipInstance } from "./relations/relationship-instance.js";
import { RelationshipLink } from "./relations/relationship-link.js";
import { resolvers } from "./resolvers/index.js";
import { JSONScalar } from "./scalars.js";

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

async function buildTypeGraphQLSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers, orphanedTypes: [...ENTITY_TYPES], validate: false });
  // The contract declares `scalar JSON` though no field uses it yet; type-graphql drops unused scalars.
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, JSONScalar] });
}

/** The subgraph SDL (the checked-in schema/schema.graphql): directives kept, types sorted for stable diffs. */
export async function buildSubgraphSdl(): Promise<string> {
  return FEDERATION_LINK + printSchemaWithDirectives(lexicographicSortSchema(await buildTypeGraphQLSchema())) + "\n";
}

/** One schema for standalone clients and supergraphs. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return toSubgraph(await buildTypeGraphQLSchema(), ENTITY_TYPES.map((type) => type.name));
}
