import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * /ready checks each connection with one cheap documented read that proves both its base URL
 * and its credential, sent as a request's calls are, and says which connection failed and why;
 * a connection in caller mode (no credential without a caller) is checked for reachability only.
 */

interface ReadyBody {
  status: string;
  reason?: string;
  vendors: Array<{ vendor: string; connection: string; ready: boolean; reachable: boolean; error?: string; reason?: string; credentials?: string }>;
}

async function ready(t: TestGateway): Promise<{ status: number; text: string; body: ReadyBody }> {
  const res = await fetch(`${t.gateway.url}/ready`);
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as ReadyBody };
}

const entry = (body: ReadyBody, vendor: string, connection: string) => body.vendors.find((v) => v.vendor === vendor && v.connection === connection);

/** What a recorded call carried, as the vendor saw it. */
const wire = (r: RecordedRequest) => ({ method: r.method, path: r.path, query: Object.fromEntries(r.query), body: r.body });

describe("a healthy gateway", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ readyCacheMs: 60_000 });
  });
  afterAll(() => t?.close());

  it("is ready after one documented read per connection, with the connection's credential, however many ask at once", async () => {
    t.reset();
    const answers = await Promise.all(Array.from({ length: 50 }, () => ready(t)));
    expect(answers.every((a) => a.status === 200 && a.body.status === "ready")).toBe(true);
    expect(answers[0]!.body.vendors).toEqual([
      { vendor: "CUSTOMER_INSIGHTS", connection: "default", sandbox: true, reachable: true, ready: true },
      { vendor: "SUPEROFFICE", connection: "default", sandbox: true, reachable: true, ready: true },
      { vendor: "HIGHLEVEL", connection: "default", sandbox: true, reachable: true, ready: true },
    ]);
    const { CUSTOMER_INSIGHTS: ci, SUPEROFFICE: so, HIGHLEVEL: hl } = t.sandboxes.connections;

    const [hub, ...moreHub] = t.sandboxes.customerInsights.requests;
    expect(moreHub).toEqual([]);
    expect(wire(hub!)).toEqual({ method: "GET", path: "/manage/model/relationships", query: { "api-version": "2017-04-26" }, body: undefined });
    expect(hub!.headers.authorization).toBe(`Bearer ${ci.default!.token}`);

    const [principal, ...moreSo] = t.sandboxes.superoffice.requests;
    expect(moreSo).toEqual([]);
    expect(wire(principal!)).toEqual({ method: "GET", path: "/Cust12345/api/v1/User/currentPrincipal", query: {}, body: undefined });
    expect(principal!.headers).toMatchObject({
      authorization: so.default!.authorization,
      "so-apptoken": so.default!.appToken,
      accept: "application/json",
      "accept-language": "en",
    });

    const [associations, ...moreHl] = t.sandboxes.highlevel.requests;
    expect(moreHl).toEqual([]);
    expect(wire(associations!)).toEqual({
      method: "GET",
      path: "/associations/",
      query: { locationId: hl.default!.locationId, skip: "0", limit: "1" },
      body: undefined,
    });
    expect(associations!.headers).toMatchObject({ authorization: `Bearer ${hl.default!.token}`, version: "2021-07-28" });
  });

  it("the SuperOffice sandbox answers the principal as the vendor documents it (SoPrincipalCarrier)", async () => {
    const so = t.sandboxes.connections.SUPEROFFICE.default!;
    const res = await fetch(`${so.baseUrl}/User/currentPrincipal`, { headers: { authorization: so.authorization!, "so-apptoken": so.appToken! } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ AssociateId: 5, Associate: "SYSTEM", UserName: "SYSTEM", DatabaseContextIdentifier: "Cust12345", Licenses: [] });
    expect((await fetch(`${so.baseUrl}/User/currentPrincipal`)).status).toBe(401);
  });
});

