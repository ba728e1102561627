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
      (await fetch(`${c.baseUrl}${path}`, { headers: { authorization: c.authorization, "so-apptoken": c.appToken!, "accept-language": "en" } })).json();
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
