import { describe, expect, it } from "vitest";
import type { UpstreamResponse } from "../../../src/http/client.js";
import { vendorMessages } from "../../../src/vendors/customer-insights/errors.js";
import { toProfile, toRelationshipEnds, toRelationshipInstance, toRelationshipLink } from "../../../src/vendors/customer-insights/map.js";
import {
  ProfileWire,
  RelationshipDefinitionWire,
  RelationshipInstanceWire,
  RelationshipLinkWire,
  RelationshipListWire,
} from "../../../src/vendors/customer-insights/wire.js";

const ends = { profileType: "Contact", relatedProfileType: "Account" };

describe("instance and profile schemas", () => {
  it("read the system keys in any casing", () => {
    const wire = RelationshipInstanceWire.parse({ relationshipid: "r1", RELATIONSHIPTYPE: "T", profileId: "p", relatedprofileid: "q", Role: "Buyer" });
    expect(wire).toMatchObject({ RelationshipId: "r1", RelationshipType: "T", ProfileId: "p", RelatedProfileId: "q", Role: "Buyer" });
    expect(toRelationshipInstance("eu", wire, ends, "COMPLETED")).toMatchObject({
      relationshipType: "T",
      profileId: "p",
      relatedProfileId: "q",
      sourceRef: { key: ["Contact", "p"] },
      targetRef: { key: ["Account", "q"] },
    });
    expect(ProfileWire.parse({ PROFILEID: "ct-1", Name: "Ada" }).ProfileId).toBe("ct-1");
  });

  it("prefer the canonical spelling when both are present", () => {
    expect(RelationshipInstanceWire.parse({ relationshipId: "variant", RelationshipId: "canonical" }).RelationshipId).toBe("canonical");
  });

  it("read numbers as text", () => {
    const wire = RelationshipInstanceWire.parse({ RelationshipId: 7, RelationshipType: "T", ProfileId: 0, relatedProfileId: 12.5 });
    expect(wire).toMatchObject({ RelationshipId: "7", ProfileId: "0", RelatedProfileId: "12.5" });
    expect(toRelationshipInstance("eu", wire, ends, "COMPLETED")).toMatchObject({ profileId: "0", sourceRef: { key: ["Contact", "0"] } });
    expect(toProfile("eu", ProfileWire.parse({ profileid: 42 }), "Contact", "asked")).toMatchObject({ profileId: "42", profileType: "Contact" });
  });

  it("keep every other field as sent in properties", () => {
    const record = { RelationshipId: "r1", Nested: { a: [1, null] }, Flag: false, Empty: null };
    expect(toRelationshipInstance("eu", RelationshipInstanceWire.parse(record), null, "COMPLETED")?.properties).toEqual(record);
  });

  it("read an empty or null system key as absent", () => {
    expect(toProfile("eu", ProfileWire.parse({ ProfileId: "" }), "Contact", "asked").profileId).toBe("asked");
    expect(toProfile("eu", ProfileWire.parse({ ProfileId: null }), "Contact", "asked").profileId).toBe("asked");
    expect(toRelationshipInstance("eu", RelationshipInstanceWire.parse({ RelationshipId: "" }), null, "COMPLETED")).toBeNull();
    expect(toRelationshipInstance("eu", RelationshipInstanceWire.parse({ RelationshipId: "r", ProfileId: "" }), ends, "COMPLETED")).toMatchObject({
      profileId: null,
      sourceRef: null,
    });
  });

  it("refuse a record that is not an object, or a system key that is not text", () => {
    for (const body of [[1], "r1", null, 5]) expect(RelationshipInstanceWire.safeParse(body).success).toBe(false);
    expect(ProfileWire.safeParse([{ ProfileId: "p" }]).success).toBe(false);
    expect(RelationshipInstanceWire.safeParse({ RelationshipId: { id: "r1" } }).success).toBe(false);
    expect(RelationshipInstanceWire.safeParse({ relationshiptype: true }).success).toBe(false);
  });
});

describe("list schema", () => {
  it("reads items that are not instances as null and a nextLink that is not text as none", () => {
    const list = RelationshipListWire.parse({ value: [{ relationshipid: 1 }, [1], null, { RelationshipId: [] }], nextLink: 3 });
    expect(list.value.map((wire) => wire?.RelationshipId ?? null)).toEqual(["1", null, null, null]);
    expect(list.nextLink).toBeNull();
  });

  it("needs a value array", () => {
    expect(RelationshipListWire.safeParse({ items: [] }).success).toBe(false);
    expect(RelationshipListWire.safeParse({ value: {} }).success).toBe(false);
  });
});

describe("ARM schemas", () => {
  it("read a link's texts in any casing, numbers as text, and other values as absent", () => {
    const wire = RelationshipLinkWire.parse({
      Name: "hub/L1",
      ID: 9,
      type: true,
      properties: {
        LinkName: "L1",
        interactionType: ["x"],
        profilePropertyReferences: [{ InteractionPropertyName: "A", profilePropertyName: 1 }, { interactionPropertyName: "B" }, "junk"],
        relatedProfilePropertyReferences: "junk",
        displayName: ["junk"],
      },
    });
    expect(toRelationshipLink("eu", wire, "L1")).toMatchObject({
      name: "L1",
      linkName: "L1",
      interactionType: "",
      profilePropertyReferences: [{ interactionPropertyName: "A", profilePropertyName: "1" }],
      relatedProfilePropertyReferences: [],
      displayName: [],
      resourceId: "9",
      resourceType: null,
    });
  });

  it("read a definition the adapter cannot use as no ends", () => {
    expect(toRelationshipEnds(RelationshipDefinitionWire.parse({ properties: { ProfileType: "A", relatedProfileType: "B" } }))).toEqual({
      profileType: "A",
      relatedProfileType: "B",
    });
    for (const body of [[1], "x", { properties: [] }, { properties: { profileType: "A" } }]) {
      expect(toRelationshipEnds(RelationshipDefinitionWire.parse(body))).toBeNull();
    }
  });
});

describe("vendorMessages", () => {
  const answer = (text: string): UpstreamResponse => ({ status: 400, headers: {}, text, json: () => JSON.parse(text) });

  it("takes error.message of the Azure envelope, else the raw text", () => {
    expect(vendorMessages(answer(JSON.stringify({ error: { code: 7, message: "  bad key " } })))).toEqual(["bad key"]);
    expect(vendorMessages(answer(JSON.stringify({ error: { code: "X", message: 3 } })))).toEqual(['{"error":{"code":"X","message":3}}']);
    expect(vendorMessages(answer(JSON.stringify({ error: { message: " " } })))).toEqual(['{"error":{"message":" "}}']);
    expect(vendorMessages(answer(" plain text "))).toEqual(["plain text"]);
    expect(vendorMessages(answer("  "))).toEqual([]);
  });
});
