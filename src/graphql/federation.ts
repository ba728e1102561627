import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { createResolversMap } from "type-graphql";
import type { GatewayContext } from "../context.js";
import { decodeId } from "../domain/ids.js";

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n\n';

/**
 * type-graphql's schema re-built as a Federation 2 subgraph (`_service`, `_entities`):
 * its resolvers, scalars and type resolution carried over, and every entity type resolved
 * from its global id through the request's loaders, like `node(id:)`.
 */
export function toSubgraph(schema: GraphQLSchema, entityNames: readonly string[]): GraphQLSchema {
  const resolverMap = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const name of entityNames) {
    resolverMap[name] = {
      ...(resolverMap[name] as object),
      __resolveReference: async (reference: { id?: unknown }, ctx: unknown) => {
        const ref = typeof reference.id === "string" ? decodeId(reference.id) : null;
        if (!ref || ref.kind !== name) return null;
        return (ctx as GatewayContext).vendors.load(ref);
      },
    };
  }
  const typeDefs = parse(FEDERATION_LINK + printSchemaWithDirectives(schema));
  return nullForUnknownEntities(buildSubgraphSchema({ typeDefs, resolvers: resolverMap }), new Set(entityNames));
}

/** @apollo/subgraph fails the whole `_entities` list on one unknown __typename: answer null for that entry instead. */
function nullForUnknownEntities(schema: GraphQLSchema, entityNames: ReadonlySet<string>): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return schema;
  field.resolve = (source, args: { representations: unknown[] }, ctx, info) => {
    const { representations } = args;
    const known = representations.map(
      (r) => typeof r === "object" && r !== null && entityNames.has(String((r as { __typename?: unknown }).__typename)),
    );
    const resolved = resolve(source, { representations: representations.filter((_, i) => known[i]) }, ctx, info) as unknown[];
    let next = 0;
    return representations.map((_, i) => (known[i] ? resolved[next++] : null));
  };
  return schema;
}
