import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * With distinctive credentials configured, every error path is driven; no credential may
 * appear in any response (body or headers) or any log line.
 */

const DISTINCT = {
  ci: "CANARY-ci-token-7f3a9c",
  so: "CANARY-so-ticket-51d0e2",
  soApp: "CANARY-so-apptoken-a8b7c6",
  hl: "CANARY-hl-token-c0ffee",
  clientSecret: "CANARY-client-secret-9e8d7c",
  refreshToken: "CANARY-refresh-token-6b5a4f",
  caller: "CANARY-caller-token-3c2b1a",
};
/** The header the `caller` connections read the caller's credential from. */
const CALLER_HEADER = "x-canary-auth";
/** Every credential the vendors were sent or the token endpoints got (access tokens, tickets, rotated refresh tokens). */
const sent = new Set<string>();

let t: TestGateway;
const responses: string[] = [];
let secrets: string[] = [];

beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: 300 }, (connections, sandboxes) => {
    connections.CUSTOMER_INSIGHTS.canary = { ...connections.CUSTOMER_INSIGHTS.default!, name: "canary", token: DISTINCT.ci };
    connections.SUPEROFFICE.canary = {
      ...connections.SUPEROFFICE.default!,
      name: "canary",
      authorization: `SOTicket ${DISTINCT.so}`,
      appToken: DISTINCT.soApp,
    };
    connections.HIGHLEVEL.canary = { ...connections.HIGHLEVEL.default!, name: "canary", token: DISTINCT.hl };
    // Refreshed credentials that work (minted), a client the token endpoints refuse (badclient), a system user, callers' own.
    const s = { hl: sandboxes.highlevel, so: sandboxes.superoffice, ci: sandboxes.customerInsights };
    const wrong = { clientSecret: DISTINCT.clientSecret, refreshToken: DISTINCT.refreshToken };
    for (const [name, bad] of [["minted", {}], ["badclient", wrong]] as const) {
      const hlc = s.hl.credentials;
      connections.HIGHLEVEL[name] = { ...connections.HIGHLEVEL.default!, name, token: undefined, oauth: { clientId: hlc.clientId, clientSecret: hlc.clientSecret, refreshToken: hlc.refreshToken, tokenUrl: hlc.tokenUrl, ...bad } };
      const soc = s.so.credentials;
      connections.SUPEROFFICE[name] = { ...connections.SUPEROFFICE.default!, name, authorization: undefined, oauth: { clientId: soc.clientId, clientSecret: soc.clientSecret, refreshToken: soc.refreshToken, tokenUrl: soc.tokenUrl, ...bad } };
      const cic = s.ci.credentials;
      connections.CUSTOMER_INSIGHTS[name] = { ...connections.CUSTOMER_INSIGHTS.default!, name, token: undefined, oauth: { clientId: cic.clientId, clientSecret: "clientSecret" in bad ? bad.clientSecret : cic.clientSecret, tokenUrl: cic.tokenUrl } };
    }
    const soc = s.so.credentials;
    connections.SUPEROFFICE.system = { ...connections.SUPEROFFICE.default!, name: "system", authorization: undefined, systemUser: { token: soc.systemUserToken, privateKey: soc.privateKeyPem, url: soc.systemUserUrl } };
    connections.HIGHLEVEL.caller = { ...connections.HIGHLEVEL.default!, name: "caller", token: undefined, callerHeader: CALLER_HEADER };
    connections.SUPEROFFICE.caller = { ...connections.SUPEROFFICE.default!, name: "caller", authorization: undefined, callerHeader: CALLER_HEADER };
    connections.CUSTOMER_INSIGHTS.caller = { ...connections.CUSTOMER_INSIGHTS.default!, name: "caller", token: undefined, callerHeader: CALLER_HEADER };
  });
  const c = t.sandboxes.connections;
  secrets = [
    ...Object.values(DISTINCT),
    c.CUSTOMER_INSIGHTS.default!.token!,
    c.SUPEROFFICE.default!.authorization!.split(" ")[1]!,
    c.SUPEROFFICE.default!.appToken!,
    c.HIGHLEVEL.default!.token!,
    ...[t.sandboxes.highlevel, t.sandboxes.superoffice, t.sandboxes.customerInsights].flatMap((x) => [x.credentials.clientSecret]),
    t.sandboxes.highlevel.credentials.refreshToken,
    t.sandboxes.superoffice.credentials.refreshToken,
    t.sandboxes.superoffice.credentials.systemUserToken,
    // A line from inside the private key.
    t.sandboxes.superoffice.credentials.privateKeyPem.split("\n")[3]!,
  ];
});
afterAll(() => t.close());

