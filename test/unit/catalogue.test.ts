import { describe, expect, it } from "vitest";
import type { RelationType } from "../../src/domain/entities.js";
import { ValidationError } from "../../src/errors.js";
import { RequestCatalogue, wrongEnd } from "../../src/vendors/catalogue.js";

/** The per-connection catalogue: read once per request, shared across requests, read again before refusing an unknown type. */

/** A connection's tenant: what the catalogue cache keys by. */
const http = () => ({ tenant: {} });

const type = (nativeId: string, name = `type ${nativeId}`): RelationType => ({
  kind: "RelationType",
  id: `id-${nativeId}`,
  vendor: "HIGHLEVEL",
  connection: "default",
  properties: {},
  nativeId,
  name,
  inverseName: null,
  sourceKinds: ["contact"],
  targetKinds: ["custom_objects.pets"],
});

function counting(answers: Array<RelationType[] | Error>) {
  let calls = 0;
  return {
    fetch: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    calls: () => calls,
  };
}

describe("RequestCatalogue", () => {
  it("reads once per request however often it is asked, and the next request of the connection reuses that read", async () => {
    const client = http();
    const source = counting([[type("a"), type("b")]]);
    const request = new RequestCatalogue(client, "k1", source.fetch);
    const [all, ...found] = await Promise.all([request.all(), request.find("a"), request.find("b"), request.find("zzz")]);
    expect(all).toHaveLength(2);
    expect(found.map((t) => t?.nativeId ?? null)).toEqual(["a", "b", null]);
    expect(await new RequestCatalogue(client, "k1", source.fetch).find("b")).toMatchObject({ nativeId: "b" });
    expect(source.calls()).toBe(1);
    // Another key (e.g. another language) of the same connection, or another connection: its own read.
    await new RequestCatalogue(client, "k2", source.fetch).all();
    await new RequestCatalogue(http(), "k1", source.fetch).all();
    expect(source.calls()).toBe(3);
  });

  it("compares ids in the normalised form the vendor's ids compare in", async () => {
    const request = new RequestCatalogue(http(), "k", counting([[type("AccountContact")]]).fetch, (id) => id.toLowerCase());
    expect(await request.find("accountcontact")).toMatchObject({ nativeId: "AccountContact" });
  });

  it("typeForCreate: a known type without a second read; an unknown one after a fresh read, listing ten valid ones and how many more", async () => {
    const types = Array.from({ length: 12 }, (_, i) => type(String(i + 1)));
    const source = counting([types]);
    const request = new RequestCatalogue(http(), "k", source.fetch);
    expect(await request.typeForCreate("3", ["relationDefinitionId"], "Vendor (connection 'default')")).toMatchObject({ nativeId: "3" });
    expect(source.calls()).toBe(1);
    const error = await request.typeForCreate("99", ["relationDefinitionId"], "Vendor (connection 'default')").catch((e: unknown) => e);
    expect(source.calls()).toBe(2);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      field: ["relationDefinitionId"],
      message:
        "relationDefinitionId '99' is not a relation type of Vendor (connection 'default'); valid: 1 (type 1), 2 (type 2), 3 (type 3), 4 (type 4), 5 (type 5), 6 (type 6), 7 (type 7), 8 (type 8), 9 (type 9), 10 (type 10) and 2 more",
    });
  });

  it("typeForCreate: a type created since the cached read is found by the fresh read", async () => {
    const source = counting([[type("a")], [type("a"), type("new")]]);
    const client = http();
    await new RequestCatalogue(client, "k", source.fetch).all();
    expect(await new RequestCatalogue(client, "k", source.fetch).typeForCreate("new", ["associationId"], "V")).toMatchObject({ nativeId: "new" });
    expect(source.calls()).toBe(2);
  });

  it("typeForCreate: the fresh read before a refusal is made at most once per 10 s per connection", async () => {
    const client = http();
    const source = counting([[type("a")]]);
    for (const unknown of ["x", "y", "z"]) {
      await new RequestCatalogue(client, "k", source.fetch).typeForCreate(unknown, ["associationId"], "V").catch(() => undefined);
    }
    expect(source.calls()).toBe(2);
  });

  it("typeForCreate: null when the catalogue cannot be read (the vendor's own check applies), and the failure is not kept", async () => {
    const client = http();
    const source = counting([new Error("down"), [type("a")]]);
    expect(await new RequestCatalogue(client, "k", source.fetch).typeForCreate("a", ["associationId"], "V")).toBeNull();
    expect(await new RequestCatalogue(client, "k", source.fetch).find("a")).toMatchObject({ nativeId: "a" });
  });

  it("typeForCreate: an empty catalogue says so", async () => {
    const error = await new RequestCatalogue(http(), "k", counting([[]]).fetch).typeForCreate("x", ["associationId"], "V").catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "associationId 'x' is not a relation type of V, which has none" });
  });
});

describe("wrongEnd", () => {
  it("names the field, what it got and what the type takes at that end", () => {
    expect(wrongEnd(["secondRecordId"], "no custom_objects.pets record", type("asPets", "pet_owner"), "target")).toMatchObject({
      field: ["secondRecordId"],
      message: "secondRecordId is no custom_objects.pets record, but relation type asPets (pet_owner) takes custom_objects.pets at its second end",
    });
  });
});
