import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../../src/domain/cursor.js";
import type { RelationshipInstance } from "../../../src/domain/entities.js";
import { decodeId } from "../../../src/domain/ids.js";
import { UpstreamError, ValidationError } from "../../../src/errors.js";
import {
  ACCOUNT_CONTOSO,
  ACCOUNT_OREILLY,
  CONTACT_ADA,
  CONTOSO_RELATIONSHIP_COUNT,
  HUB_NAME,
  RELATIONSHIP_LINK_MEETING,
} from "../../../src/sandbox/customer-insights/index.js";
import { captureError, useHarness, wire } from "./setup.js";

const h = useHarness();
const auth = () => `Bearer ${h.sandbox.token}`;
const paths = () => h.sandbox.requests.map((r) => r.path);

describe("profile", () => {
  it("GETs /data/{type}('{id}') and maps the whole record", async () => {
    const profile = await h.client().profile("Contact", CONTACT_ADA.profileId);
    expect(profile).toMatchObject({
      kind: "Profile",
      profileType: "Contact",
      profileId: "ct-001",
      properties: { ProfileId: "ct-001", ContactId: "C1001", FirstName: "Ada" },
    });
    expect(decodeId(profile!.id)).toEqual({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Contact", "ct-001"] });
    expect(h.sandbox.requests.map(wire)).toEqual([
      { method: "GET", path: "/data/Contact('ct-001')", query: { "api-version": "2017-04-26" }, authorization: auth(), body: undefined },
    ]);
    expect(h.sandbox.requests[0]!.headers["user-agent"]).toMatch(/\S/);
  });

  it("doubles quotes in the key and percent-encodes what could leave the segment", async () => {
    const profile = await h.client().profile("Account", ACCOUNT_OREILLY.profileId);
    expect(profile?.properties.Name).toBe("O'Reilly & Sons");
    expect(paths()).toEqual(["/data/Account('acc-o''reilly')"]);

    h.sandbox.clearRequests();
    expect(await h.client().profile("Contact", "x/../../manage?y=1 #")).toBeNull();
    expect(paths()).toEqual(["/data/Contact('x%2F..%2F..%2Fmanage%3Fy%3D1%20%23')"]);
  });

  it("reads a 404 as null", async () => {
    expect(await h.client().profile("Contact", "ct-999")).toBeNull();
    expect(await h.client().profile("Lead", "l-1")).toBeNull();
  });

  it("rejects a profile type that is not a plain name, and an empty id, before any call", async () => {
    for (const [type, id, field] of [
      ["Contact('x')", "1", ["profileType"]],
      ["a/b", "1", ["profileType"]],
      ["", "1", ["profileType"]],
      ["Contact", "", ["profileId"]],
    ] as const) {
      const error = await captureError(h.client().profile(type, id));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toEqual(field);
    }
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("fetches a profile asked for many times in one request once", async () => {
    const client = h.client();
    const all = await Promise.all(Array.from({ length: 20 }, () => client.profile("Contact", "ct-002")));
    expect(new Set(all.map((p) => p?.id)).size).toBe(1);
    expect(await client.profile("Contact", "ct-002")).toBe(all[0]);
    expect(h.sandbox.requests).toHaveLength(1);
  });

  it("maps a 500 to UPSTREAM_UNAVAILABLE and a hang to UPSTREAM_TIMEOUT", async () => {
    h.sandbox.injectFault({ status: 500, body: { error: { code: "Internal", message: "boom" } } });
    const failed = await captureError(h.client().profile("Contact", "ct-003"));
    expect(failed).toBeInstanceOf(UpstreamError);
    expect(failed).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", status: 500 });

    h.sandbox.injectFault({ hang: true });
    const started = Date.now();
    const hung = await captureError(h.client({ http: h.httpWith(150) }).profile("Contact", "ct-003"));
    expect(hung).toMatchObject({ code: "UPSTREAM_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("maps a read refused with 400 to UPSTREAM_BAD_RESPONSE carrying the hub's message", async () => {
    h.sandbox.injectFault({ status: 400, body: { error: { code: "InvalidKey", message: "bad key" } } });
    const error = await captureError(h.client().profile("Contact", "ct-003"));
    expect(error).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", status: 400 });
    expect(error.message).toContain("bad key");
  });

  it("maps a body that is not JSON to UPSTREAM_BAD_RESPONSE", async () => {
    h.sandbox.injectFault({ status: 200, body: "<html>proxy</html>" });
    expect(await captureError(h.client().profile("Contact", "ct-003"))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
  });

  it("maps a body of unexpected shape to UPSTREAM_BAD_RESPONSE", async () => {
    for (const body of [[{ ProfileId: "ct-003" }], { ProfileId: { id: "ct-003" } }, '"ct-003"']) {
      h.sandbox.injectFault({ status: 200, body });
      const error = await captureError(h.client().profile("Contact", "ct-003"));
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", status: 200 });
    }
  });
});

describe("relationship and relationshipLink", () => {
  it("GETs /data/relationships('{id}') and takes the end types from the type definition", async () => {
    const instance = await h.client().relationship("rel-0001");
    expect(instance).toMatchObject({
      kind: "RelationshipInstance",
      relationshipType: "AccountContact",
      profileId: "ct-001",
      relatedProfileId: "acc-fabrikam",
      status: "COMPLETED",
      properties: { RelationshipId: "rel-0001", Role: "Buyer", IsPrimary: true },
      sourceRef: { kind: "Profile", key: ["Contact", "ct-001"] },
      targetRef: { kind: "Profile", key: ["Account", "acc-fabrikam"] },
    });
    expect(h.sandbox.requests.map(wire)).toEqual([
      { method: "GET", path: "/data/relationships('rel-0001')", query: { "api-version": "2017-04-26" }, authorization: auth(), body: undefined },
      { method: "GET", path: "/manage/model/relationships/AccountContact", query: { "api-version": "2017-04-26" }, authorization: auth(), body: undefined },
    ]);
  });

  it("reads system keys in any casing and numbers as text", async () => {
    h.sandbox.injectFault({ status: 200, body: { relationshipid: 7, relationshiptype: "AccountContact", PROFILEID: 5, RelatedProfileId: "acc-x" } }, { match: (r) => r.path.startsWith("/data/") });
    const instance = await h.client().relationship("7");
    expect(instance).toMatchObject({
      relationshipType: "AccountContact",
      profileId: "5",
      relatedProfileId: "acc-x",
      sourceRef: { kind: "Profile", key: ["Contact", "5"] },
      targetRef: { kind: "Profile", key: ["Account", "acc-x"] },
      properties: { relationshipid: 7 },
    });
    expect(decodeId(instance!.id)).toMatchObject({ kind: "RelationshipInstance", key: ["7"] });
  });

  it("maps relationship and link answers of unexpected shape to UPSTREAM_BAD_RESPONSE", async () => {
    h.sandbox.injectFault({ status: 200, body: { RelationshipId: ["rel-0001"], RelationshipType: "AccountContact" } });
    expect(await captureError(h.client().relationship("rel-0001"))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", status: 200 });
    h.sandbox.injectFault({ status: 200, body: { RelationshipType: "AccountContact" } });
    expect(await captureError(h.client().relationship("rel-0001"))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", status: 200 });
    h.sandbox.injectFault({ status: 200, body: [{ name: RELATIONSHIP_LINK_MEETING }] });
    expect(await captureError(h.client().relationshipLink(RELATIONSHIP_LINK_MEETING))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", status: 200 });
  });

  it("gives null ends for a type definition it cannot read", async () => {
    const client = h.client({ http: h.httpWith(5_000) });
    h.sandbox.injectFault({ status: 200, body: [1] }, { match: (r) => r.path.startsWith("/manage/model/relationships/") });
    expect(await client.relationship("rel-0001")).toMatchObject({ relationshipType: "AccountContact", sourceRef: null, targetRef: null });
  });

  it("reads unknown ids and names as null", async () => {
    expect(await h.client().relationship("rel-9999")).toBeNull();
    expect(await h.client().relationshipLink("NoSuchLink")).toBeNull();
  });

  it("GETs a link by name and maps its ARM resource", async () => {
    const link = await h.client().relationshipLink(RELATIONSHIP_LINK_MEETING);
    expect(link).toMatchObject({
      kind: "RelationshipLink",
      name: RELATIONSHIP_LINK_MEETING,
      linkName: RELATIONSHIP_LINK_MEETING,
      interactionType: "ContactMeeting",
      relationshipName: "AccountContact",
      profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }],
      relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "AccountId" }],
      provisioningState: "Succeeded",
      tenantId: HUB_NAME,
      resourceType: "Microsoft.CustomerInsights/hubs/relationshipLinks",
    });
    expect(paths()).toEqual([`/manage/model/relationshipLinks/${RELATIONSHIP_LINK_MEETING}`]);
  });

  it("strips the '<hub>/' prefix ARM examples put in front of a name", async () => {
    h.sandbox.injectFault({ status: 200, body: { name: `${HUB_NAME}/OddLink`, id: "/x", type: "t", properties: {} } });
    const link = await h.client().relationshipLink("OddLink");
    expect(link?.name).toBe("OddLink");
  });

  it("rejects an invalid link name before any call", async () => {
    const error = await captureError(h.client().relationshipLink("../relationships/AccountContact"));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toEqual(["name"]);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("loads any of its refs and nothing of other vendors", async () => {
    const client = h.client();
    const base = { vendor: "CUSTOMER_INSIGHTS" as const, connection: "default" };
    expect(await client.load({ ...base, kind: "Profile", key: ["Account", ACCOUNT_CONTOSO.profileId] })).toMatchObject({ kind: "Profile" });
    expect(await client.load({ ...base, kind: "RelationshipInstance", key: ["rel-0002"] })).toMatchObject({ kind: "RelationshipInstance" });
    expect(await client.load({ ...base, kind: "RelationshipLink", key: [RELATIONSHIP_LINK_MEETING] })).toMatchObject({ kind: "RelationshipLink" });
    expect(await client.load({ ...base, kind: "Contact", key: ["1"] })).toBeNull();
    expect(await client.load({ vendor: "HIGHLEVEL", connection: "default", kind: "Profile", key: ["Account", "x"] })).toBeNull();
  });
});

describe("relationshipsOfProfile", () => {
  const contoso = (client = h.client(), first = 30, after?: string | null) =>
    client.relationshipsOfProfile("Account", ACCOUNT_CONTOSO.profileId, { first, after });

  it("follows nextLink across the hub's 30-item pages", async () => {
    const page = await contoso(h.client(), 35);
    expect(page.items).toHaveLength(35);
    expect(page.cursors).toHaveLength(35);
    expect(page.hasNextPage).toBe(true);
    expect(page.items.every((i) => i.relatedProfileId === ACCOUNT_CONTOSO.profileId)).toBe(true);

    const lists = h.sandbox.requests.filter((r) => r.path.endsWith("/Relationships"));
    expect(lists.map(wire)[0]).toEqual({
      method: "GET",
      path: "/data/Account('acc-contoso')/Relationships",
      // Above the hub's page size no $top is sent.
      query: { "api-version": "2017-04-26" },
      authorization: auth(),
      body: undefined,
    });
    expect(lists).toHaveLength(2);
    expect(lists[1]!.path).toBe("/data/Account('acc-contoso')/Relationships");
    expect(lists[1]!.query.get("$skiptoken")).toBeTruthy();
    expect(lists[1]!.query.getAll("api-version")).toEqual(["2017-04-26"]);

    const rest = await contoso(h.client(), 35, page.cursors[34]);
    expect(rest.items).toHaveLength(1);
    expect(rest.hasNextPage).toBe(false);
    const ids = [...page.items, ...rest.items].map((i) => i.properties.RelationshipId);
    expect(new Set(ids).size).toBe(CONTOSO_RELATIONSHIP_COUNT);
  });

  it("asks for first+1 with $top on small pages and resumes exactly after any cursor", async () => {
    const first = await contoso(h.client(), 10);
    expect(first.items).toHaveLength(10);
    expect(first.hasNextPage).toBe(true);
    expect(h.sandbox.requests[0]!.query.get("$top")).toBe("11");

    const all = (await contoso(h.client(), 100)).items.map((i) => i.id);
    expect(all).toHaveLength(CONTOSO_RELATIONSHIP_COUNT);
    expect(first.items.map((i) => i.id)).toEqual(all.slice(0, 10));

    for (const at of [0, 9]) {
      const next = await contoso(h.client(), 30, first.cursors[at]);
      expect(next.items.map((i) => i.id)).toEqual(all.slice(at + 1, at + 31));
      expect(next.hasNextPage).toBe(at + 31 < all.length);
    }
    // A cursor from deep in the second hub page.
    const big = await contoso(h.client(), 33);
    const tail = await contoso(h.client(), 30, big.cursors[32]);
    expect(tail.items.map((i) => i.id)).toEqual(all.slice(33));
    expect(tail.hasNextPage).toBe(false);
  });

  it("ends with hasNextPage false when the list fits", async () => {
    const page = await h.client().relationshipsOfProfile("Contact", CONTACT_ADA.profileId, { first: 30 });
    expect(page.items).toHaveLength(8);
    expect(page.hasNextPage).toBe(false);
    expect(page.items.some((i) => i.profileId === "ct-004" && i.relatedProfileId === "ct-001")).toBe(true);
  });

  it("costs one list call plus one call per distinct end and per relationship type", async () => {
    // A connection of its own, so no earlier test has cached the type definitions.
    const http = h.httpWith(5_000);
    const client = h.client({ http });
    const page = await client.relationshipsOfProfile("Contact", CONTACT_ADA.profileId, { first: 30 });
    const ends = await Promise.all(page.items.flatMap((i) => [client.load(i.sourceRef!), client.load(i.targetRef!)]));
    expect(ends.every((e) => e?.kind === "Profile")).toBe(true);
    const distinctEnds = new Set(page.items.flatMap((i) => [i.sourceRef!.key.join("/"), i.targetRef!.key.join("/")]));
    expect(distinctEnds.size).toBe(9);
    const lists = h.sandbox.requests.filter((r) => r.path.endsWith("/Relationships")).length;
    const definitions = h.sandbox.requests.filter((r) => r.path.startsWith("/manage/model/relationships/")).length;
    const profiles = h.sandbox.requests.length - lists - definitions;
    expect({ lists, definitions, profiles }).toEqual({ lists: 1, definitions: 2, profiles: 9 });

    // Instances from the list are primed: reading one again costs nothing.
    h.sandbox.clearRequests();
    await client.relationship(String(page.items[0]!.properties.RelationshipId));
    expect(h.sandbox.requests).toHaveLength(0);

    // The next request (new client, same connection) reuses the cached type definitions.
    await h.client({ http }).relationshipsOfProfile("Contact", CONTACT_ADA.profileId, { first: 20 });
    expect(paths()).toEqual(["/data/Contact('ct-001')/Relationships"]);
  });

  it("gives an empty page for an unknown profile and for first: 0, whose hasNextPage (Relay) one short read learns", async () => {
    expect(await h.client().relationshipsOfProfile("Contact", "ct-404", { first: 5 })).toEqual({ items: [], cursors: [], hasNextPage: false });
    h.sandbox.clearRequests();
    expect(await h.client().relationshipsOfProfile("Contact", "ct-001", { first: 0 })).toEqual({ items: [], cursors: [], hasNextPage: true });
    expect(h.sandbox.requests.map((r) => [r.path, r.query.get("$top")])).toEqual([["/data/Contact('ct-001')/Relationships", "2"]]);
    h.sandbox.clearRequests();
    expect(await h.client().relationshipsOfProfile("Contact", "ct-404", { first: 0 })).toEqual({ items: [], cursors: [], hasNextPage: false });
  });

  it.each([
    ["another origin", "http://127.0.0.2:9/data/Account('acc-contoso')/Relationships?$skiptoken=x"],
    ["the hub's manage API", "/manage/model/relationshipLinks?$skiptoken=x"],
    ["a relative garbage link", "::not a url::"],
  ])("refuses a nextLink to %s and does not follow it", async (_what, link) => {
    const value = Array.from({ length: 2 }, (_, i) => ({ RelationshipId: `x-${i}`, RelationshipType: "AccountContact", ProfileId: "ct-001", RelatedProfileId: "acc-contoso" }));
    const nextLink = link.startsWith("/") ? `${h.sandbox.baseUrl}${link}` : link;
    h.sandbox.injectFault({ status: 200, body: { value, nextLink } }, { match: (r) => r.path.endsWith("/Relationships") });
    const error = await captureError(contoso(h.client(), 5));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
    expect(error.message).not.toContain("127.0.0.2");
    expect(h.sandbox.requests.filter((r) => r.path.endsWith("/Relationships") || r.path.startsWith("/manage/model/relationshipLinks"))).toHaveLength(1);
  });

  it("leaves out items without a RelationshipId and still fills the page from the same hub page", async () => {
    const item = (id?: string) => ({ ...(id && { RelationshipId: id }), RelationshipType: "AccountContact", ProfileId: "ct-001", RelatedProfileId: "acc-contoso" });
    h.sandbox.injectFault(
      { status: 200, body: { value: [item("a1"), item(), item("a2"), item("a3")], nextLink: `${h.sandbox.baseUrl}/data/Account('acc-contoso')/Relationships?$skiptoken=x` } },
      { match: (r) => r.path.endsWith("/Relationships") },
    );
    const page = await contoso(h.client(), 2);
    expect(page.items.map((i) => i.properties.RelationshipId)).toEqual(["a1", "a2"]);
    expect(page.hasNextPage).toBe(true);
    expect(h.sandbox.requests.filter((r) => r.path.endsWith("/Relationships"))).toHaveLength(1);
  });

  it("refuses a list answer without a value array", async () => {
    h.sandbox.injectFault({ status: 200, body: { items: [] } });
    expect(await captureError(contoso(h.client(), 5))).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE" });
  });

  it("rejects cursors it did not issue, and bad page sizes, before any call", async () => {
    for (const [after, first] of [
      ["not-a-cursor!", 5],
      [encodeCursor({ q: [["api-key", "x"]], i: 0, id: null }), 5],
      [encodeCursor({ q: [], i: -1, id: null }), 5],
      [encodeCursor("just a string"), 5],
      [null, -1],
      [null, 1.5],
      [null, 100_000],
    ] as const) {
      const error = await captureError(contoso(h.client(), first, after));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toEqual(after === null ? ["first"] : ["after"]);
    }
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("maps instances whose type has no definition with null ends", async () => {
    const value = [{ RelationshipId: "orphan-1", RelationshipType: "Gone", ProfileId: "ct-001", RelatedProfileId: "acc-contoso" }];
    h.sandbox.injectFault({ status: 200, body: { value } }, { match: (r) => r.path.endsWith("/Relationships") });
    const page = await contoso(h.client(), 5);
    const [orphan] = page.items as [RelationshipInstance];
    expect(orphan).toMatchObject({ relationshipType: "Gone", sourceRef: null, targetRef: null });
  });
});
