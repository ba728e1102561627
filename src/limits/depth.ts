import { Kind, type SelectionSetNode } from "graphql";
import type { Fragments } from "./fragments.js";

/** Introspection reads the schema, never a vendor, and graphql-js's MaxIntrospectionDepthRule bounds its nesting. */
const INTROSPECTION = new Set(["__schema", "__type"]);

/** The deepest field nesting, fragments expanded: `{ a { b } }` is 2 deep. */
export function queryDepth(selectionSet: SelectionSetNode, fragments: Fragments): number {
  const byFragment = new Map<string, number>();
  const depth = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION.has(selection.name.value)) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depth(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depth(selection.selectionSet));
      } else {
        const name = selection.name.value;
        if (!byFragment.has(name)) {
          const fragment = fragments.get(name);
          byFragment.set(name, fragment ? depth(fragment.selectionSet) : 0);
        }
        deepest = Math.max(deepest, byFragment.get(name)!);
      }
    }
    return deepest;
  };
  return depth(selectionSet);
}
