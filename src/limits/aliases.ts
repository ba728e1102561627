import { Kind, type SelectionSetNode } from "graphql";
import type { Fragments } from "./fragments.js";

/** Aliased fields, every spread of a fragment counted again (that is how often each one runs). */
export function aliasCount(selectionSet: SelectionSetNode, fragments: Fragments): number {
  const byFragment = new Map<string, number>();
  const count = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += (selection.alias ? 1 : 0) + (selection.selectionSet ? count(selection.selectionSet) : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (!byFragment.has(name)) {
          const fragment = fragments.get(name);
          byFragment.set(name, fragment ? count(fragment.selectionSet) : 0);
        }
        total += byFragment.get(name)!;
      }
    }
    return total;
  };
  return count(selectionSet);
}
