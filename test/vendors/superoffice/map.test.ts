import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../../src/domain/cursor.js";
import { decodeId } from "../../../src/domain/ids.js";
import { ValidationError } from "../../../src/errors.js";
import { endKinds, toAssociate, toContact, toContactRelation, toContactRelationSave, toDate, toPerson, toRelationType, toListedRelationType } from "../../../src/vendors/superoffice/map.js";
import { pageWindow, parseNativeId, relationCursor, validateCreateContactRelation } from "../../../src/vendors/superoffice/validate.js";
import { ContactRelationWire, ContactWire, PersonWire, RelationDefinitionWire, MdoListItemWire } from "../../../src/vendors/superoffice/wire.js";

const relationWire = ContactRelationWire.parse({
  SourceContactId: 11,
  SourcePersonId: 0,
  DestinationContactId: 12,
  DestinationPersonId: 104,
  RelationId: 1040,
  Comment: "",
  RelationDefinitionId: 2,
  Reversed: 1,
  UpdatedDate: "0001-01-01T00:00:00",
  CreatedDate: "2024-05-01T10:00:00.5+02:00",
  CreatedBy: { AssociateId: 5, Name: "SYSTEM", FullName: "System user", Rank: 5 },
  UpdatedBy: null,
  SourceContactName: "Nordlys Shipping AS",
  SourcePersonName: "",
  DestinationContactName: "Fjordkraft Consulting AS",
  DestinationPersonName: "Erik Lund",
  ActiveText: "Partner of",
  PassiveText: "Partner of",
  TableRight: { Mask: "Select", Reason: "" },
  FieldProperties: { Comment: { FieldRight: null, FieldType: "System.String", FieldLength: 254 } },
  _Links: { Self: "https://x/api/v1/Relation/1040" },
});

describe("SuperOffice map: wire → domain", () => {
  it("maps a ContactRelationEntity, keeping the whole answer in properties", () => {
    const r = toContactRelation("crm", relationWire);
    expect(r).toMatchObject({
      kind: "ContactRelation",
      vendor: "SUPEROFFICE",
      connection: "crm",
      relationId: 1040,
      relationDefinitionId: 2,
      reversed: true,
      comment: null,
      activeText: "Partner of",
      sourceContactId: 11,
      sourcePersonId: null,
      destinationContactId: 12,
      destinationPersonId: 104,
      updatedDate: null,
      createdBy: { associateId: 5, name: "SYSTEM", fullName: "System user" },
      updatedBy: null,
      sourceRef: { vendor: "SUPEROFFICE", connection: "crm", kind: "Contact", key: ["11"] },
      targetRef: { vendor: "SUPEROFFICE", connection: "crm", kind: "Person", key: ["104"] },
    });
    expect(r.createdDate?.toISOString()).toBe("2024-05-01T08:00:00.500Z");
    expect(decodeId(r.id)).toEqual({ vendor: "SUPEROFFICE", connection: "crm", kind: "ContactRelation", key: ["1040"] });
    expect(r.properties).toMatchObject({ TableRight: { Mask: "Select" }, FieldProperties: { Comment: { FieldLength: 254 } }, _Links: { Self: "https://x/api/v1/Relation/1040" } });
    expect((r.properties.CreatedBy as Record<string, unknown>).Rank).toBe(5);
  });

  it("maps contacts and persons (first email / phone, the person's contact)", () => {
    const contact = toContact(
      "default",
      ContactWire.parse({ ContactId: 11, Name: "N", Emails: [{ Value: "" }, { Value: "a@b.c" }], Phones: [], Persons: [{ PersonId: 101 }], Extra: 1 }),
    );
    expect(contact).toMatchObject({ kind: "Contact", nativeId: "11", name: "N", email: "a@b.c", phone: null, properties: { Extra: 1 } });
    expect(decodeId(contact.id)).toMatchObject({ kind: "Contact", key: ["11"] });
    const person = toPerson("default", PersonWire.parse({ PersonId: 7, Firstname: "A", Lastname: "B", FullName: "A B", Contact: { ContactId: 3, Name: "C" } }));
    expect(person).toMatchObject({ kind: "Person", nativeId: "7", firstName: "A", lastName: "B", fullName: "A B", email: null, contactId: "3" });
    expect(toPerson("default", PersonWire.parse({ PersonId: 8, Contact: null })).contactId).toBeNull();
    expect(toPerson("default", PersonWire.parse({ PersonId: 8, Contact: { ContactId: 0 } })).contactId).toBeNull();
  });

  it("reads associates and dates defensively", () => {
    expect(toAssociate({ AssociateId: 0, Name: "" })).toBeNull();
    expect(toAssociate(undefined)).toBeNull();
    expect(toDate("not a date")).toBeNull();
    expect(toDate(null)).toBeNull();
    expect(toDate("2024-01-02T03:04:05Z")?.toISOString()).toBe("2024-01-02T03:04:05.000Z");
  });
});

describe("SuperOffice map: input → wire", () => {
  it("builds a PascalCase ContactRelationEntity with RelationId 0, 0 for no person and Reversed as 0/1", () => {
    expect(toContactRelationSave({ sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 1 })).toEqual({
      RelationId: 0,
      SourceContactId: 11,
      SourcePersonId: 0,
      DestinationContactId: 12,
      DestinationPersonId: 0,
      RelationDefinitionId: 1,
      Reversed: 0,
      Comment: "",
    });
    expect(
      toContactRelationSave({ sourceContactId: 11, sourcePersonId: 101, destinationContactId: 12, destinationPersonId: null, relationDefinitionId: 1, reversed: true, comment: "x" }),
    ).toMatchObject({ SourcePersonId: 101, DestinationPersonId: 0, Reversed: 1, Comment: "x" });
  });
});

