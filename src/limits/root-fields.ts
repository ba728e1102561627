import type { FieldNode, SelectionSetNode } from "graphql";
import { sumFields, type Fragments } from "./fragments.js";

export interface RootFields {
  /** Root fields as they run: every spread of a fragment counted again; `__typename` aside (it reads nothing). */
  count: number;
  /** The distinct root field nodes, each once (for checks that read their arguments). */
  fields: FieldNode[];
}

/** The operation's root fields, through fragments and inline fragments. */
export function rootFields(selectionSet: SelectionSetNode, fragments: Fragments): RootFields {
  const fields = new Set<FieldNode>();
  const count = sumFields(selectionSet, fragments, (field) => {
    if (field.name.value === "__typename") return 0;
    fields.add(field);
    return 1;
  });
  return { count, fields: [...fields] };
}
