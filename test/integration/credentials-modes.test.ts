import { createVerify } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VENDORS } from "../../src/domain/vendor.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import type { TokenControls } from "../../src/sandbox/tokens.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { startTestSandboxes } from "../support/sandboxes.js";

/**
 * The non-rotating minted modes end to end, each across token expiry (tokens living TTL s):
 * Customer Insights' Azure AD client credentials and SuperOffice's OAuth refresh. The exact
 * token-endpoint forms and the Authorization each API call carried are read from the sandboxes.
 */

const TTL = 2;
let sandboxes: TestGateway["sandboxes"];
let t: TestGateway;

beforeAll(async () => {
  sandboxes = (await startTestSandboxes(VENDORS, { tokenTtlSeconds: TTL })) as TestGateway["sandboxes"];
  t = await startTestGateway(
    {},
    (connections, s) => {
      const ci = s.customerInsights.credentials;
      connections.CUSTOMER_INSIGHTS.default = {
        ...connections.CUSTOMER_INSIGHTS.default!,
        token: undefined,
        oauth: { clientId: ci.clientId, clientSecret: ci.clientSecret, tokenUrl: ci.tokenUrl },
      };
      const so = s.superoffice.credentials;
      connections.SUPEROFFICE.default = {
        ...connections.SUPEROFFICE.default!,
        authorization: undefined,
        oauth: { clientId: so.clientId, clientSecret: so.clientSecret, refreshToken: so.refreshToken, tokenUrl: so.tokenUrl },
      };
      connections.SUPEROFFICE.system = {
        ...connections.SUPEROFFICE.default!,
        name: "system",
        oauth: undefined,
        systemUser: { token: so.systemUserToken, privateKey: so.privateKeyPem, url: so.systemUserUrl },
      };
    },
    { sandboxes },
  );
}, 30_000);

afterAll(async () => {
  await t?.close();
  await sandboxes?.close();
});

interface Case {
  vendor: string;
  sandbox: () => TokenControls & { requests: RecordedRequest[]; clearRequests(): void; clearFaults(): void };
  read: string;
  form: () => Record<string, string>;
  isApi: (r: RecordedRequest) => boolean;
  scheme: RegExp;
}

const cases: Case[] = [
  {
    vendor: "CUSTOMER_INSIGHTS",
    sandbox: () => sandboxes.customerInsights,
    read: `{ profile(profileType: "Account", profileId: "acc-contoso") { profileId } }`,
    form: () => {
      const c = sandboxes.customerInsights.credentials;
      return { grant_type: "client_credentials", client_id: c.clientId, client_secret: c.clientSecret, scope: "https://azurecustomerinsights.com/.default" };
    },
    isApi: (r) => r.path.includes("/data/") && r.path.includes("acc-contoso"),
    scheme: /^Bearer ci-aad-/,
  },
  {
    vendor: "SUPEROFFICE",
    sandbox: () => sandboxes.superoffice,
    read: `{ contact(vendor: SUPEROFFICE, id: "11") { name } }`,
    form: () => {
      const c = sandboxes.superoffice.credentials;
      return { client_id: c.clientId, client_secret: c.clientSecret, grant_type: "refresh_token", refresh_token: c.refreshToken };
    },
    isApi: (r) => r.path.endsWith("/Contact/11"),
    scheme: /^Bearer 8A:/,
  },
];

describe.each(cases)("$vendor minted credentials", (c) => {
  const forms = () => c.sandbox().tokenRequests().map((r) => Object.fromEntries(new URLSearchParams(r.rawBody)));
  const auths = () => c.sandbox().requests.filter(c.isApi).map((r) => String(r.headers.authorization));

  it("fetches a token with the vendor's form, holds it while valid and fetches another across expiry", async () => {
    c.sandbox().clearRequests();
    expect((await t.gql(c.read)).errors).toBeUndefined();
    expect((await t.gql(c.read)).errors).toBeUndefined();
    expect(forms()).toEqual([c.form()]);
    const [first, second] = auths();
    expect(first).toMatch(c.scheme);
    expect(second).toBe(first);

    await sleep(TTL * 1000 + 200);
    expect((await t.gql(c.read)).errors).toBeUndefined();
    // Not rotating: the same refresh token (or none) again.
    expect(forms()).toEqual([c.form(), c.form()]);
    expect(auths()[2]).not.toBe(first);
  }, 20_000);

  it("after a revoked token: one refresh and one retry", async () => {
    c.sandbox().clearRequests();
    c.sandbox().revokeTokens();
    expect((await t.gql(c.read)).errors).toBeUndefined();
    expect(forms()).toHaveLength(1);
    const [refused, retried] = auths();
    expect(auths()).toHaveLength(2);
    expect(retried).not.toBe(refused);
  });

  it("a second 401 after the refresh is UNAUTHENTICATED", async () => {
    c.sandbox().clearRequests();
    c.sandbox().revokeTokens();
    const api = (r: RecordedRequest) => c.isApi(r);
    sandboxFaults(c).injectFault({ status: 401, body: {} }, { times: 2, match: api });
    const res = await t.gql(c.read);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", vendor: c.vendor });
    expect(forms()).toHaveLength(1);
    expect(auths()).toHaveLength(2);
    c.sandbox().clearFaults();
  });
});

