import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import { VENDORS } from "../../src/domain/vendor.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { startTestSandboxes } from "../support/sandboxes.js";

/**
 * OAuth refresh (HighLevel: rotating refresh tokens) end to end: the real gateway over HTTP, the
 * sandbox's token endpoint issuing tokens that live TTL seconds, a credentials file sealed under
 * CREDENTIALS_KEY. Each test reads the exact token requests the sandbox received.
 */

const TTL = 2;
const READ = `{ contact(vendor: HIGHLEVEL, id: "${HIGHLEVEL_DEMO.contacts.ada}") { name } }`;

const dir = mkdtempSync(join(tmpdir(), "gw-creds-"));
const file = join(dir, "credentials.json");
const key = randomBytes(32);
let t: TestGateway;
let seed: string;

function start(sandboxes: TestGateway["sandboxes"], refreshToken?: string): Promise<TestGateway> {
  return startTestGateway(
    { credentials: { key, file } },
    (connections, s) => {
      const c = s.highlevel.credentials;
      connections.HIGHLEVEL.default = {
        ...connections.HIGHLEVEL.default!,
        token: undefined,
        oauth: { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: refreshToken ?? seed, tokenUrl: c.tokenUrl },
      };
    },
    { tokenTtlSeconds: TTL, sandboxes },
  );
}

const tokenForms = (g: TestGateway) => g.sandboxes.highlevel.tokenRequests().map((r) => Object.fromEntries(new URLSearchParams(r.rawBody)));
const apiCalls = (g: TestGateway) => g.sandboxes.highlevel.requests.filter((r) => r.path.startsWith("/contacts/"));
const bearer = (r: RecordedRequest) => String(r.headers.authorization);

let sandboxes: TestGateway["sandboxes"];

beforeAll(async () => {
  sandboxes = (await startTestSandboxes(VENDORS, { highlevel: { rateLimit: { max: 100_000 } }, tokenTtlSeconds: TTL })) as TestGateway["sandboxes"];
  seed = sandboxes.highlevel.credentials.refreshToken;
  t = await start(sandboxes);
}, 30_000);

