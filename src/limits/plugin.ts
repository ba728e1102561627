import type { ApolloServerPlugin } from "@apollo/server";
import { getVariableValues, type DocumentNode, type OperationDefinitionNode } from "graphql";
import type { QueryLimits } from "../config.js";
import type { GatewayContext } from "../context.js";
import { aliasCount } from "./aliases.js";
import { estimateCost } from "./cost.js";
import { queryDepth } from "./depth.js";
import { fragmentsOf, type Fragments } from "./fragments.js";
import { largestIdList } from "./ids.js";
import { queryTooComplex, type LimitName } from "./refusal.js";
import { rootFields, type RootFields } from "./root-fields.js";

/** The header that asks for `extensions.cost` in the response. */
export const COST_HEADER = "x-gateway-cost";

/** What does not depend on variables, kept per parsed document (Apollo reuses the object for a repeated query). */
interface Shape {
  fragments: Fragments;
  rootFields: RootFields;
  aliases: number;
  depth: number;
  /** The id count and the cost, once an estimate read no variable (none declared, or none that can change them). */
  fixed?: { ids: number; cost: number };
}
const shapes = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Shape>>();

function shapeOf(document: DocumentNode, operation: OperationDefinitionNode): Shape {
  let byOperation = shapes.get(document);
  if (!byOperation) shapes.set(document, (byOperation = new Map()));
  let shape = byOperation.get(operation);
  if (!shape) {
    const fragments = fragmentsOf(document);
    shape = {
      fragments,
      rootFields: rootFields(operation.selectionSet, fragments),
      aliases: aliasCount(operation.selectionSet, fragments),
      depth: queryDepth(operation.selectionSet, fragments),
    };
    byOperation.set(operation, shape);
  }
  return shape;
}

/**
 * Checks every operation against the limits once it is parsed, validated and its variables
 * are known, before any resolver runs: over one, the request ends with QUERY_TOO_COMPLEX (HTTP
 * 400) and no vendor call. With `x-gateway-cost: 1` the response's `extensions.cost` holds
 * the estimate and the vendor calls actually made.
 */
export function limitsPlugin(limits: QueryLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      const wantsCost = request.http?.headers.get(COST_HEADER) === "1";
      let estimated: number | undefined;
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation || (!wantsCost && [limits.maxRootFields, limits.maxAliases, limits.maxDepth, limits.maxIds, limits.maxCost].every((max) => max <= 0))) return;
          const shape = shapeOf(document, operation);
          // `!(actual <= max)`: a figure that is not a number is refused too, never let through.
          const check = (limit: LimitName, max: number, actual: number) => {
            if (max > 0 && !(actual <= max)) throw queryTooComplex(limit, max, actual);
          };
          check("ROOT_FIELDS", limits.maxRootFields, shape.rootFields.count);
          check("ALIASES", limits.maxAliases, shape.aliases);
          check("DEPTH", limits.maxDepth, shape.depth);
          if (limits.maxIds <= 0 && limits.maxCost <= 0 && !wantsCost) return;
          let figures = shape.fixed;
          if (!figures) {
            const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
            // Variables that do not coerce fail execution before any resolver runs.
            if (!coerced.coerced) return;
            const root = schema.getRootType(operation.operation);
            const variables = watched(coerced.coerced);
            figures = {
              ids: root ? largestIdList(shape.rootFields.fields, root, variables.values) : 0,
              cost: estimateCost({ schema, operation, fragments: shape.fragments, variables: variables.values }),
            };
            // Figures that read no variable hold for any (the id of the one relation a query loads, say):
            // the next request with this document neither coerces its variables nor estimates again.
            if (!variables.read) shape.fixed = figures;
          }
          check("IDS", limits.maxIds, figures.ids);
          estimated = figures.cost;
          check("COST", limits.maxCost, estimated);
        },
        async willSendResponse({ response, contextValue }) {
          if (!wantsCost || estimated === undefined || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { estimated, actual: contextValue.budget.calls } };
        },
      };
    },
  };
}

/** The variables as the estimate sees them, noting whether it read any: only the arguments it prices read them. */
function watched(values: Record<string, unknown>): { values: Record<string, unknown>; read: boolean } {
  const watch = { values, read: false };
  const noted = <A extends unknown[], R>(read: (...args: A) => R) => (...args: A): R => {
    watch.read = true;
    return read(...args);
  };
  watch.values = new Proxy<Record<string, unknown>>(values, {
    get: noted(Reflect.get),
    has: noted(Reflect.has),
    getOwnPropertyDescriptor: noted(Reflect.getOwnPropertyDescriptor),
    ownKeys: noted(Reflect.ownKeys),
  });
  return watch;
}
