import { createSign, generateKeyPairSync } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPEROFFICE_CLAIMS, SUPEROFFICE_DEMO as DEMO, startSuperOfficeSandbox, type SuperOfficeSandbox } from "../../src/sandbox/superoffice/index.js";

/** SuperOffice's login endpoints in the sandbox (OAuth tokens, system user, OIDC metadata) and the life of what they issue. */

const TTL = 2;
let so: SuperOfficeSandbox;

beforeAll(async () => {
  so = await startSuperOfficeSandbox({ tokenTtlSeconds: TTL });
});
afterAll(() => so.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, body: string, contentType: string) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const refreshForm = (overrides: Record<string, string> = {}) => ({
  grant_type: "refresh_token",
  client_id: so.credentials.clientId,
  client_secret: so.credentials.clientSecret,
  refresh_token: so.credentials.refreshToken,
  ...overrides,
});
const refresh = (form: Record<string, string>) => post(so.credentials.tokenUrl, new URLSearchParams(form).toString(), "application/x-www-form-urlencoded");

/** `{token}.{yyyyMMddHHmm UTC}.{base64 RSA-SHA256 signature}`, as sign-system-user-token.md does it. */
function signSystemToken(options: { token?: string; at?: Date; privateKeyPem?: string } = {}): string {
  const stamp = (options.at ?? new Date()).toISOString().replace(/[-T:]/g, "").slice(0, 12);
  const data = `${options.token ?? so.credentials.systemUserToken}.${stamp}`;
  const signature = createSign("SHA256").update(data).sign(options.privateKeyPem ?? so.credentials.privateKeyPem, "base64");
  return `${data}.${signature}`;
}

const authenticateBody = (overrides: Record<string, string> = {}) => ({
  SignedSystemToken: signSystemToken(),
  ApplicationToken: so.credentials.appToken,
  ContextIdentifier: so.credentials.contextIdentifier,
  ReturnTokenType: "JWT",
  ...overrides,
});
const authenticate = (body: unknown) => post(so.credentials.systemUserUrl, JSON.stringify(body), "application/json");

async function contact(authorization: string) {
  const res = await fetch(`${so.baseUrl}/Contact/${DEMO.hubContactId}`, {
    headers: { authorization, "so-apptoken": so.credentials.appToken, accept: "application/json" },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The JWKS found the way a client finds it: through the OpenID Connect metadata. */
async function discoveredKeys() {
  const res = await fetch(so.credentials.openIdConfigurationUrl);
  expect(res.status).toBe(200);
  const metadata = (await res.json()) as { issuer: string; jwks_uri: string; token_endpoint: string };
  expect(metadata).toMatchObject({ issuer: so.credentials.issuer, jwks_uri: so.credentials.jwksUrl, token_endpoint: so.credentials.tokenUrl });
  return { issuer: metadata.issuer, keys: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
}

describe("SuperOffice sandbox: credentials", () => {
  it("exposes the app, the system user and every login URL at the origin root", () => {
    const origin = new URL(so.baseUrl).origin;
    const c = so.credentials;
    expect(c).toMatchObject({
      tokenUrl: `${origin}/login/common/oauth/tokens`,
      systemUserUrl: `${origin}/Login/api/PartnerSystemUser/Authenticate`,
      openIdConfigurationUrl: `${origin}/login/.well-known/openid-configuration`,
      jwksUrl: `${origin}/login/.well-known/jwks`,
      issuer: origin,
      contextIdentifier: "Cust12345",
      clientSecret: c.appToken,
      systemUserToken: expect.stringMatching(/^SandboxApp-/),
      privateKeyPem: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----/),
      publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/),
    });
    expect(c.clientId).not.toBe("");
    expect(c.refreshToken).not.toBe("");
  });
});

describe("SuperOffice sandbox: POST /login/common/oauth/tokens", () => {
  it("turns the refresh token into a Bearer token the API accepts and an id_token signed by the served keys", async () => {
    so.clearRequests();
    const res = await refresh(refreshForm());
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({ token_type: "Bearer", access_token: expect.stringMatching(/^8A:Cust12345\./), expires_in: TTL, id_token: expect.any(String) });
    expect((await contact(`Bearer ${res.body.access_token as string}`)).status).toBe(200);

    const { issuer, keys } = await discoveredKeys();
    const { payload } = await jwtVerify(res.body.id_token as string, keys, { issuer, audience: so.credentials.clientId });
    expect(payload).toMatchObject({
      [SUPEROFFICE_CLAIMS.ctx]: "Cust12345",
      [SUPEROFFICE_CLAIMS.webApiUrl]: `${issuer}/Cust12345/api/`,
      [SUPEROFFICE_CLAIMS.systemToken]: so.credentials.systemUserToken,
    });
    expect(so.tokenRequests()).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(so.tokenRequests()[0]!.rawBody))).toEqual(refreshForm());
  });

  it("keeps the refresh token valid after use (no rotation at SuperOffice)", async () => {
    expect((await refresh(refreshForm())).status).toBe(200);
    expect((await refresh(refreshForm())).status).toBe(200);
  });

  it("answers a wrong client secret with 401 invalid_client, an unknown refresh token with invalid_grant", async () => {
    const wrong = await refresh(refreshForm({ client_secret: "wrong" }));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: "invalid_client", error_description: expect.any(String) });
    const unknown = await refresh(refreshForm({ refresh_token: "nope" }));
    expect([unknown.status, unknown.body.error]).toEqual([400, "invalid_grant"]);
    const grant = await refresh(refreshForm({ grant_type: "client_credentials" }));
    expect([grant.status, grant.body.error]).toEqual([400, "unsupported_grant_type"]);
  });

  it("accepts an access token until its TTL, then answers SuperOffice's 401; the static Bearer token stays valid", async () => {
    const accessToken = (await refresh(refreshForm())).body.access_token as string;
    expect((await contact(`Bearer ${accessToken}`)).status).toBe(200);
    await sleep(TTL * 1000 + 100);
    expect(await contact(`Bearer ${accessToken}`)).toEqual({
      status: 401,
      body: { Error: true, ErrorType: "SoAuthenticationException", ErrorMessage: "Invalid or expired access token", ErrorSource: "SuperOffice.WebApi" },
    });
    expect((await contact(`Bearer ${so.credentials.bearerToken}`)).status).toBe(200);
  });
});

