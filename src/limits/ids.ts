import type { FieldNode, GraphQLObjectType } from "graphql";
import { argumentsOf, fieldCostOf } from "./field-cost.js";

/** The longest id list given to a root field that loads nodes by global ids (`nodes(ids:)`). */
export function largestIdList(fields: readonly FieldNode[], root: GraphQLObjectType, variables: Record<string, unknown>): number {
  let largest = 0;
  for (const node of fields) {
    const field = root.getFields()[node.name.value];
    const cost = field && fieldCostOf(field, root);
    if (!field || !cost || !("loadIds" in cost)) continue;
    const ids = argumentsOf(field, node, variables)[cost.loadIds];
    if (Array.isArray(ids)) largest = Math.max(largest, ids.length);
  }
  return largest;
}
