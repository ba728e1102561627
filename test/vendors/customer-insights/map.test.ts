import { describe, expect, it } from "vitest";
import { HttpClient } from "../../../src/http/client.js";
import { cachedRelationshipEnds, DEFINITION_TTL_MS } from "../../../src/vendors/customer-insights/definitions.js";
import {
  fromLocalizedMap,
  profileKeySegment,
  toCreateInstanceBody,
  toLinkBody,
  toDeleteInstanceBody,
  toRelationshipInstance,
  toRelationshipLink,
  toRelationType,
  toStrongIds,
} from "../../../src/vendors/customer-insights/map.js";
import {
  ProfileTypeWire,
  RelationshipInstanceWire,
  RelationshipLinkWire,
  RelationshipListWire,
  RelationshipTypeWire,
} from "../../../src/vendors/customer-insights/wire.js";

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

describe("Customer Insights catalogue and delete mapping", () => {
  it("a relationship type resource as a catalogue entry: its name, en-us display name, profile types as end kinds", () => {
    const wire = RelationshipTypeWire.parse({
      id: "/subscriptions/x/…/relationships/AccountContact",
      name: "contosohub/AccountContact",
      type: "Microsoft.CustomerInsights/hubs/relationships",
      properties: { ProfileType: "Contact", relatedProfileType: "Account", displayName: { "nb-no": "Jobber for", "en-us": "Works for" } },
    });
    expect(toRelationType("eu", wire)).toMatchObject({
      kind: "RelationType",
      connection: "eu",
      nativeId: "AccountContact",
      name: "Works for",
      inverseName: null,
      sourceKinds: ["Contact"],
      targetKinds: ["Account"],
    });
    expect(toRelationType("eu", RelationshipTypeWire.parse({ name: "Nameless", properties: { profileType: "Contact" } }))).toBeNull();
    expect(toRelationType("eu", RelationshipTypeWire.parse({ name: "Plain", properties: { profileType: "Contact", relatedProfileType: "Contact" } }))?.name).toBe("Plain");
  });

  it("strong ids of a profile type resource", () => {
    const wire = ProfileTypeWire.parse({ properties: { strongIds: [{ keyPropertyNames: ["AccountId"] }, { keyPropertyNames: ["Country", "TaxNumber"] }, "junk"] } });
    expect(toStrongIds(wire)).toEqual([["AccountId"], ["Country", "TaxNumber"]]);
    expect(toStrongIds(ProfileTypeWire.parse({ properties: {} }))).toBeNull();
  });

  it("the delete body maps each end's key to the instance field holding its value, a field of the key's name first", () => {
    const fields = { RelationshipId: "rel-1", RelationshipType: "Colleague", ProfileId: "ct-001", RelatedProfileId: "ct-002", ContactId: "C1", ColleagueContactId: "C2", Note: "C2" };
    const contact = (value: string) => ({ values: { ProfileId: "x", ContactId: value }, strongIds: [["ContactId"]] });
    expect(toDeleteInstanceBody("Colleague", fields, contact("C1"), contact("C2"))).toEqual({
      ProfileStrongIdFieldMappings: [{ FieldName: "ContactId", StrongIdKeyProperty: "ContactId" }],
      RelatedProfileStrongIdFieldMappings: [{ FieldName: "ColleagueContactId", StrongIdKeyProperty: "ContactId" }],
      RelationshipType: "Colleague",
      ContactId: "C1",
      ColleagueContactId: "C2",
    });
    // Both ends the same profile: each end takes its own field.
    const self = toDeleteInstanceBody("Colleague", { ...fields, ColleagueContactId: "C1", Note: "" }, contact("C1"), contact("C1"));
    expect(self?.RelatedProfileStrongIdFieldMappings).toEqual([{ FieldName: "ColleagueContactId", StrongIdKeyProperty: "ContactId" }]);
    // A composite strong id, when the first one's value is in no field.
    const account = { values: { AccountId: "A9", Country: "NO", TaxNumber: 42 }, strongIds: [["AccountId"], ["Country", "TaxNumber"]] };
    expect(toDeleteInstanceBody("T", { ContactId: "C1", Land: "NO", Tax: "42" }, contact("C1"), account)?.RelatedProfileStrongIdFieldMappings).toEqual([
      { FieldName: "Land", StrongIdKeyProperty: "Country" },
      { FieldName: "Tax", StrongIdKeyProperty: "TaxNumber" },
    ]);
    // No field holds the key: the instance cannot be addressed.
    expect(toDeleteInstanceBody("Colleague", { ContactId: "C1" }, contact("C1"), contact("C2"))).toBeNull();
  });

  it("an instance points at its type's catalogue entry", () => {
    const wire = RelationshipInstanceWire.parse({ RelationshipId: "rel-1", RelationshipType: "AccountContact" });
    expect(toRelationshipInstance("eu", wire, null, "COMPLETED")?.typeRef).toEqual({ vendor: "CUSTOMER_INSIGHTS", connection: "eu", kind: "RelationType", key: ["AccountContact"] });
    expect(toRelationshipInstance("eu", RelationshipInstanceWire.parse({ RelationshipId: "rel-1" }), null, "COMPLETED")?.typeRef).toBeNull();
  });
});
