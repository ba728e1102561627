import { readFile } from "node:fs/promises";
import {
  buildSchema,
  isInputObjectType,
  isObjectType,
  Kind,
  parse,
  print,
  type DefinitionNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The parts of ../shared/contracts/next.graphql that landed: the served schema holds them
 * exactly (names, types, nullability, descriptions). The contract test reads schema.graphql only.
 */

const NEXT_FILE = new URL("../../../shared/contracts/next.graphql", import.meta.url);
const SCHEMA_FILE = new URL("../../schema/schema.graphql", import.meta.url);

let next: string;
let schema: GraphQLSchema;
beforeAll(async () => {
  next = await readFile(NEXT_FILE, "utf8");
  schema = buildSchema((await readFile(SCHEMA_FILE, "utf8")).replace(/^extend schema @link[^\n]*\n/m, ""), { assumeValid: true });
});

/** The commented additions of one part: `"description"` lines followed by `name: Type`, under the part's heading. */
function commentedFields(part: string): Array<{ description: string; name: string; type: string }> {
  const start = next.indexOf(`# ---- ${part}`);
  const block = next.slice(start, next.indexOf("# ----", start + 1)).split("\n").map((line) => line.replace(/^#\s?\s*/, "").trim());
  const fields: Array<{ description: string; name: string; type: string }> = [];
  let description: string[] | null = null;
  for (const line of block) {
    if (description === null && line.startsWith('"')) description = [];
    if (description !== null && !/^\w+: /.test(line)) {
      description.push(line);
      continue;
    }
    const field = /^(\w+): (\S+)$/.exec(line);
    if (field && description !== null) {
      fields.push({ description: description.join(" ").replace(/^"|"$/g, ""), name: field[1]!, type: field[2]! });
      description = null;
    }
  }
  return fields;
}

describe("next.graphql: safe writes", () => {
  const INPUTS = ["CreateRelationshipInstanceInput", "CreateContactRelationInput", "CreateAssociationRelationInput"];
  const PAYLOADS = ["CreateRelationshipInstancePayload", "CreateContactRelationPayload", "CreateAssociationRelationPayload"];

  it("the contract part has the two fields this test checks", () => {
    expect(commentedFields("safe writes").map((f) => `${f.name}: ${f.type}`)).toEqual(["idempotencyKey: String", "replayed: Boolean!"]);
  });

  it.each(INPUTS)("%s.idempotencyKey is exactly as the contract says", (name) => {
    const wanted = commentedFields("safe writes").find((f) => f.name === "idempotencyKey")!;
    const type = schema.getType(name);
    expect(isInputObjectType(type)).toBe(true);
    const field = isInputObjectType(type) ? type.getFields().idempotencyKey : undefined;
    expect(String(field?.type)).toBe(wanted.type);
    expect(field?.description).toBe(wanted.description);
  });

  it.each(PAYLOADS)("%s.replayed is exactly as the contract says", (name) => {
    const wanted = commentedFields("safe writes").find((f) => f.name === "replayed")!;
    const type = schema.getType(name);
    expect(isObjectType(type)).toBe(true);
    const field = isObjectType(type) ? type.getFields().replayed : undefined;
    expect(String(field?.type)).toBe(wanted.type);
    expect(field?.description).toBe(wanted.description);
  });
});

/** The SDL of one part of next.graphql: its lines from the part's heading to the next heading, comments dropped. */
function partSdl(part: string): string {
  const start = next.indexOf(`# ---- ${part}`);
  const end = next.indexOf("# ----", start + 1);
  return next.slice(start, end === -1 ? undefined : end).split("\n").filter((line) => !line.startsWith("#")).join("\n");
}

/** A definition as comparable data: names, types (with nullability), descriptions, arguments, interfaces and directives. */
function shape(definition: DefinitionNode): unknown {
  const input = (v: InputValueDefinitionNode) => ({ name: v.name.value, type: print(v.type), description: v.description?.value ?? null, default: v.defaultValue ? print(v.defaultValue) : null });
  const field = (f: FieldDefinitionNode) => ({ ...input({ ...f, kind: Kind.INPUT_VALUE_DEFINITION, defaultValue: undefined }), args: (f.arguments ?? []).map(input).sort(byName) });
  if (!("fields" in definition) || !("name" in definition)) throw new Error(`unexpected definition ${definition.kind}`);
  const fields = (definition.fields ?? []) as ReadonlyArray<FieldDefinitionNode | InputValueDefinitionNode>;
  return {
    name: definition.name!.value,
    description: "description" in definition ? (definition.description?.value ?? null) : null,
    interfaces: "interfaces" in definition ? (definition.interfaces ?? []).map((i) => i.name.value).sort() : [],
    directives: (definition.directives ?? []).map((d) => print(d)).sort(),
    fields: fields.map((f) => (f.kind === Kind.FIELD_DEFINITION ? field(f) : input(f))).sort(byName),
  };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

describe("next.graphql: relation lifecycle and catalogue", () => {
  let served: Map<string, DefinitionNode>;
  beforeAll(async () => {
    const sdl = (await readFile(SCHEMA_FILE, "utf8")).replace(/^extend schema @link[^\n]*\n/m, "");
    served = new Map(parse(sdl).definitions.flatMap((d) => ("name" in d && d.name ? [[d.name.value, d] as const] : [])));
  });

  const definitions = () => parse(partSdl("relation lifecycle and catalogue")).definitions;

  it("the contract part holds the definitions this test checks", () => {
    expect(definitions().map((d) => `${d.kind}:${"name" in d ? d.name?.value : ""}`)).toEqual([
      "ObjectTypeDefinition:PageInfo",
      "InputObjectTypeDefinition:DeleteRelationInput",
      "ObjectTypeDefinition:DeleteRelationPayload",
      "ObjectTypeDefinition:RelationType",
      "ObjectTypeExtension:Query",
      "ObjectTypeExtension:Mutation",
    ]);
  });

  it("every type it defines is in the printed schema unchanged: same fields, types, nullability, descriptions, interfaces and @key", () => {
    for (const definition of definitions().filter((d) => d.kind !== Kind.OBJECT_TYPE_EXTENSION)) {
      const name = "name" in definition ? definition.name!.value : "";
      const found = served.get(name);
      expect(found?.kind, name).toBe(definition.kind);
      expect(shape(found!), name).toEqual(shape(definition));
    }
  });

  it("every field it adds to Query and Mutation is in the printed schema unchanged", () => {
    for (const extension of definitions().filter((d) => d.kind === Kind.OBJECT_TYPE_EXTENSION)) {
      const wanted = shape(extension) as { name: string; fields: Array<{ name: string }> };
      const have = shape(served.get(wanted.name)!) as { fields: Array<{ name: string }> };
      for (const field of wanted.fields) expect(have.fields.find((f) => f.name === field.name), `${wanted.name}.${field.name}`).toEqual(field);
    }
  });
});