afterAll(async () => {
  await t?.close();
  await sandboxes?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("OAuth refresh with rotating refresh tokens", () => {
  it("fetches a token with the vendor's form, sends it, and refreshes it across expiry with the rotated refresh token", async () => {
    const c = t.sandboxes.highlevel.credentials;
    const first = await t.gql(READ);
    expect(first.errors).toBeUndefined();
    expect(tokenForms(t)).toEqual([
      { client_id: c.clientId, client_secret: c.clientSecret, grant_type: "refresh_token", refresh_token: seed, user_type: "Location" },
    ]);
    const [call] = apiCalls(t);
    expect(bearer(call!)).toMatch(/^Bearer hl-oauth-/);
    expect(bearer(call!)).not.toBe(`Bearer ${t.sandboxes.connections.HIGHLEVEL.default!.token}`);

    // Held while valid: no second token request.
    await t.gql(READ);
    expect(tokenForms(t)).toHaveLength(1);

    await sleep(TTL * 1000 + 200);
    t.sandboxes.highlevel.clearRequests();
    const later = await t.gql(READ);
    expect(later.errors).toBeUndefined();
    const [refresh] = tokenForms(t);
    expect(tokenForms(t)).toHaveLength(1);
    // The seed is spent: the refresh used the token the first answer rotated in.
    expect(refresh!.refresh_token).not.toBe(seed);
    expect(apiCalls(t).map((r) => r.headers.authorization)).not.toContain(call!.headers.authorization);
  }, 20_000);

  it("removes the fetched access token and refresh token from vendor text that echoes them", async () => {
    const access = bearer(apiCalls(t).at(-1)!).split(" ")[1]!;
    const refresh = tokenForms(t).at(-1)!.refresh_token!;
    t.sandboxes.highlevel.injectFault(
      { status: 400, body: { statusCode: 400, message: `token ${access} (refresh ${refresh}) invalid for location` } },
      { match: (r) => r.method === "POST" && r.path === "/associations/relations" },
    );
    const res = await t.gql<any>(
      `mutation { createAssociationRelation(input: { associationId: "${HIGHLEVEL_DEMO.associations.referral}", firstRecordId: "${HIGHLEVEL_DEMO.contacts.edsger}", secondRecordId: "${HIGHLEVEL_DEMO.contacts.margaret}" }) { userErrors { message code } } }`,
    );
    const [error] = res.data.createAssociationRelation.userErrors;
    expect(error.code).toBe("UPSTREAM_REJECTED");
    expect(error.message).toContain("invalid for location");
    expect(error.message).not.toContain(access);
    expect(error.message).not.toContain(refresh);
    expect(t.logs.join("")).not.toContain(access);
  });

  it("keeps tokens encrypted at rest: the credentials file holds no token in plain text", async () => {
    const text = readFileSync(file, "utf8");
    expect(Object.keys(JSON.parse(text) as object)).toHaveLength(1);
    const tokens = [...apiCalls(t).map((r) => bearer(r).split(" ")[1]!), ...tokenForms(t).map((f) => f.refresh_token!), seed];
    expect(tokens.length).toBeGreaterThan(1);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toContain(t.sandboxes.highlevel.credentials.clientSecret);
  });

  it("after a revoked token: one refresh and one retry of the refused call", async () => {
    t.reset();
    t.sandboxes.highlevel.revokeTokens();
    const res = await t.gql(READ);
    expect(res.errors).toBeUndefined();
    expect(tokenForms(t)).toHaveLength(1);
    const calls = apiCalls(t);
    expect(calls).toHaveLength(2);
    expect(bearer(calls[1]!)).not.toBe(bearer(calls[0]!));
  });

  it("a token endpoint that is down is a typed error within the request, then recovers without a restart", async () => {
    t.reset();
    t.sandboxes.highlevel.failTokenEndpoint({ status: 503, body: { error: "temporarily_unavailable" } }, { times: 100 });
    t.sandboxes.highlevel.revokeTokens();
    const down = await t.gql(READ);
    expect(down.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", vendor: "HIGHLEVEL", connection: "default" });
    // Backing off: the next request is answered at once, without another token request.
    const sent = t.sandboxes.highlevel.tokenRequests().length;
    expect((await t.gql(READ)).errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(t.sandboxes.highlevel.tokenRequests()).toHaveLength(sent);

    t.sandboxes.highlevel.clearFaults();
    await sleep(1_100);
    const back = await t.gql(READ);
    expect(back.errors).toBeUndefined();
  }, 20_000);

  it("a restart with the spent seed still in the config carries on with the stored refresh token", async () => {
    await sleep(TTL * 1000 + 200);
    await t.close();
    sandboxes.highlevel.clearRequests();
    t = await start(sandboxes);
    const res = await t.gql(READ);
    expect(res.errors).toBeUndefined();
    const forms = tokenForms(t);
    expect(forms).toHaveLength(1);
    expect(forms[0]!.refresh_token).not.toBe(seed);
  }, 20_000);

  it("counts refreshes and the token's time left in /metrics, logs one line per refresh, and never a secret", async () => {
    const metrics = await (await fetch(`${t.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_credential_refresh_total\{vendor="HIGHLEVEL",connection="default",outcome="refreshed"\} [1-9]/);
    expect(metrics).toMatch(/gateway_credential_expiry_seconds\{vendor="HIGHLEVEL",connection="default"\} -?\d+/);
    const logs = t.logs.join("");
    expect(logs).toContain("vendor credential refreshed");
    const c = t.sandboxes.highlevel.credentials;
    const secrets = [c.clientSecret, seed, ...tokenForms(t).map((f) => f.refresh_token!), ...apiCalls(t).map((r) => bearer(r).split(" ")[1]!)];
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      expect(metrics).not.toContain(secret);
    }
  });

  it("a refused grant is UNAUTHENTICATED naming the endpoint's error code and no secret", async () => {
    await t.close();
    rmSync(file, { force: true });
    sandboxes.highlevel.clearRequests();
    t = await start(sandboxes, "hl-refresh-not-granted-0000");
    const res = await t.gql(READ);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", vendor: "HIGHLEVEL" });
    expect(res.errors?.[0]?.message).toContain("invalid_grant");
    expect(JSON.stringify(res)).not.toContain("hl-refresh-not-granted-0000");
    expect(JSON.stringify(res)).not.toContain(sandboxes.highlevel.credentials.clientSecret);
    expect(apiCalls(t)).toHaveLength(0);
  });
});
