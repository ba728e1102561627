import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { add } from "./saturating.js";

export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** The document's fragments by name (validation has already refused unknown and cyclic ones). */
export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Sums `fieldValue` over a selection set as it runs: inline fragments walked in place, every
 * spread of a fragment counted again (each fragment is walked once and its sum reused). The sum
 * saturates (./saturating.ts): a fragment bomb counts the ceiling, never Infinity.
 */
export function sumFields(
  selectionSet: SelectionSetNode,
  fragments: Fragments,
  fieldValue: (field: FieldNode, sum: (set: SelectionSetNode) => number) => number,
): number {
  const byFragment = new Map<string, number>();
  const sum = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total = add(total, fieldValue(selection, sum));
      else if (selection.kind === Kind.INLINE_FRAGMENT) total = add(total, sum(selection.selectionSet));
      else {
        const name = selection.name.value;
        if (!byFragment.has(name)) {
          const fragment = fragments.get(name);
          byFragment.set(name, fragment ? sum(fragment.selectionSet) : 0);
        }
        total = add(total, byFragment.get(name)!);
      }
    }
    return total;
  };
  return sum(selectionSet);
}
