import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../../src/domain/cursor.js";
import { ValidationError } from "../../../src/errors.js";
import {
  endRef,
  normaliseObjectKey,
  toAssociationDefinition,
  toContact,
  toCreatedRelation,
  toListedRelation,
  toRelationType,
} from "../../../src/vendors/highlevel/map.js";
import { AssociationListWire } from "../../../src/vendors/highlevel/wire.js";
import { checkCreateRelation, checkPage } from "../../../src/vendors/highlevel/validate.js";

describe("map", () => {
  it("normalises object keys to the prefixed form, leaving standard objects alone", () => {
    expect(normaliseObjectKey("pets")).toBe("custom_objects.pets");
    expect(normaliseObjectKey("custom_objects.pets")).toBe("custom_objects.pets");
    expect(normaliseObjectKey("business")).toBe("business");
  });

  it("types ends by object key", () => {
    expect(endRef("c", "contact", "x")).toEqual({ vendor: "HIGHLEVEL", connection: "c", kind: "Contact", key: ["x"] });
    expect(endRef("c", "pets", "y")).toEqual({ vendor: "HIGHLEVEL", connection: "c", kind: "Record", key: ["custom_objects.pets", "y"] });
    expect(endRef("c", null, "y")).toBeNull();
  });

  it("builds a contact's name from its parts when the vendor sends none", () => {
    const contact = toContact("c", { id: "1", firstName: "Ada", lastName: null, email: "", phone: null });
    expect(contact).toMatchObject({ name: "Ada", email: null, phone: null, nativeId: "1" });
  });

  it("keeps the request's record ids on a created relation and tolerates non-string labels", () => {
    const relation = toCreatedRelation(
      "c",
      { id: "R", key: "k", firstObjectKey: "contact", secondObjectKey: "custom_objects.x", firstObjectLabel: { en: "?" }, associationType: "OTHER" },
      { locationId: "L", associationId: "A", firstRecordId: "F", secondRecordId: "S" },
    );
    expect(relation).toMatchObject({
      relationId: "R",
      locationId: "L",
      firstRecordId: "F",
      secondRecordId: "S",
      firstObjectLabel: null,
      associationType: null,
      targetRef: { kind: "Record", key: ["custom_objects.x", "S"] },
    });
  });

  it("prefers the row's object keys and falls back to the definition's, then to the connection's location", () => {
    const row = { id: "R", associationId: "A", firstRecordId: "F", secondRecordId: "S", firstObjectKey: "contact" };
    const definition = toAssociationDefinition("c", { id: "A", firstObjectKey: "business", secondObjectKey: "contact" });
    const relation = toListedRelation("c", row, definition, "L0");
    expect(relation).toMatchObject({ firstObjectKey: "contact", secondObjectKey: "contact", locationId: "L0", key: null });
    expect(toListedRelation("c", row, null, "L0").targetRef).toBeNull();
  });

  it("maps an association definition, reading labels, keys and type only when they are strings", () => {
    const wire = {
      locationId: "L",
      id: "A",
      key: "pet_owner",
      firstObjectLabel: "Owner",
      firstObjectKey: "contact",
      secondObjectLabel: { en: "Pet" },
      secondObjectKey: "custom_objects.pets",
      associationType: "USER_DEFINED",
      traceId: "t-1",
    };
    expect(toAssociationDefinition("c", wire)).toEqual({
      id: "A",
      key: "pet_owner",
      firstObjectKey: "contact",
      firstObjectLabel: "Owner",
      secondObjectKey: "custom_objects.pets",
      secondObjectLabel: null,
      associationType: "USER_DEFINED",
      locationId: "L",
    });
    // Only what relations use is kept: no wire fields (traceId, unknown extras) ride along.
    expect(Object.keys(toAssociationDefinition("c", wire))).not.toContain("traceId");
    expect(toAssociationDefinition("c", { id: "B", key: "", locationId: null, associationType: "OTHER" })).toEqual({
      id: "B",
      key: null,
      firstObjectKey: null,
      firstObjectLabel: null,
      secondObjectKey: null,
      secondObjectLabel: null,
      associationType: null,
      locationId: null,
    });
  });

  it("types a listed relation from its definition when the row has no object keys", () => {
    const row = { id: "R", associationId: "A", firstRecordId: "F", secondRecordId: "S" };
    const definition = toAssociationDefinition("c", {
      id: "A",
      locationId: "L1",
      key: "pet_owner",
      firstObjectLabel: "Owner",
      firstObjectKey: "contact",
      secondObjectLabel: "Pet",
      secondObjectKey: "pets",
      associationType: "USER_DEFINED",
    });
    expect(toListedRelation("c", row, definition, "L0")).toMatchObject({
      locationId: "L1",
      key: "pet_owner",
      firstObjectKey: "contact",
      firstObjectLabel: "Owner",
      secondObjectKey: "pets",
      secondObjectLabel: "Pet",
      associationType: "USER_DEFINED",
      properties: row,
      sourceRef: { kind: "Contact", key: ["F"] },
      targetRef: { kind: "Record", key: ["custom_objects.pets", "S"] },
    });
  });
});

describe("validate", () => {
  it("defaults the location to the connection's and checks each id", () => {
    expect(checkCreateRelation({ associationId: "a", firstRecordId: "f", secondRecordId: "s" }, "L")).toEqual({
      locationId: "L",
      associationId: "a",
      firstRecordId: "f",
      secondRecordId: "s",
    });
    expect(() => checkCreateRelation({ associationId: "a", firstRecordId: "f\t", secondRecordId: "s" }, "L")).toThrow(ValidationError);
  });

  it("turns cursors into skips and rejects foreign ones", () => {
    expect(checkPage({ first: 5 })).toEqual({ skip: 0, first: 5 });
    expect(checkPage({ first: 5, after: encodeCursor({ skip: 15 }) })).toEqual({ skip: 15, first: 5 });
    for (const after of [encodeCursor({ skip: -1 }), encodeCursor("x"), encodeCursor({ page: 2 })]) {
      expect(() => checkPage({ first: 5, after })).toThrow(expect.objectContaining({ field: ["after"] }));
    }
    expect(() => checkPage({ first: -1 })).toThrow(expect.objectContaining({ field: ["first"] }));
  });
});

describe("associations as catalogue entries", () => {
  it("names a type by its key, its inverse by the second label, its end kinds by the object keys", () => {
    const wire = { locationId: "loc", id: "asX", key: "pet_owner", firstObjectLabel: "Owner", firstObjectKey: "contact", secondObjectLabel: "Pet", secondObjectKey: "custom_objects.pets", associationType: "USER_DEFINED" };
    expect(toRelationType("eu", wire)).toMatchObject({
      kind: "RelationType",
      vendor: "HIGHLEVEL",
      connection: "eu",
      nativeId: "asX",
      name: "pet_owner",
      inverseName: "Pet",
      sourceKinds: ["contact"],
      targetKinds: ["custom_objects.pets"],
      properties: wire,
    });
    // Labels and keys the spec types as objects: only strings are read.
    expect(toRelationType("eu", { id: "asY", firstObjectKey: { a: 1 } })).toMatchObject({ name: "asY", inverseName: null, sourceKinds: [], targetKinds: [] });
  });

  it("reads the list wrapper, or a bare array", () => {
    const one = { id: "asX" };
    expect(AssociationListWire.parse({ associations: [one], total: 1, traceId: "t" })).toMatchObject({ associations: [one], total: 1 });
    expect(AssociationListWire.parse([one])).toEqual({ associations: [one], total: null });
    expect(AssociationListWire.safeParse({ items: [] }).success).toBe(false);
  });
});
