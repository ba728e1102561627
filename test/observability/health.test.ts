import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { Vendor } from "../../src/domain/vendor.js";
import { HttpClient } from "../../src/http/client.js";
import { checkReadiness, ReadinessChecker, type ProbeTarget } from "../../src/server/readiness.js";
import { reachability, type ProbeOutcome } from "../../src/vendors/readiness-probe.js";

/** Pools opened by the probes below, closed at the end. */
const clients: HttpClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

function httpClient(baseUrl: string): HttpClient {
  const client = new HttpClient({ baseUrl, target: { vendor: "SUPEROFFICE", connection: "x" }, name: "probe", timeoutMs: 1000 });
  clients.push(client);
  return client;
}

/** A caller-mode connection as the registry lists it for /ready: its origin probed over its own HttpClient's pool. */
function target(vendor: Vendor, name: string, sandbox: boolean, baseUrl: string): ProbeTarget {
  const http = httpClient(baseUrl);
  return { vendor, name, sandbox, key: http.origin, credentials: "per caller", probe: async (timeoutMs) => reachability(await http.probe(timeoutMs)) };
}

function probe(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  return httpClient(baseUrl).probe(timeoutMs);
}

/** A TCP server that answers HTTP with 404 (or, with `answer` false, accepts and stays silent). */
async function listening(answer = true): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("data", () => answer && socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = await listening();
  await server.close();
  return server.port;
}

describe("readiness", () => {
  it("is ready when every origin accepts a connection, and names the failing connection otherwise", async () => {
    const up = await listening();
    const down = await closedPort();
    const source = (failing: boolean) => ({
      probes: () => [
        target("SUPEROFFICE", "default", true, `http://127.0.0.1:${up.port}/Cust1/api/v1`),
        target("HIGHLEVEL", "eu", false, `http://127.0.0.1:${failing ? down : up.port}`),
      ],
    });
    expect(await checkReadiness(source(false), 1000)).toEqual({
      ready: true,
      vendors: [
        { vendor: "SUPEROFFICE", connection: "default", sandbox: true, reachable: true, ready: true, credentials: "per caller" },
        { vendor: "HIGHLEVEL", connection: "eu", sandbox: false, reachable: true, ready: true, credentials: "per caller" },
      ],
    });
    expect(await checkReadiness(source(true), 1000)).toEqual({
      ready: false,
      vendors: [
        { vendor: "SUPEROFFICE", connection: "default", sandbox: true, reachable: true, ready: true, credentials: "per caller" },
        {
          vendor: "HIGHLEVEL",
          connection: "eu",
          sandbox: false,
          reachable: false,
          ready: false,
          error: "ECONNREFUSED",
          reason: "The vendor's origin did not answer",
          credentials: "per caller",
        },
      ],
    });
    await up.close();
  });

  it("counts an origin that accepts connections but never answers as unreachable, after the timeout", async () => {
    const silent = await listening(false);
    const started = Date.now();
    expect(await probe(`http://127.0.0.1:${silent.port}/api/v1`, 200)).toBe("TIMEOUT");
    expect(Date.now() - started).toBeLessThan(1500);
    await silent.close();
  });

  it("sends a credential-free HEAD to the origin root only", async () => {
    const seen: Array<{ method?: string; url?: string; authorization?: string }> = [];
    const server = createHttpServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    expect(await probe(`http://127.0.0.1:${port}/Cust12345/api/v1`, 1000)).toBeUndefined();
    expect(seen).toEqual([{ method: "HEAD", url: "/", authorization: undefined }]);
    await new Promise((resolve) => server.close(resolve));
  });

  it("not ready with no vendor configured (every operation would fail NOT_CONFIGURED)", async () => {
    expect(await checkReadiness({ probes: () => [] })).toEqual({ ready: false, vendors: [] });
  });

  it("sends one probe per key at a time and reuses its answer for the cache period", async () => {
    let clock = 0;
    const probes: string[] = [];
    let answer!: (outcome: ProbeOutcome) => void;
    const slow = (key: string, name: string): ProbeTarget => ({
      vendor: "SUPEROFFICE",
      name,
      sandbox: false,
      key,
      probe: () => {
        probes.push(key);
        return new Promise((resolve) => (answer = resolve));
      },
    });
    // Two connections with one key (caller mode on one origin) share its probe.
    const checker = new ReadinessChecker({ probes: () => [slow("http://a", "one"), slow("http://a", "two")] }, { cacheMs: 5_000, now: () => clock });
    const burst = Promise.all(Array.from({ length: 100 }, () => checker.check()));
    answer({ reachable: true });
    expect((await burst).every((r) => r.ready)).toBe(true);
    expect(probes).toEqual(["http://a"]);
    clock = 4_999;
    await checker.check();
    expect(probes).toHaveLength(1);
    clock = 5_000;
    const next = checker.check();
    answer({ reachable: true, error: "UNAUTHENTICATED", reason: "no" });
    expect(await next).toMatchObject({ ready: false, vendors: [{ ready: false, reachable: true, error: "UNAUTHENTICATED" }, { error: "UNAUTHENTICATED" }] });
    expect(probes).toHaveLength(2);
  });
});
