import { buildSchema, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/graphql/schema.js";
import { schemaElements, undocumented } from "./schema-elements.js";

/**
 * The served schema documents itself: every type, field, argument, input field and enum value
 * has a description a client developer can read in the playground's Docs panel. Not ours, so
 * not checked: GraphQL's built-in scalars and introspection types, and what Federation adds
 * (`_service`, `_entities`, `_Any`, `_Entity`, `_Service`, `link__…`, `federation__…`).
 */

describe("descriptions of the served schema", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGatewaySchema();
  });

  it("every type, field, argument, input field and enum value has one", () => {
    const missing = undocumented(schema);
    expect(missing, `undocumented schema elements:\n  ${missing.join("\n  ")}\n`).toEqual([]);
  });

  it("each reads as a sentence: no blank or padded text, ending with a full stop", () => {
    const sloppy = schemaElements(schema)
      .filter((e) => e.description)
      .filter((e) => e.description !== e.description!.trim() || !/[.]\)?$/.test(e.description!) || e.description!.length < 12)
      .map((e) => `${e.path}: ${JSON.stringify(e.description)}`);
    expect(sloppy, `descriptions to rewrite:\n  ${sloppy.join("\n  ")}\n`).toEqual([]);
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
