import { readFile } from "node:fs/promises";
import { buildSchema, isInputObjectType, isObjectType, type GraphQLSchema } from "graphql";
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
