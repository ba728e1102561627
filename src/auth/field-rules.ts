import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from "graphql";
import type { GatewayContext } from "../context.js";
import { ForbiddenError } from "../errors.js";
import { READ_SCOPE, WRITE_SCOPE, type Scope } from "./caller.js";

/**
 * The one rule for scopes: every query field needs relations:read, every mutation
 * relations:write; federation's `_service` (the SDL a router composes) needs a valid token only.
 * The same rule is declared in the schema (for a router) and enforced at each root field (here).
 */
function scopeOf(field: string, operation: "query" | "mutation"): Scope | undefined {
  if (field === "_service") return undefined;
  return operation === "query" ? READ_SCOPE : WRITE_SCOPE;
}

function rootFields(schema: GraphQLSchema): Array<[GraphQLField<unknown, GatewayContext>, Scope | undefined]> {
  const roots: Array<[GraphQLObjectType | null | undefined, "query" | "mutation"]> = [
    [schema.getQueryType(), "query"],
    [schema.getMutationType(), "mutation"],
  ];
  return roots.flatMap(([type, operation]) =>
    Object.values(type?.getFields() ?? {}).map((field) => [field as GraphQLField<unknown, GatewayContext>, scopeOf(field.name, operation)] as const),
  ) as Array<[GraphQLField<unknown, GatewayContext>, Scope | undefined]>;
}

/**
 * Federation 2.5's `@authenticated` and `@requiresScopes` on every root field, so Apollo Router
 * can refuse at the edge what the gateway would refuse itself (printed with the schema's directives).
 */
export function declareAuthRules(schema: GraphQLSchema): void {
  for (const [field, scope] of rootFields(schema)) {
    const directives = { authenticated: {}, ...(scope && { requiresScopes: { scopes: [[scope]] } }) };
    field.extensions = { ...field.extensions, directives: { ...(field.extensions.directives as object | undefined), ...directives } };
  }
}

/**
 * Each root field checks the caller's scope before its resolver runs: a missing one fails that
 * field with FORBIDDEN (before any vendor call) and the operation's other fields still run.
 */
export function enforceScopes(schema: GraphQLSchema): GraphQLSchema {
  for (const [field, scope] of rootFields(schema)) {
    const resolve = field.resolve;
    if (!scope || !resolve) continue;
    field.resolve = (source, args, ctx, info) => {
      if (!ctx.caller.has(scope)) {
        throw new ForbiddenError(`${info.fieldName} needs the scope ${scope}; this token grants ${ctx.caller.gatewayScopes().join(" and ") || "neither relations:read nor relations:write"}`);
      }
      return resolve(source, args, ctx, info);
    };
  }
  return schema;
}
