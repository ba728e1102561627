import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { isAbstractType, isInterfaceType, isObjectType, Kind, parse, visit, type DocumentNode, type GraphQLSchema } from "graphql";
import { createResolversMap } from "type-graphql";
import type { GatewayContext } from "../context.js";
import { decodeId } from "../domain/ids.js";
import { cost } from "../limits/field-cost.js";
import { typeOf } from "./type-of.js";

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@authenticated", "@requiresScopes"])\n\n';

/** Federation 2.5's access-control directives (src/auth/field-rules.ts declares them on every root field). */
const AUTH_DIRECTIVES: ReadonlySet<string> = new Set(["authenticated", "requiresScopes"]);

/**
 * The subgraph SDL without `@authenticated`/`@requiresScopes`, for @apollo/gateway: it cannot
 * enforce them and refuses a supergraph that uses them (Apollo Router enforces them). The
 * gateway checks every caller's token and scopes itself either way.
 */
export function withoutAuthDirectives(typeDefs: DocumentNode): DocumentNode {
  return visit(typeDefs, {
    Directive: (node) => (AUTH_DIRECTIVES.has(node.name.value) ? null : undefined),
    // The names in the @link import list.
    StringValue: (node) => (AUTH_DIRECTIVES.has(node.value.replace(/^@/, "")) && node.value.startsWith("@") ? null : undefined),
  });
}

/**
 * type-graphql's schema re-built as a Federation 2 subgraph (`_service`, `_entities`):
 * its resolvers, scalars and type resolution carried over, and every entity type resolved
 * from its global id through the request's loaders, like `node(id:)`. The entity types are
 * the object types that carry `@key`.
 */
export function toSubgraph(schema: GraphQLSchema): GraphQLSchema {
  const typeDefs = parse(FEDERATION_LINK + printSchemaWithDirectives(schema));
  const entityNames = keyedTypes(typeDefs);
  const resolverMap = createResolversMap(schema) as ResolverMap;
  // type-graphql's resolveType is an async wrapper: the served schema resolves abstract types synchronously.
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type)) resolverMap[type.name] = { ...(resolverMap[type.name] as object), __resolveType: typeOf };
  }
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
  const subgraph = nullForUnknownEntities(buildSubgraphSchema({ typeDefs, resolvers: resolverMap }), new Set(entityNames));
  carryFieldExtensions(schema, subgraph);
  const entities = subgraph.getQueryType()?.getFields()._entities;
  if (entities) entities.extensions = { ...entities.extensions, ...cost({ entities: "representations" }) };
  return subgraph;
}

/** The SDL round trip drops field extensions (the cost declarations src/limits reads): copy them over by type and field name. */
function carryFieldExtensions(from: GraphQLSchema, to: GraphQLSchema): void {
  for (const type of Object.values(to.getTypeMap())) {
    const source = from.getType(type.name);
    if (!(isObjectType(type) || isInterfaceType(type)) || !(isObjectType(source) || isInterfaceType(source))) continue;
    const sourceFields = source.getFields();
    for (const field of Object.values(type.getFields())) {
      const extensions = sourceFields[field.name]?.extensions;
      if (extensions && Object.keys(extensions).length > 0) field.extensions = { ...field.extensions, ...extensions };
    }
  }
}

/** @apollo/subgraph's resolver map type, taken from its public signature (its own export lives in dist/). */
type ResolverMap = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>["resolvers"]>;

/** Names of the object types with a `@key` directive. */
export function keyedTypes(typeDefs: DocumentNode): string[] {
  return typeDefs.definitions.flatMap((d) =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION && d.directives?.some((x) => x.name.value === "key") ? [d.name.value] : [],
  );
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
