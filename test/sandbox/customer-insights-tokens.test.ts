import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_INSIGHTS_SCOPE, startCustomerInsightsSandbox, type CustomerInsightsSandbox } from "../../src/sandbox/customer-insights/index.js";

/** The Azure AD-shaped token endpoint of the Customer Insights sandbox and the life of its tokens. */

const TTL = 2;
let sandbox: CustomerInsightsSandbox;

beforeAll(async () => {
  sandbox = await startCustomerInsightsSandbox({ tokenTtlSeconds: TTL });
});
afterAll(() => sandbox.close());

const clientCredentials = (overrides: Record<string, string> = {}) => ({
  grant_type: "client_credentials",
  client_id: sandbox.credentials.clientId,
  client_secret: sandbox.credentials.clientSecret,
  scope: CUSTOMER_INSIGHTS_SCOPE,
  ...overrides,
});

async function token(form: Record<string, string>, url = sandbox.credentials.tokenUrl) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function hubList(accessToken: string) {
  const res = await fetch(`${sandbox.baseUrl}/manage/model/relationships?api-version=2017-04-26`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const aadError = (error: string, code: number) => ({
  error,
  error_description: expect.stringMatching(new RegExp(`^AADSTS${code}: .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: `)),
  error_codes: [code],
  timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
  trace_id: expect.any(String),
  correlation_id: expect.any(String),
  error_uri: `https://login.microsoftonline.com/error?code=${code}`,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Customer Insights sandbox: POST /{tenant}/oauth2/v2.0/token", () => {
  it("exposes its tenant, app and token URL on its own origin", () => {
    const { tenantId, clientId } = sandbox.credentials;
    expect(sandbox.credentials).toEqual({
      tokenUrl: `${sandbox.baseUrl}/${tenantId}/oauth2/v2.0/token`,
      tenantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientSecret: expect.stringMatching(/^ci-secret-/),
      scope: "https://azurecustomerinsights.com/.default",
    });
    expect(clientId).not.toBe(tenantId);
  });

  it("grants client credentials a bearer token the hub accepts, and records the request", async () => {
    sandbox.clearRequests();
    const res = await token(clientCredentials());
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({ token_type: "Bearer", expires_in: TTL, ext_expires_in: TTL, access_token: expect.stringMatching(/^ci-aad-/) });
    expect((await hubList(res.body.access_token as string)).status).toBe(200);
    const [recorded, ...others] = sandbox.tokenRequests();
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({ method: "POST", path: `/${sandbox.credentials.tenantId}/oauth2/v2.0/token` });
    expect(Object.fromEntries(new URLSearchParams(recorded!.rawBody))).toEqual(clientCredentials());
  });

  it("answers a wrong client secret with 401 invalid_client AADSTS7000215", async () => {
    const res = await token(clientCredentials({ client_secret: "wrong" }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(aadError("invalid_client", 7000215));
    expect(res.body.error_description).toContain("Invalid client secret provided.");
    expect(JSON.stringify(res.body)).not.toContain(sandbox.credentials.clientSecret);
  });

  it("answers the other failures in the identity platform's shape", async () => {
    const cases: Array<[Record<string, string>, number, string, number, string?]> = [
      [clientCredentials(), 400, "invalid_request", 90002, `${sandbox.baseUrl}/another-tenant/oauth2/v2.0/token`],
      [clientCredentials(), 400, "invalid_request", 90002, `${sandbox.baseUrl}/%E0%A4%A/oauth2/v2.0/token`],
      [clientCredentials({ client_id: "00000000-0000-0000-0000-000000000000" }), 400, "unauthorized_client", 700016],
      [clientCredentials({ client_secret: "" }), 401, "invalid_client", 7000218],
      [clientCredentials({ grant_type: "password" }), 400, "unsupported_grant_type", 70003],
      [clientCredentials({ scope: "https://azurecustomerinsights.com/user_impersonation" }), 400, "invalid_scope", 1002012],
      [clientCredentials({ scope: "https://graph.microsoft.com/.default" }), 400, "invalid_resource", 500011],
      [clientCredentials({ scope: "" }), 400, "invalid_request", 900144],
    ];
    for (const [form, status, error, code, url] of cases) {
      const res = await token(form, url);
      expect(res.status, `AADSTS${code}`).toBe(status);
      expect(res.body, `AADSTS${code}`).toEqual(aadError(error, code));
    }
  });
});

describe("Customer Insights sandbox: issued tokens", () => {
  it("accepts a token until its TTL, then answers 401 in the hub's shape; the static token stays valid", async () => {
    const accessToken = (await token(clientCredentials())).body.access_token as string;
    expect((await hubList(accessToken)).status).toBe(200);
    await sleep(TTL * 1000 + 100);
    const expired = await hubList(accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: { code: "Unauthorized", message: "The access token is invalid or expired" } });
    expect(expired.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await hubList(sandbox.token)).status).toBe(200);
  });

  it("refuses revoked tokens with 401", async () => {
    const accessToken = (await token(clientCredentials())).body.access_token as string;
    sandbox.revokeTokens();
    expect((await hubList(accessToken)).status).toBe(401);
    expect((await hubList(sandbox.token)).status).toBe(200);
  });

  it("fails the token endpoint on demand (a hang too), then recovers", async () => {
    sandbox.clearRequests();
    sandbox.failTokenEndpoint({ status: 500, body: { error: "server_error" } });
    expect((await token(clientCredentials())).status).toBe(500);
    sandbox.failTokenEndpoint({ hang: true });
    await expect(fetch(sandbox.credentials.tokenUrl, { method: "POST", signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await token(clientCredentials())).status).toBe(200);
    expect(sandbox.tokenRequests()).toHaveLength(3);
  });
});
