import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../src/domain/cursor.js";
import type { NodeRef } from "../../src/domain/entities.js";
import { decodeId, encodeId } from "../../src/domain/ids.js";
import { ValidationError } from "../../src/errors.js";

describe("global ids", () => {
  const refs: NodeRef[] = [
    { vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Contact", "o'brien/1"] },
    { vendor: "SUPEROFFICE", connection: "eu", kind: "Person", key: ["42"] },
    { vendor: "HIGHLEVEL", connection: "default", kind: "Record", key: ["custom_objects.pets", "r:1"] },
    { vendor: "HIGHLEVEL", connection: "default", kind: "AssociationRelation", key: ["rel1", "c1"] },
  ];

  it.each(refs)("round-trips %j through a URL-safe, stable id", (ref) => {
    const id = encodeId(ref);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeId(ref)).toBe(id);
    expect(decodeId(id)).toEqual(ref);
  });

  it.each(["", "garbage", "!!!", encodeId(refs[0]!) + "x", Buffer.from('["g1","NOPE","d","Contact","1"]').toString("base64url"),
    Buffer.from('["g1","SUPEROFFICE","d","Profile","1"]').toString("base64url"), Buffer.from("{}").toString("base64url")])(
    "rejects %j",
    (id) => expect(decodeId(id)).toBeNull(),
  );
});

describe("cursors", () => {
  it("round-trips and rejects foreign cursors with a VALIDATION error on the field", () => {
    expect(decodeCursor(encodeCursor({ offset: 30 }))).toEqual({ offset: 30 });
    expect(() => decodeCursor("not a cursor", ["after"])).toThrow(ValidationError);
    try {
      decodeCursor("%%%", ["input", "after"]);
    } catch (error) {
      expect((error as ValidationError).field).toEqual(["input", "after"]);
    }
  });
});
