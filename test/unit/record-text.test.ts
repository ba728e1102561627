import { execFileSync } from "node:child_process";
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

  it("keeps entities in fast mode, sharing one hidden class (V8's own check, in a child process with natives syntax)", () => {
    const script = `
      const { keepAsText } = await import(${JSON.stringify(new URL("../../src/domain/record-text.ts", import.meta.url).href)});
      const make = (id) => keepAsText({ kind: "Contact", id, name: "n", properties: {} }, '{"a":1}');
      const [a, b] = [make("1"), make("2")];
      console.log(JSON.stringify([%HasFastProperties(a), %HaveSameMap(a, b), a.properties.a]));`;
    const out = execFileSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([true, true, 1]);
  });
});