function sandboxFaults(c: Case) {
  return c.sandbox() as unknown as { injectFault(fault: unknown, options: { times: number; match: (r: RecordedRequest) => boolean }): void };
}

describe("SuperOffice system user", () => {
  const READ = `{ contact(vendor: SUPEROFFICE, connection: "system", id: "11") { name } }`;
  const logins = () => sandboxes.superoffice.tokenRequests().filter((r) => r.path === "/Login/api/PartnerSystemUser/Authenticate");
  const auths = () => sandboxes.superoffice.requests.filter((r) => r.path.endsWith("/Contact/11")).map((r) => r.headers);

  it("signs the system user token, verifies the answered JWT and sends its ticket with the app token, again across expiry", async () => {
    sandboxes.superoffice.clearRequests();
    const c = sandboxes.superoffice.credentials;
    expect((await t.gql(READ)).errors).toBeUndefined();
    const [login] = logins();
    expect(login!.headers["content-type"]).toMatch(/^application\/json/);
    const body = login!.body as Record<string, string>;
    expect(body).toEqual({ SignedSystemToken: expect.any(String), ApplicationToken: c.appToken, ContextIdentifier: "Cust12345", ReturnTokenType: "JWT" });
    const [token, stamp, signature] = body.SignedSystemToken!.split(/\.(?=[^.]*\.[^.]*$)|\.(?=[^.]*$)/);
    expect(token).toBe(c.systemUserToken);
    expect(stamp).toMatch(/^\d{12}$/);
    expect(createVerify("RSA-SHA256").update(`${token}.${stamp}`).verify(c.publicKeyPem, signature!, "base64")).toBe(true);
    const [first] = auths();
    expect(first!.authorization).toMatch(/^SOTicket 7T:/);
    expect(first!["so-apptoken"]).toBe(c.appToken);

    await sleep(TTL * 1000 + 200);
    expect((await t.gql(READ)).errors).toBeUndefined();
    expect(logins()).toHaveLength(2);
    expect(auths()[1]!.authorization).not.toBe(first!.authorization);
  }, 20_000);

  it("after a revoked ticket: one new ticket and one retry", async () => {
    sandboxes.superoffice.clearRequests();
    sandboxes.superoffice.revokeTokens();
    expect((await t.gql(READ)).errors).toBeUndefined();
    expect(logins()).toHaveLength(1);
    expect(auths()).toHaveLength(2);
  });
});

describe("a token endpoint that does not answer", () => {
  it("is UPSTREAM_UNAVAILABLE within the request's deadline, and the next request after it recovers", async () => {
    const short = await startTestGateway(
      { requestTimeoutMs: 800, upstreamTimeoutMs: 5_000 },
      (connections, s) => {
        const ci = s.customerInsights.credentials;
        connections.CUSTOMER_INSIGHTS.default = { ...connections.CUSTOMER_INSIGHTS.default!, token: undefined, oauth: { clientId: ci.clientId, clientSecret: ci.clientSecret, tokenUrl: ci.tokenUrl } };
      },
      { sandboxes },
    );
    try {
      sandboxes.customerInsights.clearRequests();
      sandboxes.customerInsights.failTokenEndpoint({ hang: true });
      const res = await short.gql(cases[0]!.read);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", vendor: "CUSTOMER_INSIGHTS" });
      expect(res.errors?.[0]?.message).toContain("within the request's deadline");
      expect(sandboxes.customerInsights.requests.filter(cases[0]!.isApi)).toHaveLength(0);

      // The hung fetch gives up at UPSTREAM_TIMEOUT_MS, then the gateway backs off; after that it fetches again.
      sandboxes.customerInsights.clearFaults();
      await sleep(5_000 + 1_200);
      expect((await short.gql(cases[0]!.read)).errors).toBeUndefined();
    } finally {
      await short.close();
    }
  }, 20_000);
});
