import { describe, expect, it } from "vitest";
import { keepAsText } from "../../src/domain/record-text.js";

describe("keepAsText (src/domain/record-text.ts)", () => {
  const text = JSON.stringify({ ContactId: 11, Name: "Norsk Supply", Persons: [{ PersonId: 101 }] });

  it("serves the record parsed from its text, once, as an ordinary enumerable field", () => {
    const wire = JSON.parse(text) as Record<string, unknown>;
    const entity = keepAsText({ kind: "Contact", name: "Norsk Supply", properties: wire }, text);
    const first = entity.properties;
    expect(first).toEqual(wire);
    expect(first).not.toBe(wire); // the parsed wire object is no longer held
    expect(entity.properties).toBe(first);
    expect(Object.keys(entity)).toEqual(["kind", "name", "properties"]);
    expect(JSON.parse(JSON.stringify(entity))).toEqual({ kind: "Contact", name: "Norsk Supply", properties: wire });
  });

  it("finds a wrapped record in the body with pick", () => {
    const body = JSON.stringify({ contact: { id: "c1", customFields: [{ id: "f", value: 1 }] }, traceId: "t" });
    const entity = keepAsText({ properties: {} as Record<string, unknown> }, body, (b) => b.contact as Record<string, unknown>);
    expect(entity.properties).toEqual({ id: "c1", customFields: [{ id: "f", value: 1 }] });
  });

  it("does not parse until read", () => {
    const entity = keepAsText({ properties: {} }, "{ not json");
    expect(() => entity.properties).toThrow(SyntaxError);
  });
});