describe("SuperOffice validate", () => {
  const ok = { sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 1 };
  const fails = (input: object): ValidationError => {
    try {
      validateCreateContactRelation({ ...ok, ...input } as never);
    } catch (error) {
      if (error instanceof ValidationError) return error;
      throw error;
    }
    throw new Error("expected a ValidationError");
  };

  it("accepts a valid input", () => {
    expect(() => validateCreateContactRelation({ ...ok, sourcePersonId: null, reversed: null, comment: null })).not.toThrow();
    expect(() => validateCreateContactRelation({ ...ok, comment: "x".repeat(254) })).not.toThrow();
  });

  it.each([
    [{ sourceContactId: 0 }, ["sourceContactId"]],
    [{ sourceContactId: -3 }, ["sourceContactId"]],
    [{ destinationContactId: 1.5 }, ["destinationContactId"]],
    [{ destinationContactId: undefined }, ["destinationContactId"]],
    [{ relationDefinitionId: 2 ** 31 }, ["relationDefinitionId"]],
    [{ sourcePersonId: 0 }, ["sourcePersonId"]],
    [{ destinationPersonId: -1 }, ["destinationPersonId"]],
    [{ reversed: "yes" }, ["reversed"]],
    [{ comment: "x".repeat(255) }, ["comment"]],
  ])("rejects %j at %j", (input, field) => {
    expect(fails(input).field).toEqual(field);
  });

  it("parses native ids: positive int32 digits only", () => {
    expect(parseNativeId("11")).toBe(11);
    // One spelling per id: leading zeros are refused, not read as 11.
    expect(parseNativeId("011")).toBeNull();
    expect(parseNativeId("0001000")).toBeNull();
    for (const bad of ["", "0", "-1", "1.5", "abc", "1e3", " 1", "2147483648", "99999999999"]) expect(parseNativeId(bad)).toBeNull();
  });

  it("turns first/after into relationId keyset windows", () => {
    expect(pageWindow({ first: 10 })).toEqual({ afterId: null, size: 10 });
    expect(pageWindow({ first: 10, after: relationCursor(1009) })).toEqual({ afterId: 1009, size: 10 });
    expect(decodeCursor(relationCursor(3))).toEqual({ relationId: 3 });
    expect(() => pageWindow({ first: -1 })).toThrow(ValidationError);
    expect(() => pageWindow({ first: 10_000 })).toThrow(ValidationError);
    const garbage = (() => {
      try {
        pageWindow({ first: 1, after: "!!" });
      } catch (error) {
        return error as ValidationError;
      }
    })();
    expect(garbage?.field).toEqual(["after"]);
    expect(() => pageWindow({ first: 1, after: encodeCursor("x") })).toThrow(/not a cursor of this list/);
  });
});

describe("relation definitions as catalogue entries", () => {
  const definition = (fields: Record<string, unknown>) =>
    RelationDefinitionWire.parse({ ReldefId: 4, Name: "Contact person for", PassiveText: "Has contact person", Deleted: false, Source: "Person", Destination: "Both", ...fields });

  it("maps the texts and the Source/Destination enum (by name or number) to end kinds", () => {
    expect(toRelationType("eu", definition({}))).toMatchObject({
      kind: "RelationType",
      vendor: "SUPEROFFICE",
      connection: "eu",
      nativeId: "4",
      name: "Contact person for",
      inverseName: "Has contact person",
      sourceKinds: ["PERSON"],
      targetKinds: ["CONTACT", "PERSON"],
    });
    expect(decodeId(toRelationType("eu", definition({}))!.id)).toEqual({ vendor: "SUPEROFFICE", connection: "eu", kind: "RelationType", key: ["4"] });
    expect([0, 1, 2, 3, "contact", "BOTH", null, "Unheard"].map((v) => endKinds(v))).toEqual([
      [],
      ["CONTACT"],
      ["PERSON"],
      ["CONTACT", "PERSON"],
      ["CONTACT"],
      ["CONTACT", "PERSON"],
      ["CONTACT", "PERSON"],
      ["CONTACT", "PERSON"],
    ]);
  });

  it("leaves out deleted definitions and those that relate no contacts or persons at an end", () => {
    expect(toRelationType("eu", definition({ Deleted: true }))).toBeNull();
    expect(toRelationType("eu", definition({ Source: "None" }))).toBeNull();
    expect(toRelationType("eu", definition({ Destination: 0 }))).toBeNull();
  });

  it("a relation points at its definition's entry", () => {
    expect(toContactRelation("eu", relationWire).typeRef).toEqual({ vendor: "SUPEROFFICE", connection: "eu", kind: "RelationType", key: ["2"] });
  });
});

describe("toListedRelationType", () => {
  it("builds a catalogue entry from an MDO list item alone: both kinds allowed at each end (the vendor's check decides)", () => {
    const type = toListedRelationType("default", MdoListItemWire.parse({ Id: 77, Name: "Reseller of", Deleted: false, Extra: 1 }));
    expect(type).toMatchObject({ kind: "RelationType", nativeId: "77", name: "Reseller of", inverseName: null, sourceKinds: ["CONTACT", "PERSON"], targetKinds: ["CONTACT", "PERSON"], properties: { Extra: 1 } });
    expect(decodeId(type.id)).toMatchObject({ vendor: "SUPEROFFICE", kind: "RelationType", key: ["77"] });
  });
});
