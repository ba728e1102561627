import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import { DEMO_RELATIONS } from "../../src/sandbox/highlevel/data.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { Fault, RecordedRequest, SandboxControls } from "../../src/sandbox/http.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * A vendor that echoes the connection's credentials in its error text (or answers with an
 * HTML error page naming internal hosts) must not pass them on: for each vendor, a refused
 * mutation (userErrors) and a refused read (a GraphQL error) carry the vendor's words with the
 * secrets replaced, and no response or log line holds a secret.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

interface Case {
  vendor: string;
  sandbox: () => SandboxControls;
  secrets: () => string[];
  /** The vendor's error body with the secrets in it. */
  body: (secrets: string[]) => unknown;
  /** The vendor's error body saying `message`. */
  say: (message: string) => unknown;
  mutation: string;
  read: string;
  /** A relation id to delete, and the vendor's delete write as its sandbox sees it. */
  deletion: { id: string; isWrite(r: RecordedRequest): boolean };
}

const hl = HIGHLEVEL_DEMO;
const CASES: Case[] = [
  {
    vendor: "SUPEROFFICE",
    sandbox: () => t.sandboxes.superoffice,
    secrets: () => {
      const c = t.sandboxes.connections.SUPEROFFICE.default!;
      return [c.authorization!.split(" ")[1]!, c.appToken!];
    },
    body: ([ticket, app]) => ({ Error: true, ErrorType: "SoException", ErrorMessage: `Ticket Bearer ${ticket} with SO-AppToken ${app} is not valid` }),
    say: (message) => ({ Error: true, ErrorType: "SoException", ErrorMessage: message }),
    mutation: `mutation { createContactRelation(input: { sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 1 }) { relation { id } userErrors { message code } } }`,
    read: `{ contact(vendor: SUPEROFFICE, id: "11") { name } }`,
    deletion: { id: encodeId({ vendor: "SUPEROFFICE", connection: "default", kind: "ContactRelation", key: ["1002"] }), isWrite: (r) => r.method === "DELETE" },
  },
  {
    vendor: "HIGHLEVEL",
    sandbox: () => t.sandboxes.highlevel,
    secrets: () => [t.sandboxes.connections.HIGHLEVEL.default!.token!],
    body: ([token]) => ({ statusCode: 400, message: `token ${token} invalid for location` }),
    say: (message) => ({ statusCode: 400, message }),
    mutation: `mutation { createAssociationRelation(input: { associationId: "${hl.associations.referral}", firstRecordId: "${hl.contacts.edsger}", secondRecordId: "${hl.contacts.margaret}" }) { relation { id } userErrors { message code } } }`,
    read: `{ contact(vendor: HIGHLEVEL, id: "${hl.contacts.ada}") { name } }`,
    deletion: {
      id: encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "AssociationRelation", key: [DEMO_RELATIONS[1]!.id, DEMO_RELATIONS[1]!.firstRecordId] }),
      isWrite: (r) => r.method === "DELETE",
    },
  },
  {
    vendor: "CUSTOMER_INSIGHTS",
    sandbox: () => t.sandboxes.customerInsights,
    secrets: () => [t.sandboxes.connections.CUSTOMER_INSIGHTS.default!.token!],
    body: ([token]) => ({ error: { code: "BadRequest", message: `Authorization Bearer ${token} does not match this hub` } }),
    say: (message) => ({ error: { code: "BadRequest", message } }),
    mutation: `mutation { createRelationshipInstance(input: { relationshipType: "AccountContact", profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }], relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }], properties: { ContactId: "C1001", AccountId: "A2001" } }) { status userErrors { message code } } }`,
    read: `{ profile(profileType: "Account", profileId: "acc-contoso") { profileId } }`,
    deletion: { id: encodeId({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "RelationshipInstance", key: ["rel-0003"] }), isWrite: (r) => r.method === "POST" },
  },
];

/** Every 8-character run of a secret, lower-cased. */
const partsOf = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8).toLowerCase());

/** An HTML page whose text puts `secret` across the 200-character excerpt's end. */
const HTML_PAGE_AT_CUT = (secret: string) => `<html><head><title>Error</title></head><body><p>${"x ".repeat(80)}bad credential ${secret}</p></body></html>`;

/** A server error page with a .NET and a Node stack trace and the server's paths. */
const HTML_TRACE_PAGE =
  `<html><head><title>Server Error</title></head><body><h1>InvalidOperationException</h1><pre>` +
  `   at Contoso.Hub.Auth.Check(String name) in C:\\agent\\src\\Auth.cs:line 42\n` +
  `   at Object.handler (/var/app/server.js:12:5)\n reading /srv/hub/settings.json</pre></body></html>`;

