import { describe, expect, it } from "vitest";
import { ValidationError, VendorRejection } from "../../src/errors.js";
import type { UpstreamResponse } from "../../src/http/client.js";
import { toUserErrors } from "../../src/graphql/user-errors.js";
import { collectIssues, ValidationIssues } from "../../src/validation-issues.js";
import { vendorRejection, type VendorSource } from "../../src/vendors/vendor-errors.js";

/** The one mechanism every mutation reports its problems with: several issues per ValidationError, a field per vendor message. */

describe("ValidationIssues", () => {
  it("runs every check, keeps each one's issues and throws them together, in order", () => {
    const error = (() => {
      try {
        collectIssues((issues) => {
          issues.check(() => {
            throw new ValidationError("a is bad", ["a"]);
          });
          expect(issues.check(() => 7)).toBe(7);
          expect(issues.passes(() => undefined)).toBe(true);
          expect(issues.passes(() => {
            throw ValidationError.of([{ message: "b is bad", field: ["b"] }, { message: "c is bad", field: ["c", "0"] }]);
          })).toBe(false);
          issues.add(new ValidationError("the whole input is bad"));
        });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    const { issues, message, field } = error as ValidationError;
    expect(issues).toEqual([
      { message: "a is bad", field: ["a"] },
      { message: "b is bad", field: ["b"] },
      { message: "c is bad", field: ["c", "0"] },
      { message: "the whole input is bad", field: null },
    ]);
    expect(message).toBe("a is bad; b is bad; c is bad; the whole input is bad");
    expect(field).toEqual(["a"]);
    expect(toUserErrors(error)).toEqual([
      { field: ["input", "a"], message: "a is bad", code: "VALIDATION" },
      { field: ["input", "b"], message: "b is bad", code: "VALIDATION" },
      { field: ["input", "c", "0"], message: "c is bad", code: "VALIDATION" },
      { field: null, message: "the whole input is bad", code: "VALIDATION" },
    ]);
  });

  it("answers the checks' value when none failed", () => {
    expect(collectIssues((issues) => issues.check(() => "fine"))).toBe("fine");
  });

  it("lets other errors through at once, a reused idempotency key among them (it has its own code)", () => {
    const issues = new ValidationIssues();
    expect(() => issues.check(() => {
      throw new TypeError("boom");
    })).toThrow(TypeError);
    const reused = new ValidationError("reused", ["idempotencyKey"], "IDEMPOTENCY_KEY_REUSED");
    expect(() => issues.check(() => {
      throw reused;
    })).toThrow(reused);
    expect(() => issues.throwIfAny()).not.toThrow();
  });

  it("a single issue is a plain ValidationError; several also show in a GraphQL error's extensions", () => {
    expect(ValidationError.of([{ message: "x", field: ["x"] }]).extensions()).toEqual({ code: "VALIDATION", field: ["x"] });
    const two = ValidationError.of([{ message: "x", field: ["x"] }, { message: "y", field: ["y"] }]);
    expect(two.extensions()).toEqual({ code: "VALIDATION", field: ["x"], issues: [{ message: "x", field: ["x"] }, { message: "y", field: ["y"] }] });
    expect(() => ValidationError.of([])).toThrow();
  });
});

describe("a vendor's refusal, message by message", () => {
  const source: VendorSource = { target: { vendor: "SUPEROFFICE", connection: "default" }, name: "SuperOffice (connection 'default')", secrets: ["s3cr3t-ticket"] };
  const res = (status: number): UpstreamResponse => ({ status, headers: {}, text: "", json: () => null });

  it("names the field each message blames, read from the raw text before it is redacted", () => {
    const seen: string[] = [];
    const fieldOf = (message: string) => {
      seen.push(message);
      return message.startsWith("first") ? ["first"] : message.startsWith("second") ? ["second"] : null;
    };
    const error = vendorRejection(source, res(400), ["first s3cr3t-ticket is missing", "second is wrong", "something else", "  "], { fieldOf });
    expect(seen).toContain("first s3cr3t-ticket is missing");
    expect(error.messages).toEqual(["first [redacted] is missing", "second is wrong", "something else"]);
    expect(error.fields).toEqual([["first"], ["second"], null]);
    expect(error.field).toBeNull();
    expect(toUserErrors(error)).toEqual([
      { field: ["input", "first"], message: "first [redacted] is missing", code: "UPSTREAM_REJECTED" },
      { field: ["input", "second"], message: "second is wrong", code: "UPSTREAM_REJECTED" },
      { field: null, message: "something else", code: "UPSTREAM_REJECTED" },
    ]);
  });

  it("the refusal's own field is the one all its messages blame, or the one the adapter gives", () => {
    expect(vendorRejection(source, res(404), ["a", "b"], { fieldOf: () => ["x"] })).toMatchObject({ field: ["x"], fields: [["x"], ["x"]], userCode: "NOT_FOUND" });
    expect(vendorRejection(source, res(400), ["a", "b"], { field: ["y"] })).toMatchObject({ field: ["y"], fields: [["y"], ["y"]] });
    expect(vendorRejection(source, res(409), [], { field: ["y"] })).toMatchObject({ field: ["y"], fields: [], userCode: "CONFLICT" });
  });

  it("a rejection built without per-message fields gives every message the refusal's field", () => {
    const error = new VendorRejection(source.target, 400, ["a", "b"], "UPSTREAM_REJECTED", ["z"]);
    expect(toUserErrors(error).map((e) => e.field)).toEqual([["input", "z"], ["input", "z"]]);
  });
});
