import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { describeShared, sharedFile } from "../support/shared.js";
import { buildSdl, contractProblems, federationLink } from "./contract-diff.js";
import { schemaElements } from "./schema-elements.js";

const CONTRACT_FILE = sharedFile("contracts/schema.graphql");
const SCHEMA_FILE = new URL("../../schema/schema.graphql", import.meta.url);

describeShared("schema/schema.graphql against the public contract", () => {
  it("holds every contract type, field, argument, input field, enum value, union member and interface", async () => {
    const contract = buildSdl(await readFile(CONTRACT_FILE, "utf8"));
    const actual = buildSdl(await readFile(SCHEMA_FILE, "utf8"));
    const problems = contractProblems(contract, actual);
    expect(problems, `schema/schema.graphql breaks the contract:\n  ${problems.join("\n  ")}\n`).toEqual([]);
  });

  it("describes every element the contract describes, word for word", async () => {
    const served = new Map(schemaElements(buildSdl(await readFile(SCHEMA_FILE, "utf8"))).map((e) => [e.path, e.description]));
    const differing = schemaElements(buildSdl(await readFile(CONTRACT_FILE, "utf8")))
      .filter((e) => e.description && served.get(e.path) !== e.description)
      .map((e) => `${e.path}: the contract says ${JSON.stringify(e.description)}, the schema ${JSON.stringify(served.get(e.path))}`);
    expect(differing, `descriptions that differ from the contract:\n  ${differing.join("\n  ")}\n`).toEqual([]);
  });

  it("links the contract's federation version and imports", async () => {
    const contract = federationLink(await readFile(CONTRACT_FILE, "utf8"));
    expect(contract?.url).toMatch(/^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/);
    const actual = federationLink(await readFile(SCHEMA_FILE, "utf8"));
    expect(actual?.url).toBe(contract!.url);
    expect(actual?.imports).toEqual(expect.arrayContaining(contract!.imports));
  });
});

describe("contractProblems", () => {
  const contract = buildSdl(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    interface Node { id: ID! }
    enum Color { RED GREEN }
    type Thing implements Node @key(fields: "id") { id: ID! name: String kids(first: Int = 30, after: String): [Thing!]! }
    type Other { id: ID! }
    union End = Thing | Other
    input ThingInput { name: String! color: Color = RED }
    type Query { thing(id: ID!, input: ThingInput): Thing }
  `);

  it("finds nothing when the schema matches or adds more", () => {
    const actual = buildSdl(`
      interface Node { id: ID! }
      enum Color { RED GREEN BLUE }
      type Thing implements Node @key(fields: "id") { id: ID! name: String extra: Int kids(first: Int = 30, after: String, last: Int): [Thing!]! }
      type Other { id: ID! }
      type More { id: ID! }
      union End = Thing | Other | More
      input ThingInput { name: String! color: Color = RED note: String }
      type Query { thing(id: ID!, input: ThingInput): Thing more: More }
    `);
    expect(contractProblems(contract, actual)).toEqual([]);
  });

  it("lists every missing or mismatched item", () => {
    const actual = buildSdl(`
      interface Node { id: ID! }
      enum Color { RED }
      type Thing { id: ID name: String kids(first: Int = 10): [Thing!] }
      input Other { id: ID! }
      union End = Thing
      input ThingInput { name: String color: Color }
      type Query { thing(id: ID!): Thing }
    `);
    expect(contractProblems(contract, actual).sort()).toEqual(
      [
        "missing enum value Color.GREEN",
        "Thing does not implement Node",
        'Thing lacks @key(fields: "id")',
        "Thing.id has type ID, contract says ID!",
        "Thing.kids has type [Thing!], contract says [Thing!]!",
        "Thing.kids(first) defaults to 10, contract says 30",
        "missing argument Thing.kids(after: String)",
        "Other is input, contract says type",
        "union End lacks member Other",
        "ThingInput.name has type String, contract says String!",
        'ThingInput.color defaults to nothing, contract says "RED"',
        "missing argument Query.thing(input: ThingInput)",
      ].sort(),
    );
  });

  it("reports a missing type", () => {
    const actual = buildSdl(`type Query { x: Int }`);
    expect(contractProblems(contract, actual)).toContain("missing type Thing");
  });
});
