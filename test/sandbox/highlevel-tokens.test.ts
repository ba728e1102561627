import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO as D, HIGHLEVEL_SCOPES, startHighLevelSandbox, type HighLevelSandbox } from "../../src/sandbox/highlevel/index.js";

/** HighLevel's OAuth token endpoint and the life of the tokens it issues, over raw HTTP. */

const TTL = 2;
let sandbox: HighLevelSandbox;

beforeAll(async () => {
  sandbox = await startHighLevelSandbox({ tokenTtlSeconds: TTL });
});
afterAll(() => sandbox.close());

async function token(form: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  const res = await fetch(sandbox.credentials.tokenUrl, {
    method: "POST",
    headers: { "content-type": contentType },
    body: contentType.includes("json") ? JSON.stringify(form) : new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const refreshForm = (refreshToken: string, overrides: Record<string, string> = {}) => ({
  client_id: sandbox.credentials.clientId,
  client_secret: sandbox.credentials.clientSecret,
  grant_type: "refresh_token",
  refresh_token: refreshToken,
  user_type: "Location",
  ...overrides,
});

async function contact(accessToken: string) {
  const res = await fetch(`${sandbox.baseUrl}/contacts/${D.contacts.ada}`, {
    headers: { authorization: `Bearer ${accessToken}`, version: "2021-07-28" },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("HighLevel sandbox: POST /oauth/token", () => {
  it("exposes its app, a seed refresh token and the token URL on its own origin", () => {
    expect(sandbox.credentials).toEqual({
      tokenUrl: `${sandbox.baseUrl}/oauth/token`,
      clientId: expect.stringMatching(/^hl-client-/),
      clientSecret: expect.stringMatching(/^hl-secret-/),
      refreshToken: expect.stringMatching(/^hl-refresh-/),
      locationId: D.locationId,
      companyId: expect.any(String),
    });
  });

  it("renews a refresh token into a Location access token that the API accepts, and records the request", async () => {
    sandbox.clearRequests();
    const refreshToken = sandbox.grantRefreshToken();
    const res = await token(refreshForm(refreshToken));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^hl-oauth-/),
      token_type: "Bearer",
      expires_in: TTL,
      refresh_token: expect.stringMatching(/^hl-refresh-/),
      scope: HIGHLEVEL_SCOPES,
      userType: "Location",
      locationId: D.locationId,
      companyId: sandbox.credentials.companyId,
    });
    expect(res.body.refresh_token).not.toBe(refreshToken);
    expect((await contact(res.body.access_token as string)).status).toBe(200);

    const [recorded, ...others] = sandbox.tokenRequests();
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({ method: "POST", path: "/oauth/token" });
    expect(Object.fromEntries(new URLSearchParams(recorded!.rawBody))).toEqual(refreshForm(refreshToken));
  });

  it("spends a refresh token on use: the second use is invalid_grant, its successor works", async () => {
    const seed = sandbox.credentials.refreshToken;
    const first = await token(refreshForm(seed));
    expect(first.status).toBe(200);
    const again = await token(refreshForm(seed));
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: "invalid_grant", error_description: expect.stringMatching(/refresh token/i) });
    expect((await token(refreshForm(first.body.refresh_token as string))).status).toBe(200);
  });

  it("answers the OAuth errors of RFC 6749 §5.2", async () => {
    const refreshToken = sandbox.grantRefreshToken();
    const cases: Array<[Record<string, string>, number, string, string?]> = [
      [refreshForm(refreshToken, { client_secret: "wrong" }), 401, "invalid_client"],
      [refreshForm(refreshToken, { client_id: "someone-else" }), 401, "invalid_client"],
      [refreshForm(refreshToken, { grant_type: "password" }), 400, "unsupported_grant_type"],
      [refreshForm(refreshToken, { refresh_token: "" }), 400, "invalid_request"],
      [refreshForm(refreshToken, { user_type: "Company" }), 400, "invalid_request"],
      [refreshForm("hl-refresh-unknown"), 400, "invalid_grant"],
      [refreshForm(refreshToken), 400, "invalid_request", "application/json"],
    ];
    for (const [i, [form, status, error, contentType]] of cases.entries()) {
      const res = await token(form, contentType);
      // Labelled by position: the form holds the client secret.
      expect([res.status, res.body.error], `case ${i}`).toEqual([status, error]);
      expect(JSON.stringify(res.body)).not.toContain(sandbox.credentials.clientSecret);
    }
    // None of the failures spent the refresh token.
    expect((await token(refreshForm(refreshToken))).status).toBe(200);
  });
});

describe("HighLevel sandbox: issued tokens", () => {
  it("accepts an access token until its TTL, then answers 401 Invalid JWT; the static token stays valid", async () => {
    const issued = await token(refreshForm(sandbox.grantRefreshToken()));
    const accessToken = issued.body.access_token as string;
    expect((await contact(accessToken)).status).toBe(200);
    await sleep(TTL * 1000 + 100);
    const expired = await contact(accessToken);
    expect(expired).toEqual({ status: 401, body: { statusCode: 401, message: "Invalid JWT", error: "Unauthorized", traceId: expect.any(String) } });
    expect((await contact(sandbox.connection().token!)).status).toBe(200);
  });

  it("refuses revoked access tokens with 401", async () => {
    const accessToken = (await token(refreshForm(sandbox.grantRefreshToken()))).body.access_token as string;
    expect((await contact(accessToken)).status).toBe(200);
    sandbox.revokeTokens();
    expect((await contact(accessToken)).status).toBe(401);
    expect((await contact(sandbox.connection().token!)).status).toBe(200);
  });

  it("binds a token to the location of its refresh token", async () => {
    const accessToken = (await token(refreshForm(sandbox.grantRefreshToken(D.otherLocationId)))).body.access_token as string;
    expect((await contact(accessToken)).status).toBe(403);
  });

  it("fails the token endpoint on demand, then recovers", async () => {
    sandbox.clearRequests();
    sandbox.failTokenEndpoint({ status: 503, body: { message: "unavailable" } }, { times: 2 });
    const refreshToken = sandbox.grantRefreshToken();
    expect((await token(refreshForm(refreshToken))).status).toBe(503);
    // The API itself is not affected by the token endpoint's fault.
    expect((await contact(sandbox.connection().token!)).status).toBe(200);
    expect((await token(refreshForm(refreshToken))).status).toBe(503);
    expect((await token(refreshForm(refreshToken))).status).toBe(200);
    expect(sandbox.tokenRequests()).toHaveLength(3);
  });
});
