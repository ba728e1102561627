import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { CORS_ALLOWED_HEADERS } from "../../src/server/cors.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** CORS from CORS_ORIGINS / CORS_CREDENTIALS, and Apollo's CSRF prevention kept alongside it. */

const APP = "https://app.example.com";
const OTHER = "http://example.com";

function preflight(url: string, origin: string, requestHeaders = "content-type") {
  return fetch(`${url}/graphql`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders },
  });
}

function post(url: string, headers: Record<string, string>, body = JSON.stringify({ query: "{ __typename }" })) {
  return fetch(`${url}/graphql`, { method: "POST", headers, body });
}

const varyOf = (res: Response) => (res.headers.get("vary") ?? "").split(",").map((v) => v.trim().toLowerCase());

describe("CORS with the default configuration (same-origin only)", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ cors: loadConfig({}).cors });
  });
  afterAll(() => t.close());

  it("refuses a cross-origin preflight with 403 (not Apollo's CSRF 400), without allow headers", async () => {
    const res = await preflight(t.gateway.url, OTHER);
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(varyOf(res)).toContain("origin");
    expect(((await res.json()) as { error: string }).error).toMatch(/CORS_ORIGINS/);
  });

  it("answers a cross-origin POST without Access-Control-Allow-Origin, so the browser withholds it", async () => {
    const res = await post(t.gateway.url, { origin: OTHER, "content-type": "application/json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(varyOf(res)).toContain("origin");
  });

  it("says Vary: Origin on every route, merged with the route's own Vary", async () => {
    for (const path of ["/health", "/ready", "/metrics", "/nope"]) {
      expect(varyOf(await fetch(`${t.gateway.url}${path}`)), path).toContain("origin");
    }
    const page = await fetch(`${t.gateway.url}/`, { headers: { accept: "text/html" } });
    expect(varyOf(page)).toEqual(expect.arrayContaining(["origin", "accept", "accept-encoding"]));
    await page.arrayBuffer();
  });

  it("answers a plain OPTIONS (no preflight) with 204 and Allow", async () => {
    const res = await fetch(`${t.gateway.url}/graphql`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, POST, OPTIONS");
  });
});

describe("CORS_ORIGINS naming origins", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ cors: loadConfig({ CORS_ORIGINS: `${APP}, http://localhost:5173/` }).cors });
  });
  afterAll(() => t.close());

  it("answers an allowed origin's preflight with 204, the methods and every header a client sends", async () => {
    const res = await preflight(t.gateway.url, APP, "content-type, apollo-require-preflight, x-request-id, idempotency-key, traceparent");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS");
    const allowed = res.headers.get("access-control-allow-headers")!.split(", ");
    expect(allowed).toEqual(CORS_ALLOWED_HEADERS);
    for (const header of ["content-type", "apollo-require-preflight", "x-request-id", "idempotency-key", "traceparent"]) {
      expect(allowed).toContain(header);
    }
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("access-control-max-age")).toBe("600");
    expect(varyOf(res)).toContain("origin");
    // The entry written with a trailing slash matches what browsers send.
    expect((await preflight(t.gateway.url, "http://localhost:5173")).status).toBe(204);
  });

  it("lets an allowed origin read GraphQL answers and the request id", async () => {
    const res = await post(t.gateway.url, { origin: APP, "content-type": "application/json", "x-request-id": "cors-1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-expose-headers")).toBe("x-request-id");
    expect(varyOf(res)).toContain("origin");
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("gives other origins nothing", async () => {
    expect((await preflight(t.gateway.url, OTHER)).status).toBe(403);
    expect((await preflight(t.gateway.url, "https://app.example.com.evil.test")).status).toBe(403);
    const res = await post(t.gateway.url, { origin: OTHER, "content-type": "application/json" });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps Apollo's CSRF prevention: a GET or a simple POST needs apollo-require-preflight or a JSON content type", async () => {
    const get = (headers: Record<string, string>) => fetch(`${t.gateway.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, { headers });
    const blocked = await get({ origin: APP });
    expect(blocked.status).toBe(400);
    expect(await blocked.text()).toMatch(/CSRF/);
    expect((await get({ origin: APP, "apollo-require-preflight": "true" })).status).toBe(200);
    expect((await get({ "x-apollo-operation-name": "Anything" })).status).toBe(200);
    // A form-like POST (what a page can send without a preflight) is refused; JSON goes through.
    expect((await post(t.gateway.url, { origin: OTHER, "content-type": "text/plain" })).status).toBe(400);
    expect((await post(t.gateway.url, { origin: OTHER, "content-type": "application/json" })).status).toBe(200);
  });
});

describe("CORS_ORIGINS=* and CORS_CREDENTIALS", () => {
  it("* allows any origin without credentials; named origins may allow credentials", async () => {
    const any = await startTestGateway({ cors: loadConfig({ CORS_ORIGINS: "*" }).cors });
    const withCredentials = await startTestGateway({ cors: loadConfig({ CORS_ORIGINS: APP, CORS_CREDENTIALS: "on" }).cors });
    try {
      const res = await preflight(any.gateway.url, OTHER);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();

      const creds = await post(withCredentials.gateway.url, { origin: APP, "content-type": "application/json" });
      expect(creds.headers.get("access-control-allow-origin")).toBe(APP);
      expect(creds.headers.get("access-control-allow-credentials")).toBe("true");
      expect((await preflight(withCredentials.gateway.url, APP)).headers.get("access-control-allow-credentials")).toBe("true");
    } finally {
      await any.close();
      await withCredentials.close();
    }
  });
});