const HTML_PAGE = (secret: string) =>
  `<!DOCTYPE html><html><head><title>400 Bad Request</title><style>body{}</style></head><body><h1>Bad Request</h1><p>upstream 10.20.30.40:8080 rejected ticket=${secret} in /srv/crm/app.py</p><script>var t="${secret}"</script></body></html>`;

describe.each(CASES)("$vendor error text", (c) => {
  async function refused(query: string, fault: Fault, match?: (r: RecordedRequest) => boolean) {
    t.reset();
    c.sandbox().injectFault(fault, { times: 5, match });
    const logsBefore = t.logs.length;
    const res = await t.gql(query);
    const text = JSON.stringify(res) + JSON.stringify([...res.headers]);
    const logs = t.logs.slice(logsBefore).join("");
    for (const secret of c.secrets()) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text).not.toContain(secret);
      expect(logs).not.toContain(secret);
      // Nor any part of one, in any case (an upper-cased or cut-short echo).
      for (const part of partsOf(secret)) {
        expect(text.toLowerCase()).not.toContain(part);
        expect(logs.toLowerCase()).not.toContain(part);
      }
    }
    return res;
  }

  it("a refused mutation reports the vendor's words as userErrors, secrets redacted", async () => {
    const res = await refused(c.mutation, { status: 400, body: c.body(c.secrets()) });
    const payload = Object.values(res.data!)[0] as { userErrors: Array<{ message: string; code: string }> };
    expect(payload.userErrors).toHaveLength(1);
    expect(payload.userErrors[0]!.code).toBe("UPSTREAM_REJECTED");
    expect(payload.userErrors[0]!.message).toContain("[redacted]");
  });

  it("a refused delete reports the vendor's words as userErrors, secrets redacted", async () => {
    const mutation = `mutation { deleteRelation(input: { id: "${c.deletion.id}" }) { deletedId userErrors { message code } } }`;
    const res = await refused(mutation, { status: 400, body: c.body(c.secrets()) }, c.deletion.isWrite);
    const payload = (res.data as { deleteRelation: { deletedId: string | null; userErrors: Array<{ message: string; code: string }> } }).deleteRelation;
    expect(payload.deletedId).toBeNull();
    expect(payload.userErrors).toEqual([{ message: expect.stringContaining("[redacted]"), code: "UPSTREAM_REJECTED" }]);
  });

  it("a refused read is UPSTREAM_BAD_RESPONSE with the vendor's words, secrets redacted", async () => {
    const res = await refused(c.read, { status: 400, body: c.body(c.secrets()) });
    expect(res.errors?.[0]?.extensions?.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(res.errors?.[0]?.message).toContain("[redacted]");
  });

  it("an HTML error page becomes a short plain excerpt without secrets or internal addresses", async () => {
    const res = await refused(c.mutation, { status: 400, body: HTML_PAGE(c.secrets()[0]!) });
    const payload = Object.values(res.data!)[0] as { userErrors: Array<{ message: string }> };
    const message = payload.userErrors[0]!.message;
    expect(message).toMatch(/^HTML page: 400 Bad Request/);
    expect(message).not.toMatch(/<|10\.20\.30\.40|var t/);
    expect(message.length).toBeLessThanOrEqual(200);
  });

  it("a secret echoed upper-cased or cut short is redacted too", async () => {
    const [secret] = c.secrets();
    const res = await refused(c.mutation, { status: 400, body: c.say(`bad credential ${secret!.toUpperCase()} (was ${secret!.slice(0, 12)}…)`) });
    const payload = Object.values(res.data!)[0] as { userErrors: Array<{ message: string; code: string }> };
    expect(payload.userErrors).toEqual([{ message: "bad credential [redacted] (was [redacted]…)", code: "UPSTREAM_REJECTED" }]);
  });

  it("an HTML page is redacted before it is cut to its excerpt", async () => {
    // The page's text puts the first 16 characters of the secret before the excerpt's cut.
    const res = await refused(c.mutation, { status: 400, body: HTML_PAGE_AT_CUT(c.secrets()[0]!) });
    const payload = Object.values(res.data!)[0] as { userErrors: Array<{ message: string }> };
    expect(payload.userErrors[0]!.message).toMatch(/^HTML page: Error (x ){80}bad credential \[redacted\]/);
  });

  it("an HTML page's stack frames and server paths are masked", async () => {
    const res = await refused(c.mutation, { status: 400, body: HTML_TRACE_PAGE });
    const payload = Object.values(res.data!)[0] as { userErrors: Array<{ message: string }> };
    expect(payload.userErrors[0]!.message).toBe("HTML page: Server Error InvalidOperationException [frame] in [path] 42 [frame] reading [path]");
  });
});
