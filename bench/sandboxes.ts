/**
 * The three sandbox vendors in their own process, forked by bench/run.ts so that their CPU
 * work does not share the gateway's event loop (a real vendor's would not). HighLevel's rate
 * limit is lifted, except on a second HighLevel location (connection `published`) that keeps
 * the vendor's 100 per 10 s for the abuse scenario. It reports the connections over IPC, then answers SandboxCommands:
 * the injected delay, the request log's length and clearing, SuperOffice's reset.
 */
import { performance } from "node:perf_hooks";
import { VENDORS } from "../src/domain/vendor.js";
import { startHighLevelSandbox } from "../src/sandbox/highlevel/index.js";
import type { SandboxControls } from "../src/sandbox/http.js";
import { startSandboxes } from "../src/sandbox/index.js";
import type { SuperOfficeSandbox } from "../src/sandbox/superoffice/index.js";
import { PUBLISHED_LIMITS, type Reply, type SandboxCommand, type SandboxReady, type SandboxResult } from "./protocol.js";

const sandboxes = await startSandboxes(VENDORS, {
  HIGHLEVEL: { rateLimit: { max: 1_000_000_000, dailyLimit: 1_000_000_000 } },
});
// A second HighLevel location that enforces the vendor's published burst limit (100 per 10 s), for the abuse scenario.
const published = await startHighLevelSandbox({});
(sandboxes.connections.HIGHLEVEL as Record<string, object>)[PUBLISHED_LIMITS] = published.connection(PUBLISHED_LIMITS);
const byName: Record<string, SandboxControls> = {
  CUSTOMER_INSIGHTS: sandboxes.byVendor.CUSTOMER_INSIGHTS!,
  SUPEROFFICE: sandboxes.byVendor.SUPEROFFICE!,
  HIGHLEVEL: sandboxes.byVendor.HIGHLEVEL!,
  [`HIGHLEVEL/${PUBLISHED_LIMITS}`]: published,
};
const all = Object.values(byName);
let eluMark = performance.eventLoopUtilization();
/** SuperOffice's relation definitions: what the gateway's catalogue reads (M1's check), once per 5 minutes per connection. */
const CATALOGUE_READ = /\/(MDOList\/relationdefinition|RelationDefinition\/\d+)$/i;
const count = (catalogue: boolean) => all.reduce((n, s) => n + s.requests.filter((r) => CATALOGUE_READ.test(r.path) === catalogue).length, 0);

function handle(command: SandboxCommand): SandboxResult | Promise<SandboxResult> {
  switch (command.type) {
    case "delay":
      for (const s of all) s.delayMs = command.ms;
      return undefined;
    case "requests":
      return count(false);
    case "catalogueRequests":
      return count(true);
    case "requestsBySandbox":
      return Object.fromEntries(Object.entries(byName).map(([name, s]) => [name, s.requests.length]));
    case "clear":
      for (const s of all) s.clearRequests();
      return undefined;
    case "reset":
      (sandboxes.byVendor.SUPEROFFICE as SuperOfficeSandbox).reset();
      return undefined;
    case "elu": {
      const now = performance.eventLoopUtilization();
      const utilization = performance.eventLoopUtilization(now, eluMark).utilization;
      eluMark = now;
      return utilization;
    }
    case "memory": {
      const { rss, heapUsed } = process.memoryUsage();
      return { rss, heapUsed };
    }
    case "exit":
      return Promise.all([sandboxes.close(), published.close()]).then(() => {
        setImmediate(() => process.exit(0));
        return undefined;
      });
  }
}

process.on("message", (command: SandboxCommand) => {
  void Promise.resolve()
    .then(() => handle(command))
    .then(
      (result) => send({ id: command.id, ok: true, result }),
      (error: unknown) => send({ id: command.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
});

function send(message: Reply<SandboxResult> | SandboxReady): void {
  process.send?.(message);
}

// When bench/run.ts goes away (done or crashed), so do the sandboxes.
process.on("disconnect", () => process.exit(0));

const so = (sandboxes.byVendor.SUPEROFFICE as SuperOfficeSandbox).credentials;
const refreshedSuperOffice = {
  ...sandboxes.connections.SUPEROFFICE.default!,
  authorization: undefined,
  oauth: { clientId: so.clientId, clientSecret: so.clientSecret, refreshToken: so.refreshToken, tokenUrl: so.tokenUrl },
};
send({ type: "ready", connections: sandboxes.connections, refreshedSuperOffice });
