import { getArgumentValues, type FieldNode, type GraphQLField, type GraphQLObjectType } from "graphql";
import type { EntityKind } from "../domain/entities.js";
import type { Vendor } from "../domain/vendor.js";

/**
 * What a field costs at the vendors, declared next to the field with type-graphql's
 * `@Extensions(cost({ … }))` and read from the served schema by ./cost.ts. The terms are
 * vendor-neutral: each vendor module states its own figures (`cost` in src/vendors/contract.ts).
 * Fields without one cost nothing themselves; their subfields still count.
 */
export type FieldCost =
  /** A write: this many calls of its own, then its payload's fields. */
  | { write: number }
  /** Loads one node of one of these kinds (priced by the dearest vendor serving it); a list of at most `upTo` of them. */
  | { load: readonly EntityKind[]; upTo?: number }
  /** Loads the node(s) named by the global id(s) in this argument, each priced by its vendor and kind (`node`, `nodes`). */
  | { loadIds: string }
  /** Federation's `_entities`: `{ __typename, id }` representations in this argument. */
  | { entities: string }
  /** The relations of a node of one of these kinds, `first` at a time: the subfields count once per item. */
  | { relationsOf: readonly EntityKind[] }
  /** The same, for the node named by the global id in this argument (`relationsOf(id:)`). */
  | { relationsOfId: string }
  /** A create of this vendor: its calls (`create`) and its catalogue check (the request's read and at most one fresh one, per connection). */
  | { create: Vendor }
  /** A delete of the relation named by the global id at this argument path (`input.id`). */
  | { deleteId: string }
  /**
   * A connection's relation-type catalogue: counted once per operation for each vendor and
   * connection (a request reads it at most once). `vendorArg`: the field's `vendor` and
   * `connection` arguments name it; `parent`: the vendor of the relation the field is on.
   */
  | { catalogue: "vendorArg" | "parent" };

/** The field extension: `@Extensions(cost({ load: ["Contact"] }))`. */
export function cost(fieldCost: FieldCost): { cost: FieldCost } {
  return { cost: fieldCost };
}

/**
 * The cost a field declares in the served schema. A field resolved on an interface (a
 * relation's `source`) may carry it on the interface's field only.
 */
export function fieldCostOf(field: GraphQLField<unknown, unknown>, parent: GraphQLObjectType): FieldCost | undefined {
  const own = field.extensions.cost as FieldCost | undefined;
  if (own) return own;
  for (const iface of parent.getInterfaces()) {
    const declared = iface.getFields()[field.name]?.extensions.cost as FieldCost | undefined;
    if (declared) return declared;
  }
  return undefined;
}

/** A field's coerced arguments (defaults applied, variables substituted); {} when they do not coerce (execution will refuse them). */
export function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}
