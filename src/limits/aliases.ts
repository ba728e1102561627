import type { SelectionSetNode } from "graphql";
import { sumFields, type Fragments } from "./fragments.js";

/** Aliased fields, every spread of a fragment counted again (that is how often each one runs). */
export function aliasCount(selectionSet: SelectionSetNode, fragments: Fragments): number {
  return sumFields(selectionSet, fragments, (field, sum) => (field.alias ? 1 : 0) + (field.selectionSet ? sum(field.selectionSet) : 0));
}