async function drive(query: string, connection: string, headers?: Record<string, string>) {
  const res = await t.gql(query.replaceAll("$CONN", connection), undefined, headers);
  responses.push(JSON.stringify(res) + JSON.stringify([...res.headers]));
  for (const call of t.vendorCalls()) {
    const auth = call.headers.authorization;
    if (typeof auth === "string" && auth.includes(" ")) sent.add(auth.split(" ")[1]!);
    const refresh = new URLSearchParams(call.rawBody).get("refresh_token");
    if (refresh) sent.add(refresh);
  }
  return res;
}

const hl = HIGHLEVEL_DEMO;
const OPERATIONS = [
  `mutation { createRelationshipInstance(input: { connection: "$CONN", relationshipType: "AccountContact", profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }], relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }], properties: { ContactId: "C1001", AccountId: "A2001" } }) { status userErrors { message } } }`,
  `mutation { upsertRelationshipLink(input: { connection: "$CONN", name: "Leak", interactionType: "ContactMeeting", relationshipName: "AccountContact", profilePropertyReferences: [], relatedProfilePropertyReferences: [] }) { status userErrors { message } } }`,
  `mutation { createContactRelation(input: { connection: "$CONN", sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 1 }) { relation { id } userErrors { message } } }`,
  `mutation { createAssociationRelation(input: { connection: "$CONN", associationId: "${hl.associations.referral}", firstRecordId: "${hl.contacts.edsger}", secondRecordId: "${hl.contacts.margaret}" }) { relation { id } userErrors { message } } }`,
  `{ profile(connection: "$CONN", profileType: "Account", profileId: "acc-contoso") { profileId relationships(first: 2) { nodes { id } } } }`,
  `{ contact(vendor: SUPEROFFICE, connection: "$CONN", id: "11") { name relations(first: 2) { nodes { id } } } }`,
  `{ contact(vendor: HIGHLEVEL, connection: "$CONN", id: "${hl.contacts.ada}") { name relations(first: 2) { nodes { id } } } }`,
];

describe("secrets", () => {
  it("appear in no response and no log line on any error path", async () => {
    for (const op of OPERATIONS) {
      await drive(op, "canary"); // 401 from every vendor: the canary credentials are wrong
      await drive(op, "nope"); // unknown connection
      for (const sandbox of [t.sandboxes.customerInsights, t.sandboxes.superoffice, t.sandboxes.highlevel]) {
        sandbox.injectFault({ status: 500, body: { error: { message: "boom" } } }, { times: 5 });
      }
      await drive(op, "default"); // 5xx
      t.reset();
      for (const sandbox of [t.sandboxes.customerInsights, t.sandboxes.superoffice, t.sandboxes.highlevel]) {
        sandbox.injectFault({ hang: true }, { times: 5 });
      }
      await drive(op, "default"); // timeout
      t.reset();
      await drive(op, "default", { "accept-language": "en" }); // happy path or vendor rejection
      await drive(op, "minted"); // refreshed credentials: fetched, then used
      await drive(op, "system"); // a SuperOffice system user's ticket
      await drive(op, "badclient"); // the token endpoints refuse the client
      await drive(op, "caller", { [CALLER_HEADER]: `Bearer ${DISTINCT.caller}` }); // a caller's own (wrong) credential
      await drive(op, "caller"); // no caller credential
    }
    await drive(`{ node(id: "garbage") { id } relationsOf(id: "garbage") { nodes { id } } }`, "default");

    // every path above was really taken
    const all = responses.join("\n");
    for (const code of ["UNAUTHENTICATED", "UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "VALIDATION"]) {
      expect(all).toContain(code);
    }
    // and logged: upstream lines for the refused calls and the failed operations
    const log = t.logs.join("");
    expect(log).toContain('"status":401');
    expect(log).toContain('"outcome":"error"');

    expect(all).toContain("invalid_client");
    expect(sent.size).toBeGreaterThan(3);
    for (const secret of [...secrets, ...sent]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(all).not.toContain(secret);
      for (const line of t.logs) expect(line).not.toContain(secret);
    }
  }, 60_000);
});
