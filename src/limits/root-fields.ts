import { Kind, type FieldNode, type SelectionSetNode } from "graphql";
import type { Fragments } from "./fragments.js";

export interface RootFields {
  /** Root fields as they run: every spread of a fragment counted again; `__typename` aside (it reads nothing). */
  count: number;
  /** The distinct root field nodes, each once (for checks that read their arguments). */
  fields: FieldNode[];
}

/** The operation's root fields, through fragments and inline fragments. */
export function rootFields(selectionSet: SelectionSetNode, fragments: Fragments): RootFields {
  const fields = new Set<FieldNode>();
  const byFragment = new Map<string, number>();
  const count = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === "__typename") continue;
        fields.add(selection);
        total++;
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
  return { count: count(selectionSet), fields: [...fields] };
}
