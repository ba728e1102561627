import "reflect-metadata";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLSchema, lexicographicSortSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { declareAuthRules, enforceScopes } from "../auth/field-rules.js";
import { FEDERATION_LINK, toSubgraph } from "./federation.js";
import { VENDOR_PARTS } from "./part.js";
import { resolvers } from "./resolvers/index.js";
import { JSONScalar } from "./scalars.js";

async function buildTypeGraphQLSchema(): Promise<GraphQLSchema> {
  // Relation types are reached only through interfaces: list every vendor type so none is dropped.
  const schema = await buildSchema({ resolvers, orphanedTypes: VENDOR_PARTS.flatMap((part) => part.types), validate: false });
  // type-graphql gives the root types no description of their own.
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = QUERY_DESCRIPTION;
  if (mutation) mutation.description = MUTATION_DESCRIPTION;
  declareAuthRules(schema);
  // The contract declares `scalar JSON` though no field uses it yet; type-graphql drops unused scalars.
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, JSONScalar] });
}

const QUERY_DESCRIPTION =
  "Reads: any node by its global id (node, nodes), each vendor's records by the vendor's own ids (contact, profile, person, record, contactRelation, relationshipLink), the relations of a node (relationsOf), and what the gateway serves (connections, relationTypes).";

const MUTATION_DESCRIPTION =
  "Writes: one create per vendor, named and shaped as that vendor names its relations; deleteRelation for any of them; upsertRelationshipLink. The vendor's refusals and invalid input come back in the payload's userErrors, not as GraphQL errors.";

/** The subgraph SDL (the checked-in schema/schema.graphql): directives kept, types sorted for stable diffs. */
export async function buildSubgraphSdl(): Promise<string> {
  return FEDERATION_LINK + printSchemaWithDirectives(lexicographicSortSchema(await buildTypeGraphQLSchema())) + "\n";
}

/** One schema for standalone clients and supergraphs. */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return enforceScopes(toSubgraph(await buildTypeGraphQLSchema()));
}
