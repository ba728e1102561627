import { Kind, type DocumentNode, type FragmentDefinitionNode } from "graphql";

export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** The document's fragments by name (validation has already refused unknown and cyclic ones). */
export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}
