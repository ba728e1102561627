import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, isPageSize } from "../graphql/resolvers/paging.js";
import type { PageRequest } from "../vendors/contract.js";
import { argumentsOf, fieldCostOf } from "./field-cost.js";
import type { Fragments } from "./fragments.js";
import { add, saturate, times } from "./saturating.js";
import { DEFAULT_CONNECTION, VENDORS, type Vendor } from "../domain/vendor.js";
import type { EntityKind } from "../domain/entities.js";
import {
  callableRef,
  catalogueCost,
  createCost,
  deleteCost,
  loadCost,
  refLoadCost,
  refRelationsCost,
  relationsCost,
  vendorsServing,
} from "./vendor-costs.js";

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Fragments;
  /** The operation's coerced variables. */
  variables: Record<string, unknown>;
}

/**
 * An upper bound of the vendor calls an operation can make, from its document and variables,
 * before it runs. Each field's own cost is declared next to it (`@Extensions(cost(…))`, read
 * from the served schema), in terms each vendor module prices. Relation lists multiply their
 * subfields by `first` (default 30; above 100 the resolver refuses it without a call); fragments, inline fragments and aliases are
 * expanded (every occurrence counts: DataLoader dedupes at run time, the bound does not);
 * an abstract type costs its dearest possible type; global ids (`node`, `nodes`, `_entities`,
 * `relationsOf`) are decoded to price their vendor and kind, and to narrow the selection to
 * that type; `__typename` and introspection cost nothing. The sums and products saturate
 * (./saturating.ts): a document can make the figure as large as it likes, never Infinity or NaN.
 */
export function estimateCost({ schema, operation, fragments, variables }: CostInput): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  // A selection set costs the same on a given type wherever it is reached (a fragment spread
  // twice, a set under an abstract type): each is walked once per type, so the walk stays linear.
  const known = new Map<SelectionSetNode, Map<GraphQLObjectType, number>>();
  // A request reads each connection's catalogue at most once, however many fields (or list items)
  // ask: they are noted here and added once at the end, outside every list's multiplication.
  const catalogues = new Map<string, number>();
  const catalogue = (vendor: Vendor, connection: string): number => {
    catalogues.set(`${vendor}/${connection}`, catalogueCost(vendor));
    return 0;
  };

  const applies = (condition: string | undefined, object: GraphQLObjectType): boolean => {
    if (!condition) return true;
    const type = schema.getType(condition);
    return type === object || (type !== undefined && isAbstractType(type) && schema.isSubType(type, object));
  };

  const selection = (set: SelectionSetNode | undefined, type: GraphQLNamedType): number => {
    if (!set) return 0;
    if (isObjectType(type)) return onObject(set, type);
    if (isAbstractType(type)) return Math.max(0, ...schema.getPossibleTypes(type).map((object) => onObject(set, object)));
    return 0;
  };

  const onObject = (set: SelectionSetNode, object: GraphQLObjectType): number => {
    let byType = known.get(set);
    if (!byType) known.set(set, (byType = new Map()));
    const seen = byType.get(object);
    if (seen !== undefined) return seen;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) total = add(total, field(s, object));
      else if (s.kind === Kind.INLINE_FRAGMENT) total = add(total, applies(s.typeCondition?.name.value, object) ? onObject(s.selectionSet, object) : 0);
      else {
        // A spread costs its fragment's memoised cost on this type: a fragment is walked once per type, however often it is spread.
        const fragment = fragments.get(s.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, object)) total = add(total, onObject(fragment.selectionSet, object));
      }
    }
    byType.set(object, total);
    return total;
  };

  /** A node loaded by global id: its vendor's price, and its subfields on the type the id names. */
  const byId = (node: FieldNode, id: unknown, expected?: string): number => {
    const ref = callableRef(id);
    if (!ref || (expected !== undefined && ref.kind !== expected)) return 0;
    const type = schema.getType(ref.kind);
    return add(refLoadCost(ref), type ? selection(node.selectionSet, type) : 0);
  };

  const field = (node: FieldNode, parent: GraphQLObjectType): number => {
    if (node.name.value.startsWith("__")) return 0;
    const def = parent.getFields()[node.name.value];
    if (!def) return 0;
    const type = getNamedType(def.type);
    const spec = fieldCostOf(def, parent);
    if (!spec) return selection(node.selectionSet, type);
    if ("write" in spec) return add(spec.write, selection(node.selectionSet, type));
    if ("load" in spec) return times(spec.upTo ?? 1, add(loadCost(spec.load), selection(node.selectionSet, type)));
    // Only what follows reads arguments (so a variable elsewhere, such as the id of a loaded node, leaves the cost fixed: ./plugin.ts).
    const args = argumentsOf(def, node, variables);
    if ("create" in spec) {
      // Its catalogue check: the request's read and at most one fresh read, each once per connection.
      const input = args.input as { connection?: unknown } | undefined;
      const connection = typeof input?.connection === "string" ? input.connection : DEFAULT_CONNECTION;
      const checks = catalogue(spec.create, connection) + catalogue(spec.create, `${connection} (fresh)`);
      return add(createCost(spec.create) + checks, selection(node.selectionSet, type));
    }
    if ("deleteId" in spec) return add(deleteCost(valueAt(args, spec.deleteId)), selection(node.selectionSet, type));
    if ("catalogue" in spec) {
      const vendors: Array<[Vendor, string]> =
        spec.catalogue === "vendorArg"
          ? VENDORS.includes(args.vendor as Vendor)
            ? [[args.vendor as Vendor, typeof args.connection === "string" ? args.connection : DEFAULT_CONNECTION]]
            : []
          : vendorsServing([parent.name as EntityKind]).map((vendor) => [vendor, "*"]);
      return add(vendors.reduce((sum, [vendor, connection]) => sum + catalogue(vendor, connection), 0), selection(node.selectionSet, type));
    }
    if ("loadIds" in spec) {
      const ids = args[spec.loadIds];
      return (Array.isArray(ids) ? ids : [ids]).reduce((sum: number, id) => add(sum, byId(node, id)), 0);
    }
    if ("entities" in spec) {
      const representations = args[spec.entities];
      return (Array.isArray(representations) ? representations : []).reduce((sum: number, r) => {
        const { __typename, id } = (r ?? {}) as { __typename?: unknown; id?: unknown };
        return add(sum, typeof __typename === "string" ? byId(node, id, __typename) : 0);
      }, 0);
    }
    const page = pageOf(args);
    // Paging arguments out of range are refused by the resolver before any call.
    if (!page) return 0;
    const items = times(page.first, selection(node.selectionSet, type));
    // The list's own calls at a page of at least one: a vendor asked for none still reads one to answer hasNextPage.
    const read = { ...page, first: Math.max(page.first, 1) };
    if ("relationsOf" in spec) return add(relationsCost(spec.relationsOf, read), items);
    const ref = callableRef(args[spec.relationsOfId]);
    return ref ? add(refRelationsCost(ref, read), items) : 0;
  };

  const fields = onObject(operation.selectionSet, root);
  return saturate([...catalogues.values()].reduce(add, fields));
}

/** The page as the resolvers take it (src/graphql/resolvers/paging.ts); null when they refuse it. */
function pageOf(args: Record<string, unknown>): PageRequest | null {
  const first = typeof args.first === "number" ? args.first : DEFAULT_PAGE_SIZE;
  if (!isPageSize(first)) return null;
  return { first, after: typeof args.after === "string" ? args.after : null };
}

/** The value at a dotted argument path (`input.id`). */
function valueAt(args: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), args);
}
