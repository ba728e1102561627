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
};

let t: TestGateway;
const responses: string[] = [];
let secrets: string[] = [];

beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: 300 }, (connections) => {
    connections.CUSTOMER_INSIGHTS.canary = { ...connections.CUSTOMER_INSIGHTS.default!, name: "canary", token: DISTINCT.ci };
    connections.SUPEROFFICE.canary = {
      ...connections.SUPEROFFICE.default!,
      name: "canary",
      authorization: `SOTicket ${DISTINCT.so}`,
      appToken: DISTINCT.soApp,
    };
    connections.HIGHLEVEL.canary = { ...connections.HIGHLEVEL.default!, name: "canary", token: DISTINCT.hl };
  });
  const c = t.sandboxes.connections;
  secrets = [
    ...Object.values(DISTINCT),
    c.CUSTOMER_INSIGHTS.default!.token!,
    c.SUPEROFFICE.default!.authorization!.split(" ")[1]!,
    c.SUPEROFFICE.default!.appToken!,
    c.HIGHLEVEL.default!.token!,
  ];
});
afterAll(() => t.close());

async function drive(query: string, connection: string, headers?: Record<string, string>) {
  const res = await t.gql(query.replaceAll("$CONN", connection), undefined, headers);
  responses.push(JSON.stringify(res) + JSON.stringify([...res.headers]));
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

    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(all).not.toContain(secret);
      for (const line of t.logs) expect(line).not.toContain(secret);
    }
  }, 60_000);
});
