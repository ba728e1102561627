import { readFile } from "node:fs/promises";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  Kind,
  parse,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/graphql/schema.js";

/**
 * The served schema documents itself: every type, field, argument, input field and enum value
 * has a description a client developer can read in the playground's Docs panel. Not ours, so
 * not checked: GraphQL's built-in scalars and introspection types, and what Federation adds
 * (`_service`, `_entities`, `_Any`, `_Entity`, `_Service`, `link__…`, `federation__…`).
 *
 * The only exceptions are the elements ../../../shared/contracts/next.graphql defines without a
 * description: the next-contract test holds the served schema to the contract's descriptions,
 * absent ones included (test/schema/next-contract.test.ts).
 */

const NEXT_FILE = new URL("../../../shared/contracts/next.graphql", import.meta.url);

/** Elements the contract defines without a description (and so must stay without one). */
const EXCEPTIONS = [
  "PageInfo.hasNextPage",
  "PageInfo.hasPreviousPage",
  "PageInfo.startCursor",
  "PageInfo.endCursor",
  "DeleteRelationInput",
  "DeleteRelationInput.idempotencyKey",
  "DeleteRelationPayload",
  "DeleteRelationPayload.userErrors",
  "DeleteRelationPayload.replayed",
  "RelationType.id",
  "RelationType.vendor",
  "RelationType.connection",
  "RelationType.targetKinds",
  "RelationType.properties",
  "Query.relationTypes(vendor:)",
  "Query.relationTypes(connection:)",
  "Mutation.deleteRelation(input:)",
];

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

describe("descriptions of the served schema", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGatewaySchema();
  });

  it("every type, field, argument, input field and enum value has one (but the contract's exceptions)", () => {
    const missing = undocumented(schema).filter((path) => !EXCEPTIONS.includes(path));
    expect(missing, `undocumented schema elements:\n  ${missing.join("\n  ")}\n`).toEqual([]);
  });

  it("each reads as a sentence: no blank or padded text, ending with a full stop", () => {
    const sloppy = schemaElements(schema)
      .filter((e) => e.description)
      .filter((e) => e.description !== e.description!.trim() || !/[.]\)?$/.test(e.description!) || e.description!.length < 12)
      .map((e) => `${e.path}: ${JSON.stringify(e.description)}`);
    expect(sloppy, `descriptions to rewrite:\n  ${sloppy.join("\n  ")}\n`).toEqual([]);
  });

  it("the exceptions are exactly the elements next.graphql defines without a description, and the schema leaves them so", async () => {
    const next = await readFile(NEXT_FILE, "utf8");
    const contract = undescribedInContract(next);
    expect([...EXCEPTIONS].sort()).toEqual(contract.sort());
    const served = new Set(undocumented(schema));
    expect(EXCEPTIONS.filter((path) => !served.has(path))).toEqual([]);
  });
});

describe("undocumented", () => {
  it("names each kind of element that lacks a description, and skips GraphQL's and Federation's own", () => {
    const schema = buildSchema(`
      "A thing." type Thing { "Its name." name(upper: Boolean, "Cut to n." max: Int): String, size: Int }
      enum Color { "Red." RED GREEN }
      input ThingInput { "Its name." name: String, color: Color }
      scalar Blob
      type _Service { sdl: String }
      type Query { "One thing." thing(input: ThingInput): Thing, _service: _Service }
    `);
    expect(undocumented(schema).sort()).toEqual(
      ["Blob", "Color", "Color.GREEN", "Query", "Thing.name(upper:)", "Thing.size", "ThingInput", "ThingInput.color", "Query.thing(input:)"].sort(),
    );
  });
});

/**
 * The elements the parts of next.graphql that the schema holds define without a description:
 * its SDL (the commented additions are described field by field and are checked elsewhere).
 */
function undescribedInContract(next: string): string[] {
  const sdl = next
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .join("\n");
  const paths: string[] = [];
  for (const definition of parse(sdl).definitions) {
    if (!("name" in definition) || !definition.name) continue;
    const name = definition.name.value;
    const extension = definition.kind === Kind.OBJECT_TYPE_EXTENSION;
    if (!extension && "description" in definition && !definition.description) paths.push(name);
    if (!("fields" in definition)) continue;
    for (const field of definition.fields ?? []) {
      if (!field.description) paths.push(`${name}.${field.name.value}`);
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      for (const arg of field.arguments ?? []) if (!arg.description) paths.push(`${name}.${field.name.value}(${arg.name.value}:)`);
    }
  }
  return paths;
}
