import { describe, expect, it } from "vitest";
import { HttpClient } from "../../../src/http/client.js";
import { cachedRelationshipEnds, DEFINITION_TTL_MS } from "../../../src/vendors/customer-insights/definitions.js";
import {
  fromLocalizedMap,
  profileKeySegment,
  readString,
  toCreateInstanceBody,
  toLinkBody,
  toRelationshipInstance,
  toRelationshipLink,
} from "../../../src/vendors/customer-insights/map.js";

const target = { vendor: "CUSTOMER_INSIGHTS" as const, connection: "eu" };

describe("Customer Insights mapping", () => {
  it("doubles quotes in OData keys", () => {
    expect(profileKeySegment("Contact", "o'neil''s")).toBe("Contact('o''neil''''s')");
  });

  it("builds the create body with the reserved keys first and the properties flattened", () => {
    expect(
      Object.keys(
        toCreateInstanceBody({
          relationshipType: "T1",
          profileStrongIdFieldMappings: [{ fieldName: "A", strongIdKeyProperty: "B" }],
          relatedProfileStrongIdFieldMappings: [{ fieldName: "C", strongIdKeyProperty: "D" }],
          properties: { A: "1", C: "2" },
        }),
      ),
    ).toEqual(["ProfileStrongIdFieldMappings", "RelatedProfileStrongIdFieldMappings", "RelationshipType", "A", "C"]);
  });

  it("defaults linkName to name and leaves out absent localized maps and tenantId", () => {
    const body = toLinkBody(
      { name: "L1", interactionType: "I1", relationshipName: "R1", profilePropertyReferences: [], relatedProfilePropertyReferences: [] },
      undefined,
    );
    expect(body).toEqual({
      interactionType: "I1",
      linkName: "L1",
      profilePropertyReferences: [],
      provisioningState: "Provisioning",
      relatedProfilePropertyReferences: [],
      relationshipName: "R1",
    });
  });

  it("reads system properties case-insensitively and numbers as text", () => {
    expect(readString({ relationshipid: 42 }, "RelationshipId")).toBe("42");
    const instance = toRelationshipInstance(target, { relationshipId: "r1", relationshipType: "T", profileId: "p", RelatedProfileId: "q" }, { profileType: "A", relatedProfileType: "B" }, "COMPLETED");
    expect(instance).toMatchObject({ relationshipType: "T", sourceRef: { connection: "eu", key: ["A", "p"] }, targetRef: { key: ["B", "q"] } });
    expect(toRelationshipInstance(target, { RelationshipType: "T" }, null, "COMPLETED")).toBeNull();
    expect(toRelationshipInstance(target, [1], null, "COMPLETED")).toBeNull();
  });

  it("tolerates unknown provisioning states and odd localized maps", () => {
    const link = toRelationshipLink(target, "L1", { properties: { provisioningState: "Rebalancing", displayName: { "en-us": "x", bad: 3 } } });
    expect(link.provisioningState).toBe("Rebalancing");
    expect(link.displayName).toEqual([{ locale: "en-us", value: "x" }]);
    expect(fromLocalizedMap("nope")).toBeNull();
  });
});

describe("relationship type definition cache", () => {
  it("keeps a found definition for the TTL per HttpClient and forgets misses and failures", async () => {
    const http = new HttpClient({ baseUrl: "http://127.0.0.1:9", target, name: "Customer Insights (connection 'default')", timeoutMs: 100 });
    const other = new HttpClient({ baseUrl: "http://127.0.0.1:9", target, name: "Customer Insights (connection 'default')", timeoutMs: 100 });
    let calls = 0;
    const found = async () => (calls++, { profileType: "A", relatedProfileType: "B" });
    const t0 = 1_000_000;
    await cachedRelationshipEnds(http, "T", found, t0);
    await cachedRelationshipEnds(http, "t", found, t0 + DEFINITION_TTL_MS - 1);
    expect(calls).toBe(1);
    await cachedRelationshipEnds(other, "T", found, t0);
    expect(calls).toBe(2);
    await cachedRelationshipEnds(http, "T", found, t0 + DEFINITION_TTL_MS + 1);
    expect(calls).toBe(3);

    let misses = 0;
    await cachedRelationshipEnds(http, "Gone", async () => (misses++, null), t0);
    await cachedRelationshipEnds(http, "Gone", async () => (misses++, null), t0);
    expect(misses).toBe(2);
    await expect(cachedRelationshipEnds(http, "Err", async () => Promise.reject(new Error("x")), t0)).rejects.toThrow("x");
    expect(await cachedRelationshipEnds(http, "Err", found, t0)).toEqual({ profileType: "A", relatedProfileType: "B" });
    await Promise.all([http.close(), other.close()]);
  });
});