describe("connections that cannot serve a request", () => {
  let t: TestGateway;
  let wrong: Server;
  const tokens: string[] = [];

  beforeAll(async () => {
    wrong = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" }).end("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>");
    });
    await new Promise<void>((resolve) => wrong.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
    t = await startTestGateway({ readyCacheMs: 0 }, (connections, sandboxes) => {
      const so = connections.SUPEROFFICE;
      const hl = connections.HIGHLEVEL;
      so.html = { ...so.default!, name: "html", baseUrl: `${origin}/Cust1/api/v1` };
      so.revoked = { ...so.default!, name: "revoked", authorization: "SOTicket 7T:no-longer-valid-ticket" };
      hl.revoked = { ...hl.default!, name: "revoked", token: "pit-revoked-token-0000" };
      hl.perCaller = { ...hl.default!, name: "perCaller", token: undefined, callerHeader: "x-highlevel-token" };
      const c = sandboxes.highlevel.credentials;
      hl.refused = { ...hl.default!, name: "refused", token: undefined, oauth: { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: "spent-refresh-token", tokenUrl: c.tokenUrl } };
      hl.refreshing = { ...hl.default!, name: "refreshing", token: undefined, oauth: { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: c.refreshToken, tokenUrl: c.tokenUrl } };
      tokens.push("no-longer-valid-ticket", "pit-revoked-token-0000", "spent-refresh-token", c.clientSecret, c.refreshToken);
    });
  });
  afterAll(async () => {
    await t?.close();
    wrong?.close();
  });

  it("is 503 naming each failing connection and why, without URLs or tokens; the healthy ones stay ready", async () => {
    const { status, text, body } = await ready(t);
    expect(status).toBe(503);
    expect(body.status).toBe("unavailable");
    expect(entry(body, "SUPEROFFICE", "html")).toMatchObject({ reachable: true, ready: false, error: "UPSTREAM_BAD_RESPONSE" });
    expect(entry(body, "SUPEROFFICE", "html")!.reason).toContain("HTTP 404 and an HTML page");
    expect(entry(body, "SUPEROFFICE", "html")!.reason).toContain("check the connection's base URL");
    expect(entry(body, "SUPEROFFICE", "revoked")).toEqual({
      vendor: "SUPEROFFICE",
      connection: "revoked",
      sandbox: true,
      reachable: true,
      ready: false,
      error: "UNAUTHENTICATED",
      reason: "SuperOffice (connection 'revoked') rejected the connection's credentials",
    });
    expect(entry(body, "HIGHLEVEL", "revoked")).toMatchObject({ ready: false, error: "UNAUTHENTICATED" });
    // A refresh that can never succeed: the token endpoint's refusal, by its code.
    expect(entry(body, "HIGHLEVEL", "refused")).toMatchObject({ ready: false, error: "UNAUTHENTICATED" });
    expect(entry(body, "HIGHLEVEL", "refused")!.reason).toContain("invalid_grant");
    for (const [vendor, connection] of [["CUSTOMER_INSIGHTS", "default"], ["SUPEROFFICE", "default"], ["HIGHLEVEL", "default"], ["HIGHLEVEL", "refreshing"]]) {
      expect(entry(body, vendor!, connection!), `${vendor}/${connection}`).toMatchObject({ ready: true, reachable: true });
    }
    expect(body.reason).toContain("SUPEROFFICE connection 'html' (UPSTREAM_BAD_RESPONSE)");
    expect(body.reason).toContain("SUPEROFFICE connection 'revoked' (UNAUTHENTICATED)");
    expect(body.reason).toContain("HIGHLEVEL connection 'refused' (UNAUTHENTICATED)");
    expect(body.reason).not.toContain("'default'");
    expect(text).not.toContain("127.0.0.1");
    for (const token of tokens) expect(text).not.toContain(token);
    const warning = t.logs.flatMap((chunk) => chunk.split("\n")).find((line) => line.includes("not ready: a vendor connection failed its check"));
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, failing: expect.arrayContaining([expect.objectContaining({ connection: "html", error: "UPSTREAM_BAD_RESPONSE" })]) });
    for (const token of tokens) expect(t.logs.join("")).not.toContain(token);
  });

  it("checks a caller-mode connection for reachability only: a HEAD of its origin, no credential", async () => {
    t.reset();
    const { body } = await ready(t);
    expect(entry(body, "HIGHLEVEL", "perCaller")).toEqual({
      vendor: "HIGHLEVEL",
      connection: "perCaller",
      sandbox: true,
      reachable: true,
      ready: true,
      credentials: "per caller",
    });
    const heads = t.sandboxes.highlevel.requests.filter((r) => r.method === "HEAD");
    expect(heads.map((r) => ({ path: r.path, authorization: r.headers.authorization }))).toEqual([{ path: "/", authorization: undefined }]);
  });

  it("stays ready while the token endpoint is down but the connection's token is still valid", async () => {
    await ready(t); // the refreshing connection holds a token from the checks before
    t.reset();
    t.sandboxes.highlevel.failTokenEndpoint({ status: 503, body: { error: "temporarily_unavailable" } });
    const { body } = await ready(t);
    expect(entry(body, "HIGHLEVEL", "refreshing")).toMatchObject({ ready: true });
    const probe = t.sandboxes.highlevel.requests.filter((r) => r.path === "/associations/");
    expect(probe.map((r) => String(r.headers.authorization))).toContainEqual(expect.stringMatching(/^Bearer hl-oauth-/));
  });
});

describe("a refresh the token endpoint refuses while the token held is still valid", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway(
      { readyCacheMs: 0 },
      (connections, sandboxes) => {
        const c = sandboxes.highlevel.credentials;
        connections.HIGHLEVEL.default = {
          ...connections.HIGHLEVEL.default!,
          token: undefined,
          oauth: { clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: c.refreshToken, tokenUrl: c.tokenUrl },
        };
      },
      // Refreshed ahead of expiry from 4 s on.
      { tokenTtlSeconds: 5 },
    );
  });
  afterAll(() => t?.close());

  it("makes the connection not ready, naming the endpoint's error code: that refresh can never succeed", async () => {
    expect((await ready(t)).status).toBe(200);
    t.sandboxes.highlevel.failTokenEndpoint({ status: 400, body: { error: "invalid_grant" } });
    // Into the refresh window: the token is served and refreshed behind it, and that refresh is refused.
    await new Promise((resolve) => setTimeout(resolve, 4_200));
    await ready(t);
    await expect.poll(() => t.sandboxes.highlevel.tokenRequests().length).toBeGreaterThan(1);
    const { status, body } = await ready(t);
    expect(status).toBe(503);
    expect(entry(body, "HIGHLEVEL", "default")).toMatchObject({ ready: false, error: "UNAUTHENTICATED" });
    expect(entry(body, "HIGHLEVEL", "default")!.reason).toContain("invalid_grant");
  });
});
