/**
 * The three sandbox vendors in their own process, forked by bench/run.ts so that their CPU
 * work does not share the gateway's event loop (a real vendor's would not). HighLevel's rate
 * limit is lifted. It reports the connections over IPC, then answers SandboxCommands:
 * the injected delay, the request log's length and clearing, SuperOffice's reset.
 */
import { performance } from "node:perf_hooks";
import { VENDORS } from "../src/domain/vendor.js";
import { startSandboxes } from "../src/sandbox/index.js";
import type { SuperOfficeSandbox } from "../src/sandbox/superoffice/index.js";
import type { Reply, SandboxCommand, SandboxReady, SandboxResult } from "./protocol.js";

const sandboxes = await startSandboxes(VENDORS, {
  HIGHLEVEL: { rateLimit: { max: 1_000_000_000, dailyLimit: 1_000_000_000 } },
});
const all = Object.values(sandboxes.byVendor);
let eluMark = performance.eventLoopUtilization();

function handle(command: SandboxCommand): SandboxResult | Promise<SandboxResult> {
  switch (command.type) {
    case "delay":
      for (const s of all) s.delayMs = command.ms;
      return undefined;
    case "requests":
      return all.reduce((n, s) => n + s.requests.length, 0);
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
      return sandboxes.close().then(() => {
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

send({ type: "ready", connections: sandboxes.connections });
