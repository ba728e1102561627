import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { AUDIENCE, hmacWithPublicKey, makeKey, startTestIdp, unsignedToken, validClaims, type TestIdp } from "./jwks.js";

/**
 * Caller authentication over HTTP: the real gateway against the sandbox vendors, its JWKS served
 * by a test identity provider on loopback. Every refusal is a 401 before any vendor call.
 */

let idp: TestIdp;
let t: TestGateway;
beforeAll(async () => {
  idp = await startTestIdp();
  t = await startTestGateway({ auth: idp.config() });
});
afterAll(async () => {
  await t.close();
  await idp.close();
});
beforeEach(() => {
  t.reset();
  idp.serve([idp.key]);
  idp.fail(false);
});

const READ = `{ contact(vendor: HIGHLEVEL, id: "${HIGHLEVEL_DEMO.contacts.ada}") { id nativeId } }`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const now = () => Math.floor(Date.now() / 1000);

async function expectRefused(headers: Record<string, string>, message: RegExp, challenge = /^Bearer realm="crm-relations-gateway", error="invalid_token", error_description="[^"]+"$/) {
  const res = await t.gql(READ, {}, headers);
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(challenge);
  expect(res.data).toBeUndefined();
  expect(res.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: "UNAUTHENTICATED" } }]);
  expect(t.vendorCalls()).toEqual([]);
}

describe("a valid token", () => {
  it("lets the request through, and is not forwarded to the vendor", async () => {
    const token = await idp.sign(validClaims());
    const res = await t.gql(READ, {}, bearer(token));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ contact: { id: expect.any(String), nativeId: HIGHLEVEL_DEMO.contacts.ada } });
    const [call] = t.vendorCalls();
    expect(call!.path).toBe(`/contacts/${HIGHLEVEL_DEMO.contacts.ada}`);
    // The vendor sees the connection's own credentials, never the caller's JWT.
    expect(call!.headers.authorization).not.toContain(token);
    expect(JSON.stringify(call!.headers)).not.toContain(token.split(".")[2]);
  });

  it("leaves the request's other headers to do their work (request id, language)", async () => {
    const token = await idp.sign(validClaims());
    const res = await t.gql(`{ contactRelation(id: 1001) { activeText } }`, {}, { ...bearer(token), "x-request-id": "auth-req-1", "accept-language": "nb" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("auth-req-1");
    const [call] = t.sandboxes.superoffice.requests;
    expect(call!.headers["accept-language"]).toBe("nb");
    expect(call!.headers.authorization).not.toContain(token);
  });

  it("is accepted within the 30 s clock skew: expired 10 s ago, valid from 10 s on", async () => {
    for (const claims of [{ exp: now() - 10 }, { nbf: now() + 10 }]) {
      expect((await t.gql(READ, {}, bearer(await idp.sign(validClaims(claims))))).status).toBe(200);
    }
  });

  it("may carry any of several audiences, as long as one is accepted", async () => {
    const res = await t.gql(READ, {}, bearer(await idp.sign(validClaims({ aud: ["other-api", AUDIENCE] }))));
    expect(res.status).toBe(200);
  });
});

