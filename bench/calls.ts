/**
 * CPU per vendor call, layer by layer: the same GET /Contact/{id} against the SuperOffice sandbox
 * (in a child process, so its work is not counted) made with raw undici, then through the
 * gateway's HTTP core, with a request budget, with its metrics and log observers, and through the
 * SuperOffice adapter (request scope, DataLoader, wire check, mapping). Closed loop, 50 at a time.
 *
 *   npx tsx bench/calls.ts [calls per variant, default 20000] [variant name part, e.g. adapter]
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { HttpClient } from "../src/http/client.js";
import { RequestBudget } from "../src/http/budget.js";
import { combineObservers } from "../src/http/observer.js";
import { urlPath } from "../src/http/path.js";
import { USER_AGENT } from "../src/http/user-agent.js";
import { createLogger } from "../src/observability/logger.js";
import { createMetrics } from "../src/observability/metrics.js";
import { upstreamLogObserver } from "../src/observability/upstream-log.js";
import { VendorRegistry } from "../src/vendors/registry.js";
import type { SuperOfficeConnection } from "../src/vendors/superoffice/module.js";
import type { SuperOfficeClient } from "../src/vendors/superoffice/client.js";

if (process.argv[2] === "sandbox") {
  const { startSuperOfficeSandbox } = await import("../src/sandbox/superoffice/index.js");
  const sandbox = await startSuperOfficeSandbox();
  process.send?.(sandbox.connection());
  process.on("disconnect", () => process.exit(0));
} else {
  const N = Number(process.argv[2] ?? 20_000);
  const child = fork(fileURLToPath(import.meta.url), ["sandbox"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const connection = await new Promise<SuperOfficeConnection>((resolve) => child.once("message", (m) => resolve(m as SuperOfficeConnection)));
  const url = new URL(connection.baseUrl);
  const base = url.pathname;
  const ids = [11, 12, 13, 14, 15, 16, 17];
  const headers = { accept: "application/json", "user-agent": USER_AGENT, authorization: connection.authorization, "so-apptoken": connection.appToken!, "accept-language": "en" };
  const soHeaders = { authorization: connection.authorization, "so-apptoken": connection.appToken!, "accept-language": "en" };

  const pool = new Pool(url.origin, { connections: 128, keepAliveTimeout: 10_000, pipelining: 1 });
  const metrics = createMetrics({ processMetrics: true });
  const logger = createLogger({ level: "info", file: "/dev/null", pretty: false, traceIds: false });
  const target = { vendor: "SUPEROFFICE" as const, connection: "default" };
  const bare = new HttpClient({ baseUrl: connection.baseUrl, target, name: "SuperOffice", timeoutMs: 10_000 });
  const observed = new HttpClient({
    baseUrl: connection.baseUrl,
    target,
    name: "SuperOffice",
    timeoutMs: 10_000,
    maxResponseBytes: 2 * 1024 * 1024,
    observer: combineObservers(metrics.upstreamObserver, upstreamLogObserver(logger)),
  });
  const registry = new VendorRegistry(
    { SUPEROFFICE: { default: connection }, CUSTOMER_INSIGHTS: {}, HIGHLEVEL: {} } as never,
    { timeoutMs: 10_000, maxResponseBytes: 2 * 1024 * 1024, observer: combineObservers(metrics.upstreamObserver, upstreamLogObserver(logger)) },
  );

  /** Three calls share a budget (or a request scope), as Q1's do. */
  let budget = new RequestBudget(10_000, 32);
  let scope = registry.scope({ requestId: "r", budget, onBatch: metrics.onBatch });
  let n = 0;
  const perRequest = () => {
    if (n++ % 3 === 0) {
      budget.finish();
      budget = new RequestBudget(10_000, 32);
      scope = registry.scope({ requestId: "r", budget, onBatch: metrics.onBatch });
    }
  };
  const variants: Array<[string, (id: number) => Promise<unknown>]> = [
    ["raw undici Pool.request + text + JSON.parse", async (id) => {
      const res = await pool.request({ method: "GET", path: `${base}/Contact/${id}`, headers });
      return JSON.parse(await res.body.text());
    }],
    ["HttpClient (no budget, no observer) + json()", async (id) => (await bare.request({ method: "GET", path: urlPath`/Contact/${id}`, headers: soHeaders, idempotent: true })).json()],
    ["+ a request budget (per 3 calls)", async (id) => {
      perRequest();
      return (await bare.request({ method: "GET", path: urlPath`/Contact/${id}`, headers: soHeaders, idempotent: true, budget })).json();
    }],
    ["+ metrics and log observers, answer cap", async (id) => {
      perRequest();
      return (await observed.request({ method: "GET", path: urlPath`/Contact/${id}`, headers: soHeaders, idempotent: true, budget, requestId: "r" })).json();
    }],
    ["SuperOffice adapter: scope, DataLoader, wire check, mapping", async (id) => {
      perRequest();
      return (scope.client("SUPEROFFICE", "default") as SuperOfficeClient).contact(String(id));
    }],
  ];
  const only = process.argv[3]?.toLowerCase();
  for (const [name, call] of variants.filter(([name]) => !only || name.toLowerCase().includes(only))) {
    const run = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < count) await call(ids[next++ % ids.length]!);
        }),
      );
    };
    await run(2_000);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(N);
    const cpu = process.cpuUsage(cpu0);
    console.log(`${((cpu.user + cpu.system) / N).toFixed(1).padStart(6)} µs CPU/call  ${((N / (performance.now() - t0)) * 1000).toFixed(0).padStart(6)} calls/s  ${name}`);
  }
  await Promise.all([pool.close(), bare.close(), observed.close(), registry.close()]);
  child.disconnect();
}
