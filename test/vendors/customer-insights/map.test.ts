import { describe, expect, it } from "vitest";
import { HttpClient } from "../../../src/http/client.js";
import { cachedRelationshipEnds, DEFINITION_TTL_MS } from "../../../src/vendors/customer-insights/definitions.js";
import {
  fromLocalizedMap,
  profileKeySegment,
  toCreateInstanceBody,
  toLinkBody,
  toRelationshipInstance,
  toRelationshipLink,
} from "../../../src/vendors/customer-insights/map.js";
import { RelationshipInstanceWire, RelationshipLinkWire, RelationshipListWire } from "../../../src/vendors/customer-insights/wire.js";

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
    expect(RelationshipInstanceWire.parse({ relationshipid: 42 }).RelationshipId).toBe("42");
    const wire = RelationshipInstanceWire.parse({ relationshipId: "r1", relationshipType: "T", profileId: "p", RelatedProfileId: "q" });
    const instance = toRelationshipInstance("eu", wire, { profileType: "A", relatedProfileType: "B" }, "COMPLETED");
    expect(instance).toMatchObject({ relationshipType: "T", sourceRef: { connection: "eu", key: ["A", "p"] }, targetRef: { key: ["B", "q"] } });
    expect(toRelationshipInstance("eu", RelationshipInstanceWire.parse({ RelationshipType: "T" }), null, "COMPLETED")).toBeNull();
    // A list item that is not a record never becomes an instance.
    expect(RelationshipListWire.parse({ value: [[1]] }).value[0]).toBeNull();
  });

  it("tolerates unknown provisioning states and odd localized maps", () => {
    const link = toRelationshipLink("eu", RelationshipLinkWire.parse({ properties: { provisioningState: "Rebalancing", displayName: { "en-us": "x", bad: 3 } } }), "L1");
    expect(link.provisioningState).toBe("Rebalancing");
    expect(link.displayName).toEqual([{ locale: "en-us", value: "x" }]);
    expect(fromLocalizedMap(RelationshipLinkWire.parse({ properties: { displayName: "nope" } }).properties?.displayName)).toBeNull();
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