describe("refused with 401 UNAUTHENTICATED, WWW-Authenticate and no vendor call", () => {
  it("no token", () => expectRefused({}, /^Authentication required/, /^Bearer realm="crm-relations-gateway"$/));

  it("another scheme than Bearer", () => expectRefused({ authorization: "Basic dXNlcjpwYXNz" }, /bearer token/, /^Bearer realm="crm-relations-gateway"$/));

  it("an expired token (past the skew)", async () => expectRefused(bearer(await idp.sign(validClaims({ exp: now() - 60 }))), /expired/));

  it("a token not valid yet (past the skew)", async () => expectRefused(bearer(await idp.sign(validClaims({ nbf: now() + 120 }))), /not valid yet/));

  it("a wrong audience", async () => expectRefused(bearer(await idp.sign(validClaims({ aud: "api://other" }))), /audience/));

  it("a wrong issuer", async () => expectRefused(bearer(await idp.sign(validClaims({ iss: "https://evil.test/" }))), /issuer/));

  it("alg: none", () => expectRefused(bearer(unsignedToken(validClaims())), /algorithm|not a valid signed JWT/));

  it("HS256 signed with the provider's public key", async () => expectRefused(bearer(await hmacWithPublicKey(validClaims(), idp.key)), /algorithm/));

  it("a key the JWKS lacks", async () => {
    const stranger = await makeKey("stranger-key");
    await expectRefused(bearer(await idp.sign(validClaims(), stranger)), /key set does not contain/);
  });

  it("a key the JWKS lacks, under a kid it has", async () => {
    const impostor = await makeKey(idp.key.kid);
    await expectRefused(bearer(await idp.sign(validClaims(), impostor)), /signature is invalid/);
  });

  it("a tampered payload", async () => {
    const [header, , signature] = (await idp.sign(validClaims())).split(".");
    const forged = Buffer.from(JSON.stringify(validClaims({ scope: "relations:write", sub: "admin" }))).toString("base64url");
    await expectRefused(bearer(`${header}.${forged}.${signature}`), /signature is invalid/);
  });

  it("garbage", () => expectRefused(bearer("not-a-jwt"), /not a valid signed JWT/));

  it("a connections claim that is not a list of strings", async () =>
    expectRefused(bearer(await idp.sign(validClaims({ connections: { HIGHLEVEL: "default" } }))), /claim 'connections'/));

  it("a GET request too", async () => {
    const res = await fetch(`${t.gateway.url}/graphql?query=${encodeURIComponent(READ)}`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="crm-relations-gateway"');
    expect(t.vendorCalls()).toEqual([]);
  });
});

describe("the key set", () => {
  it("picks up a rotated key without a restart", async () => {
    expect((await t.gql(READ, {}, bearer(await idp.sign(validClaims())))).status).toBe(200);
    const rotated = await makeKey("key-2");
    const fetchesBefore = idp.fetches;
    idp.serve([rotated]);
    const res = await t.gql(READ, {}, bearer(await idp.sign(validClaims(), rotated)));
    expect(res.status).toBe(200);
    expect(idp.fetches).toBe(fetchesBefore + 1);
  });

  it("is cached: a known key costs no fetch", async () => {
    const token = await idp.sign(validClaims());
    await t.gql(READ, {}, bearer(token));
    const fetchesBefore = idp.fetches;
    for (let i = 0; i < 3; i++) expect((await t.gql(READ, {}, bearer(token))).status).toBe(200);
    expect(idp.fetches).toBe(fetchesBefore);
  });

  it("unavailable: UNAUTHENTICATED, and the log says why", async () => {
    idp.fail(true);
    const stranger = await makeKey("key-while-down");
    const logged = t.logs.length;
    await expectRefused(bearer(await idp.sign(validClaims(), stranger)), /keys are unavailable/);
    expect(t.logs.slice(logged).join("")).toMatch(/key set \(JWKS\) could not be fetched/);
  });
});

describe("routes without a token", () => {
  it.each(["/health", "/ready", "/metrics", "/"])("%s answers", async (path) => {
    const res = await fetch(`${t.gateway.url}${path}`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
  });

  it("the playground's assets and the browser page at /graphql answer", async () => {
    const page = await (await fetch(`${t.gateway.url}/graphql`, { headers: { accept: "text/html" } })).text();
    const asset = /\/playground\/[^"']+\.js/.exec(page)![0];
    expect((await fetch(`${t.gateway.url}${asset}`)).status).toBe(200);
  });
});

describe("tokens in the logs", () => {
  it("are never written, whether accepted or refused", async () => {
    const good = await idp.sign(validClaims());
    const expired = await idp.sign(validClaims({ exp: now() - 600 }));
    const logged = t.logs.length;
    await t.gql(READ, {}, bearer(good));
    await t.gql(READ, {}, bearer(expired));
    await t.gql(`{ nope }`, {}, bearer(good));
    const lines = t.logs.slice(logged).join("");
    expect(lines).toMatch(/expired/);
    for (const token of [good, expired]) for (const part of token.split(".")) expect(lines).not.toContain(part);
  });
});
