import { describe, expect, it } from "vitest";
import { VendorRejection } from "../../../src/errors.js";
import type { UpstreamResponse } from "../../../src/http/client.js";
import { toUserErrors } from "../../../src/graphql/user-errors.js";
import { blamedField, isDuplicateRelation, refusal, vendorErrors, vendorMessages } from "../../../src/vendors/highlevel/errors.js";
import { CREATE_RELATION_FIELDS } from "../../../src/vendors/highlevel/validate.js";
import { writeFailure, type VendorSource } from "../../../src/vendors/vendor-errors.js";

function answer(status: number, body: unknown): UpstreamResponse {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { status, headers: {}, text, json: () => JSON.parse(text) };
}

const source: VendorSource = {
  target: { vendor: "HIGHLEVEL", connection: "default" },
  name: "HighLevel (connection 'default')",
  secrets: ["hl-pit-secret-token"],
};

describe("vendorMessages", () => {
  it("reads a 400's message (a string)", () => {
    expect(vendorMessages(answer(400, { statusCode: 400, message: "Bad" }))).toEqual(["Bad"]);
  });

  it("keeps every message of a 422 (a list), dropping blank ones", () => {
    expect(vendorMessages(answer(422, { statusCode: 422, message: ["a", "b"], error: "Unprocessable Entity" }))).toEqual(["a", "b"]);
    expect(vendorMessages(answer(422, { statusCode: 422, message: ["a", " "], traceId: "t-1" }))).toEqual(["a"]);
  });

  it("falls back to `error` when there is no message", () => {
    expect(vendorMessages(answer(404, { error: "Not Found" }))).toEqual(["Not Found"]);
    expect(vendorMessages(answer(400, { statusCode: 400, message: "", error: "Bad Request" }))).toEqual(["Bad Request"]);
  });

  it("gives the raw text of a body that is not HighLevel's error JSON (redacted later, like every vendor's)", () => {
    expect(vendorMessages(answer(400, "<html><body>Bad gateway config</body></html>"))).toEqual(["<html><body>Bad gateway config</body></html>"]);
    expect(vendorMessages(answer(400, "not json"))).toEqual(["not json"]);
    expect(vendorMessages(answer(400, { statusCode: "400", message: 7 }))).toEqual(['{"statusCode":"400","message":7}']);
  });

  it("gives no message for an empty body", () => {
    expect(vendorMessages(answer(400, ""))).toEqual([]);
  });

  it("returns raw texts: redaction happens in vendor-errors.ts", () => {
    const res = answer(400, { statusCode: 400, message: "token hl-pit-secret-token is not valid here" });
    expect(vendorMessages(res)).toEqual(["token hl-pit-secret-token is not valid here"]);
    const rejection = writeFailure(source, res, "POST /associations/relations", vendorErrors) as VendorRejection;
    expect(rejection.messages.join(" ")).not.toContain("hl-pit-secret-token");
  });

  it("a refusal without the vendor's words reads 'Rejected with HTTP n'", () => {
    const res = answer(400, "");
    const error = writeFailure(source, res, "POST /associations/relations", vendorErrors, refusal(vendorMessages(res), CREATE_RELATION_FIELDS));
    expect(error).toBeInstanceOf(VendorRejection);
    expect(toUserErrors(error)).toEqual([{ field: null, message: "Rejected with HTTP 400", code: "UPSTREAM_REJECTED" }]);
  });
});

describe("refusals", () => {
  it("recognises a duplicate pair (HighLevel says 400, we say CONFLICT)", () => {
    expect(isDuplicateRelation(["Could not create relation: duplicate relation of object Ids for given association x"])).toBe(true);
    expect(isDuplicateRelation(["Bad Request"])).toBe(false);
    expect(refusal(["Could not create relation: duplicate relation of object Ids for given association x"]).code).toBe("CONFLICT");
    expect(refusal(["Bad Request"]).code).toBeUndefined();
  });

  it("names a field only when every message starts with the same input field", () => {
    expect(blamedField(["firstRecordId x is not a record of contact"], CREATE_RELATION_FIELDS)).toEqual(["firstRecordId"]);
    expect(blamedField(["firstRecordId x is bad", "firstRecordId y is bad"], CREATE_RELATION_FIELDS)).toEqual(["firstRecordId"]);
    expect(blamedField(["firstRecordId x is bad", "secondRecordId y is bad"], CREATE_RELATION_FIELDS)).toBeNull();
    expect(blamedField(["firstRecordIdx is bad"], CREATE_RELATION_FIELDS)).toBeNull();
    expect(blamedField([], CREATE_RELATION_FIELDS)).toBeNull();
    expect(refusal(["firstRecordId x is bad"]).field).toBeNull();
  });
});