describe("SuperOffice sandbox: POST /Login/api/PartnerSystemUser/Authenticate", () => {
  it("exchanges a signed system user token for a JWT that verifies against the served JWKS and carries a working ticket", async () => {
    so.clearRequests();
    const res = await authenticate(authenticateBody());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ IsSuccessful: true, ErrorMessage: "", Token: expect.any(String) });
    const { issuer, keys } = await discoveredKeys();
    const { payload, protectedHeader } = await jwtVerify(res.body.Token as string, keys, { issuer, audience: so.credentials.clientId });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload[SUPEROFFICE_CLAIMS.ctx]).toBe("Cust12345");
    const ticket = payload[SUPEROFFICE_CLAIMS.ticket] as string;
    expect(ticket).toMatch(/^7T:Cust12345\./);
    expect(payload.exp! - payload.iat!).toBe(TTL);
    expect((await contact(`SOTicket ${ticket}`)).status).toBe(200);
    const [recorded, ...others] = so.tokenRequests();
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({ method: "POST", path: "/Login/api/PartnerSystemUser/Authenticate" });
    expect(recorded!.body).toEqual({ ...authenticateBody(), SignedSystemToken: expect.stringMatching(/^SandboxApp-[^.]+\.\d{12}\.[A-Za-z0-9+/]+=*$/) });
  });

  it("refuses what it cannot verify with IsSuccessful false and no token", async () => {
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const cases: Array<[string, unknown, number?]> = [
      ["wrong application token", authenticateBody({ ApplicationToken: "wrong" })],
      ["another tenant", authenticateBody({ ContextIdentifier: "Cust99999" })],
      ["signed with another key", authenticateBody({ SignedSystemToken: signSystemToken({ privateKeyPem: otherKey }) })],
      ["an old signature", authenticateBody({ SignedSystemToken: signSystemToken({ at: minutesAgo(10) }) })],
      ["another system user token", authenticateBody({ SignedSystemToken: signSystemToken({ token: "SandboxApp-someoneelse" }) })],
      ["no signature", authenticateBody({ SignedSystemToken: so.credentials.systemUserToken })],
      ["a SAML token type", authenticateBody({ ReturnTokenType: "SAML" })],
      ["no body", [], 400],
    ];
    for (const [name, body, status] of cases) {
      const res = await authenticate(body);
      expect(res.status, name).toBe(status ?? 200);
      expect(res.body, name).toEqual({ IsSuccessful: false, ErrorMessage: expect.any(String), Token: null });
      expect(res.body.ErrorMessage as string, name).not.toContain(so.credentials.appToken);
    }
    // A signature a minute old is still fresh.
    expect((await authenticate(authenticateBody({ SignedSystemToken: signSystemToken({ at: minutesAgo(1) }) }))).body.IsSuccessful).toBe(true);
  });

  it("slides a ticket's TTL on use, and refuses it TTL after its last use with SuperOffice's 401", async () => {
    const jwt = (await authenticate(authenticateBody())).body.Token as string;
    const ticket = decodeJwt(jwt)[SUPEROFFICE_CLAIMS.ticket] as string;
    for (let i = 0; i < 2; i++) {
      expect((await contact(`SOTicket ${ticket}`)).status, `use ${i}`).toBe(200);
      await sleep(TTL * 600);
    }
    // 2.4 s after it was issued, yet alive: each use renewed it.
    expect((await contact(`SOTicket ${ticket}`)).status).toBe(200);
    await sleep(TTL * 1000 + 100);
    expect(await contact(`SOTicket ${ticket}`)).toEqual({
      status: 401,
      body: { Error: true, ErrorType: "SoAuthenticationException", ErrorMessage: "Invalid or expired ticket", ErrorSource: "SuperOffice.WebApi" },
    });
    expect((await contact(`SOTicket ${so.credentials.ticket}`)).status).toBe(200);
  });
});

describe("SuperOffice sandbox: token controls", () => {
  it("revokes issued tickets and access tokens, not the static credentials", async () => {
    const ticket = decodeJwt((await authenticate(authenticateBody())).body.Token as string)[SUPEROFFICE_CLAIMS.ticket] as string;
    const accessToken = (await refresh(refreshForm())).body.access_token as string;
    so.revokeTokens();
    expect((await contact(`SOTicket ${ticket}`)).status).toBe(401);
    expect((await contact(`Bearer ${accessToken}`)).status).toBe(401);
    expect((await contact(`SOTicket ${so.credentials.ticket}`)).status).toBe(200);
  });

  it("fails the login endpoints on demand, then recovers", async () => {
    so.clearRequests();
    so.failTokenEndpoint({ status: 503, body: { Error: true } }, { times: 2 });
    expect((await authenticate(authenticateBody())).status).toBe(503);
    expect((await refresh(refreshForm())).status).toBe(503);
    expect((await contact(`SOTicket ${so.credentials.ticket}`)).status).toBe(200);
    expect((await authenticate(authenticateBody())).body.IsSuccessful).toBe(true);
    expect(so.tokenRequests()).toHaveLength(3);
  });
});
