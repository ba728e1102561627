import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

/** Types and fields Federation and GraphQL itself bring. */
function isTheirs(type: GraphQLNamedType): boolean {
  return isSpecifiedScalarType(type) || isIntrospectionType(type) || type.name.startsWith("_") || type.name.includes("__");
}

/** Every documentable element of the schema, by path (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`), with its description. */
export function schemaElements(schema: GraphQLSchema): Array<{ path: string; description: string | null | undefined }> {
  const elements: Array<{ path: string; description: string | null | undefined }> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isTheirs(type)) continue;
    elements.push({ path: type.name, description: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith("_")) continue;
        elements.push({ path: `${type.name}.${field.name}`, description: field.description });
        for (const arg of field.args) elements.push({ path: `${type.name}.${field.name}(${arg.name}:)`, description: arg.description });
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) elements.push({ path: `${type.name}.${field.name}`, description: field.description });
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) elements.push({ path: `${type.name}.${value.name}`, description: value.description });
    }
  }
  return elements;
}

/** The elements without a description, by path. */
export function undocumented(schema: GraphQLSchema): string[] {
  return schemaElements(schema)
    .filter((e) => !e.description?.trim())
    .map((e) => e.path);
}
