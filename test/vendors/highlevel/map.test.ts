import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../../src/domain/cursor.js";
import { ValidationError } from "../../../src/errors.js";
import {
  endRef,
  errorMessages,
  isDuplicateRelation,
  normaliseObjectKey,
  toContact,
  toCreatedRelation,
  toListedRelation,
} from "../../../src/vendors/highlevel/map.js";
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
      { locationId: "L", associationId: "A", firstRecordId: "F", secondRecordId: "S" },
      { id: "R", key: "k", firstObjectKey: "contact", secondObjectKey: "custom_objects.x", firstObjectLabel: { en: "?" }, associationType: "OTHER" },
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
    const relation = toListedRelation("c", row, { id: "A", firstObjectKey: "business", secondObjectKey: "contact" }, "L0");
    expect(relation).toMatchObject({ firstObjectKey: "contact", secondObjectKey: "contact", locationId: "L0", key: null });
    expect(toListedRelation("c", row, null, "L0").targetRef).toBeNull();
  });

  it("reads messages from every error body shape", () => {
    expect(errorMessages({ statusCode: 400, message: "Bad" }, 400)).toEqual(["Bad"]);
    expect(errorMessages({ statusCode: 422, message: ["a", "b"], error: "Unprocessable Entity" }, 422)).toEqual(["a", "b"]);
    expect(errorMessages({ error: "Not Found" }, 404)).toEqual(["Not Found"]);
    expect(errorMessages(null, 400)).toEqual(["Rejected with HTTP 400"]);
    expect(isDuplicateRelation(["Could not create relation: duplicate relation of object Ids for given association x"])).toBe(true);
    expect(isDuplicateRelation(["Bad Request"])).toBe(false);
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
