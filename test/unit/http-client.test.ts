import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { UpstreamError } from "../../src/errors.js";
import { RequestBudget } from "../../src/http/budget.js";
import { HttpClient } from "../../src/http/client.js";
import type { UpstreamCallRecord } from "../../src/http/observer.js";
import { urlPath } from "../../src/http/path.js";
import { startSandboxServer, type RunningSandboxServer } from "../../src/sandbox/http.js";

let server: RunningSandboxServer;
const calls: UpstreamCallRecord[] = [];

beforeAll(async () => {
  server = await startSandboxServer(async (req) => ({ status: 200, body: { path: req.path, query: req.query.toString() } }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.clearRequests();
  server.clearFaults();
  calls.splice(0);
});

function client(timeoutMs = 2_000, baseUrl = `${server.origin}/Cust1/api/v1/`) {
  return new HttpClient({
    baseUrl,
    target: { vendor: "SUPEROFFICE", connection: "default" }, name: "SuperOffice (connection 'default')",
    timeoutMs,
    observer: { callFinished: (record) => calls.push(record) },
  });
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("HttpClient", () => {
  it("prefixes the base path, encodes path values and query, sends JSON with gateway headers", async () => {
    const res = await client().request({
      method: "POST",
      path: urlPath`/Relation/${"a/../b c"}`,
      query: { $select: "Name,Id", ids: ["1", "2"], skip: 0, none: undefined },
      headers: { Authorization: "Bearer x" },
      body: { A: 1 },
    });
    expect(res.status).toBe(200);
    const req = server.requests[0]!;
    expect(req.path).toBe("/Cust1/api/v1/Relation/a%2F..%2Fb%20c");
    expect(req.query.toString()).toBe("%24select=Name%2CId&ids=1&ids=2&skip=0");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers["user-agent"]).toMatch(/^crm-relations-gateway\/\d/);
    expect(req.headers.authorization).toBe("Bearer x");
    expect(req.body).toEqual({ A: 1 });
    expect(calls[0]).toMatchObject({ method: "POST", operation: "/Relation/{}", status: 200, attempt: 1 });
  });

  it.each([
    [401, "UNAUTHENTICATED"],
    [403, "FORBIDDEN"],
    [500, "UPSTREAM_UNAVAILABLE"],
    [302, "UPSTREAM_BAD_RESPONSE"],
  ])("maps HTTP %i to %s with vendor, connection and status", async (status, code) => {
    server.injectFault({ status, body: { message: "secret-ish vendor text" } });
    const error = await failure(client().request({ method: "POST", path: urlPath`/x` }));
    expect(error.code).toBe(code);
    // A POST is no safe repeat: after a 5xx the vendor may have written, so the outcome is unknown.
    expect(error.extensions()).toEqual({ code, vendor: "SUPEROFFICE", connection: "default", status, ...(status >= 500 && { writeOutcome: "UNKNOWN" }) });
    expect(error.message).not.toContain("127.0.0.1");
  });

  it("marks a write's outcome UNKNOWN only when the vendor may have received it", async () => {
    server.injectFault({ status: 500 });
    expect((await failure(client().request({ method: "GET", path: urlPath`/x`, idempotent: true }))).writeOutcome).toBeUndefined();
    server.injectFault({ handleThen: "hang" });
    const timedOut = await failure(client(300).request({ method: "POST", path: urlPath`/x` }));
    expect(timedOut.extensions()).toMatchObject({ code: "UPSTREAM_TIMEOUT", writeOutcome: "UNKNOWN" });
    const refused = new HttpClient({ baseUrl: "http://127.0.0.1:9/api", target: { vendor: "SUPEROFFICE", connection: "default" }, name: "SuperOffice (connection 'default')", timeoutMs: 1_000 });
    const neverSent = await failure(refused.request({ method: "POST", path: urlPath`/x` }));
    expect(neverSent.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(neverSent.writeOutcome).toBeUndefined();
  });

  it("maps 429 to RATE_LIMITED with Retry-After seconds", async () => {
    server.injectFault({ status: 429, headers: { "retry-after": "7" } });
    const error = await failure(client().request({ method: "GET", path: urlPath`/x` }));
    expect(error.extensions()).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 7 });
  });

  it("returns vendor refusals (400/404/409/422) for the adapter to read", async () => {
    server.injectFault({ status: 422, body: { message: ["bad"] } });
    const res = await client().request({ method: "POST", path: urlPath`/x` });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ message: ["bad"] });
  });

  it("retries idempotent calls on 503 and succeeds", async () => {
    server.injectFault({ status: 503 }, { times: 2 });
    const res = await client().request({ method: "GET", path: urlPath`/x`, idempotent: true });
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(3);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it("never retries a non-idempotent call", async () => {
    server.injectFault({ status: 503 });
    await failure(client().request({ method: "POST", path: urlPath`/x` }));
    expect(server.requests).toHaveLength(1);
  });

  it("gives up at the deadline with UPSTREAM_TIMEOUT", async () => {
    server.injectFault({ hang: true });
    const started = Date.now();
    const error = await failure(client(200).request({ method: "POST", path: urlPath`/x` }));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2_000);
    // the pool is still usable afterwards
    expect((await client().request({ method: "GET", path: urlPath`/y` })).status).toBe(200);
  });

  it("reports an unreachable vendor as UPSTREAM_UNAVAILABLE", async () => {
    const dead = await startSandboxServer(async () => ({ status: 200 }));
    const origin = dead.origin;
    await dead.close();
    const error = await failure(client(1_000, origin).request({ method: "GET", path: urlPath`/x`, idempotent: true }));
    expect(error.code).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("turns an unparseable JSON body into UPSTREAM_BAD_RESPONSE", async () => {
    server.injectFault({ status: 200, body: "<html>oops</html>" });
    const res = await client().request({ method: "GET", path: urlPath`/x` });
    expect(() => res.json()).toThrow(expect.objectContaining({ code: "UPSTREAM_BAD_RESPONSE" }));
  });

  it("owns only URLs under its base URL", () => {
    const c = client();
    expect(c.owns(new URL(`${server.origin}/Cust1/api/v1/Contact/1/Relations?$skip=50`))).toBe(true);
    expect(c.owns(new URL(`${server.origin}/Cust2/api/v1/Contact`))).toBe(false);
    expect(c.owns(new URL("https://evil.example.com/Cust1/api/v1/Contact"))).toBe(false);
    expect(c.relativePath(new URL(`${server.origin}/Cust1/api/v1/Contact/1?x=1`))).toBe("/Contact/1?x=1");
  });
});

describe("HttpClient: answer size cap", () => {
  function capped(maxResponseBytes: number) {
    return new HttpClient({
      baseUrl: server.origin,
      target: { vendor: "SUPEROFFICE", connection: "default" },
      name: "SuperOffice (connection 'default')",
      timeoutMs: 5_000,
      maxResponseBytes,
      observer: { callFinished: (record) => calls.push(record) },
    });
  }

  it.each([
    ["declares a larger Content-Length", true],
    ["streams past the cap without a length", false],
  ])("an answer that %s is UPSTREAM_BAD_RESPONSE and its socket is dropped", async (_name, declareLength) => {
    let written = -1;
    server.injectFault({ status: 200, stream: { bytes: 20_000_000, declareLength, written: (n) => (written = n) } });
    const client = capped(100_000);
    const error = await failure(client.request({ method: "GET", path: urlPath`/big` }));
    expect(error.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(error.message).toBe("SuperOffice (connection 'default') answered with more than 100000 bytes");
    expect(calls.at(-1)).toMatchObject({ status: 200, errorCode: "UPSTREAM_BAD_RESPONSE" });
    // The sandbox stops writing once the gateway drops the socket: far less than the 20 MB went out.
    await vi.waitFor(() => expect(written).toBeGreaterThanOrEqual(0));
    expect(written).toBeLessThan(10_000_000);
    // The pool goes on with a fresh connection.
    expect((await client.request({ method: "GET", path: urlPath`/small` })).status).toBe(200);
    await client.close();
  });

  it("reads an answer right at the cap", async () => {
    server.injectFault({ status: 200, stream: { bytes: 100_000 } });
    const client = capped(100_000);
    const res = await client.request({ method: "GET", path: urlPath`/exact` });
    expect(res.text).toHaveLength(100_000);
    await client.close();
  });
});

describe("HttpClient: a call's own deadline", () => {
  /** A vendor that answers its headers at once, then one byte every `everyMs`, never ending. */
  async function trickling(everyMs: number) {
    const trickle = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), everyMs);
      res.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/`,
      close: async () => {
        trickle.closeAllConnections();
        await new Promise((resolve) => trickle.close(resolve));
      },
    };
  }

  it("cuts a call without a request budget at UPSTREAM_TIMEOUT_MS, even when its answer keeps trickling in", async () => {
    // A chunk every 50 ms: undici's idle timers (headers, between chunks) alone would never fire.
    const trickle = await trickling(50);
    try {
      const started = Date.now();
      const error = await failure(client(400, trickle.url).request({ method: "GET", path: urlPath`/x` }));
      expect(error.code).toBe("UPSTREAM_TIMEOUT");
      expect(error.message).toBe("SuperOffice (connection 'default') did not answer within 400 ms");
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(calls).toMatchObject([{ status: 200, errorCode: "UPSTREAM_TIMEOUT" }]);
    } finally {
      await trickle.close();
    }
  });

  it("cuts a trickling answer at UPSTREAM_TIMEOUT_MS inside a request whose deadline is later, not at the request's", async () => {
    // A byte every 200 ms (issue 21, item 7): before, only the request's 10 s deadline ended it.
    const trickle = await trickling(200);
    const budget = new RequestBudget(10_000);
    try {
      const started = Date.now();
      const error = await failure(client(500, trickle.url).request({ method: "GET", path: urlPath`/x`, budget }));
      expect(error.code).toBe("UPSTREAM_TIMEOUT");
      expect(error.message).toBe("SuperOffice (connection 'default') did not answer within 500 ms");
      // Well before the request's deadline (no tight timing: the machine is shared).
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(budget.ended).toBeUndefined();
      expect(calls).toMatchObject([{ status: 200, errorCode: "UPSTREAM_TIMEOUT" }]);
    } finally {
      budget.finish();
      await trickle.close();
    }
  });
});

describe("HttpClient: the request's budget", () => {
  it("cuts a call in flight at the request's deadline, sooner than UPSTREAM_TIMEOUT_MS", async () => {
    server.injectFault({ hang: true });
    const budget = new RequestBudget(300);
    const started = Date.now();
    const error = await failure(client(10_000).request({ method: "GET", path: urlPath`/x`, budget }));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(error.message).toBe("SuperOffice (connection 'default') did not answer within the request's deadline");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(budget.calls).toBe(1);
  });

  it("drops calls not yet sent once the request is given up: no vendor call, and nothing counted", async () => {
    const budget = new RequestBudget(10_000);
    budget.end("client-gone");
    const error = await failure(client().request({ method: "GET", path: urlPath`/x`, budget, idempotent: true }));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(server.requests).toHaveLength(0);
    expect(calls).toHaveLength(0);
    expect(budget.calls).toBe(0);
  });

  it("aborts a call in flight when the client goes away", async () => {
    server.injectFault({ hang: true });
    const budget = new RequestBudget(10_000);
    const pending = client(10_000).request({ method: "GET", path: urlPath`/x`, budget });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    budget.end("client-gone");
    const error = await failure(pending);
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(calls).toMatchObject([{ errorCode: "UPSTREAM_TIMEOUT" }]);
  });

  it("keeps at most REQUEST_MAX_CONCURRENT_CALLS of one request in flight; the rest wait their turn, and are dropped if it ends", async () => {
    server.delayMs = 200;
    try {
      const budget = new RequestBudget(10_000, 2);
      const http = client(10_000);
      const all = Promise.allSettled(Array.from({ length: 5 }, (_, i) => http.request({ method: "GET", path: urlPath`/x/${String(i)}`, budget })));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.requests).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(server.requests).toHaveLength(4);
      budget.end("client-gone");
      const results = await all;
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      expect(server.requests).toHaveLength(4); // the fifth never went out
    } finally {
      server.delayMs = 0;
    }
  });

  it("waits for a retry no longer than the request allows", async () => {
    server.injectFault({ status: 503 }, { times: 10 });
    const budget = new RequestBudget(150);
    const started = Date.now();
    await failure(client(10_000).request({ method: "GET", path: urlPath`/x`, budget, idempotent: true }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });
});
