import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { UpstreamResponse } from "../../src/http/client.js";
import { startSuperOfficeSandbox } from "../../src/sandbox/superoffice/index.js";
import * as customerInsights from "../../src/vendors/customer-insights/wire.js";
import { parseBody } from "../../src/vendors/vendor-errors.js";
import { ContactRelationWire, ContactWire, MdoListWire, PersonWire, RelationDefinitionWire, RelationListWire } from "../../src/vendors/superoffice/wire.js";
import { checkerOf } from "../../src/vendors/wire-check.js";

const source = { target: { vendor: "SUPEROFFICE" as const, connection: "default" }, name: "SuperOffice (connection 'default')", secrets: [] };

function response(body: unknown): UpstreamResponse {
  return { status: 200, headers: {}, text: JSON.stringify(body), json: () => body };
}

describe("wire schemas checked without copying (src/vendors/wire-check.ts)", () => {
  it("keeps a SuperOffice record as parsed, equal to what the loose schema returns", async () => {
    const sandbox = await startSuperOfficeSandbox();
    const c = sandbox.connection();
    const get = async (path: string) =>
      (await fetch(`${c.baseUrl}${path}`, { headers: { authorization: c.authorization!, "so-apptoken": c.appToken!, "accept-language": "en" } })).json();
    const cases: Array<[z.ZodType, string]> = [
      [ContactWire, "/Contact/11"],
      [PersonWire, "/Person/101"],
      [ContactRelationWire, "/Relation/1001"],
      [RelationDefinitionWire, "/RelationDefinition/1"],
      [MdoListWire, "/MDOList/relationdefinition?flat=true"],
      [RelationListWire, "/Contact/11/Relations?%24select=relationId&%24top=5"],
    ];
    try {
      for (const [schema, path] of cases) {
        const body = await get(path);
        expect(checkerOf(schema), path).not.toBeNull();
        const kept = parseBody(source, response(body), schema, path);
        expect(kept).toBe(body);
        expect(kept).toEqual(schema.parse(body));
        // The check and zod agree on every variant of the record with one field, at any depth, of another type.
        for (const variant of variants(body)) {
          expect(checkerOf(schema)!(variant.value), `${path} ${variant.what}`).toBe(schema.safeParse(variant.value).success);
        }
      }
    } finally {
      await sandbox.close();
    }
  });

  it("refuses what the loose schema refuses, nested fields included", () => {
    const bad = [
      { ContactId: "11", Name: "x" },
      { ContactId: 11, Persons: [{ PersonId: 1.5 }] },
      { ContactId: 11, Emails: [{ Value: 7 }] },
      null,
    ];
    for (const body of bad) {
      expect(ContactWire.safeParse(body).success).toBe(false);
      expect(() => parseBody(source, response(body), ContactWire, "GET /Contact/{}")).toThrow(/body of unexpected shape/);
    }
  });

  it("agrees with zod on every kind of field it checks itself, for any value of another type", () => {
    const schema = z.looseObject({
      n: z.number(),
      s: z.string().optional(),
      b: z.boolean().nullable(),
      u: z.union([z.string(), z.number().int()]),
      nothing: z.null(),
      any: z.unknown(),
      list: z.array(z.looseObject({ id: z.number().int().positive(), tags: z.array(z.string()).nullish() })),
      kind: z.enum(["a", "b"]),
      one: z.literal(1).optional(),
    });
    const body = { n: 1.25, s: "x", b: false, u: "y", nothing: null, any: { deep: [1] }, list: [{ id: 3, tags: ["t"] }, { id: 4, extra: 1 }], kind: "a", one: 1, more: "kept" };
    const check = checkerOf(schema)!;
    expect(check(body)).toBe(true);
    let count = 0;
    for (const variant of variants(body)) {
      expect(check(variant.value), variant.what).toBe(schema.safeParse(variant.value).success);
      count++;
    }
    expect(count).toBeGreaterThan(100);
  });

  it("leaves schemas whose output is not their input to zod: transforms, catches, strip objects, rewriting checks", () => {
    expect(checkerOf(customerInsights.RelationshipInstanceWire)).toBeNull();
    expect(checkerOf(customerInsights.RelationshipListWire)).toBeNull();
    expect(checkerOf(z.object({ a: z.string() }))).toBeNull();
    expect(checkerOf(z.looseObject({ a: z.string().trim() }))).toBeNull();
    expect(checkerOf(z.looseObject({ a: z.coerce.number() }))).toBeNull();
    expect(checkerOf(z.looseObject({ a: z.string() }).refine(() => true))).toBeNull();
    const stripped = z.object({ a: z.string() });
    expect(parseBody(source, response({ a: "x", b: 1 }), stripped, "GET /x")).toEqual({ a: "x" });
  });
});

/** `body` with one value replaced, for each value at any depth and each replacement of another type (or removed). */
function* variants(body: unknown, path = "$"): Generator<{ what: string; value: unknown }> {
  const replacements: unknown[] = [undefined, null, 0, 1.5, -1, "", "x", true, [], {}, Number.POSITIVE_INFINITY];
  if (body === null || typeof body !== "object") return;
  const entries = Array.isArray(body) ? body.slice(0, 2).map((v, i) => [String(i), v] as const) : Object.entries(body);
  for (const [key, original] of entries) {
    for (const replacement of replacements) {
      if (Object.is(replacement, original)) continue;
      const copy = Array.isArray(body) ? [...body] : { ...(body as Record<string, unknown>) };
      (copy as Record<string, unknown>)[key] = replacement;
      yield { what: `${path}.${key} = ${JSON.stringify(replacement) ?? "undefined"}`, value: copy };
    }
    for (const inner of variants(original, `${path}.${key}`)) {
      const copy = Array.isArray(body) ? [...body] : { ...(body as Record<string, unknown>) };
      (copy as Record<string, unknown>)[key] = inner.value;
      yield { what: inner.what, value: copy };
    }
  }
}
