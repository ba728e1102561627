/**
 * What every server process of the bench (the gateway, bench/gateway.ts, and the two references
 * under bench/references/) answers over IPC besides serving HTTP: its memory (sampled every
 * 250 ms, with the peak since the last `mark`), its event-loop utilisation and CPU time, a forced GC (the
 * soak's heap samples), and exit. Each server adds its own commands through `extra`.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { constants, performance, PerformanceObserver } from "node:perf_hooks";
import type { ServerCommand, ServerMemory, ServerReady } from "./protocol.js";

export function serveBenchCommands(options: {
  url: string;
  close(): Promise<void>;
  extra?: (command: ServerCommand) => Promise<unknown> | undefined;
}): void {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
    return { rss, heapUsed };
  };
  setInterval(sample, 250).unref();
  let eluMark = performance.eventLoopUtilization();
  // Garbage collections so far: how many young-generation scavenges and full collections, and their pause time.
  const gc = { scavenges: 0, scavengeMs: 0, full: 0, fullMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        gc.scavenges++;
        gc.scavengeMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.full++;
        gc.fullMs += entry.duration;
      }
    }
  }).observe({ entryTypes: ["gc"] });

  const handle = async (command: ServerCommand): Promise<unknown> => {
    switch (command.type) {
      case "memory": {
        const now = sample();
        const memory: ServerMemory = { ...now, peakRss, peakHeapUsed: peakHeap };
        if (command.mark) [peakRss, peakHeap] = [now.rss, now.heapUsed];
        return memory;
      }
      case "elu": {
        const now = performance.eventLoopUtilization();
        const utilization = performance.eventLoopUtilization(now, eluMark).utilization;
        eluMark = now;
        return utilization;
      }
      case "cpu": {
        const { user, system } = process.cpuUsage();
        return user + system;
      }
      case "allocations":
        return allocations(command.file);
      case "gcStats":
        return { ...gc };
      case "gc":
        (globalThis as { gc?: () => void }).gc?.();
        return process.memoryUsage().heapUsed;
      case "exit":
        await options.close();
        setImmediate(() => process.exit(0));
        return undefined;
      default:
        return options.extra?.(command);
    }
  };
  process.on("message", (command: ServerCommand) => {
    void handle(command).then(
      (result) => process.send?.({ id: command.id, ok: true, result }),
      (error: unknown) => process.send?.({ id: command.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // When bench/run.ts goes away (done or crashed), so does the server.
  process.on("disconnect", () => process.exit(0));
  process.send?.({ type: "ready", url: options.url } satisfies ServerReady);
}

/** The options bench/run.ts hands a server process (JSON in BENCH_SERVER). */
export function serverOptions<T>(): T {
  const raw = process.env.BENCH_SERVER;
  if (!raw) throw new Error("BENCH_SERVER is not set: this process is started by bench/run.ts");
  return JSON.parse(raw) as T;
}

let sampling: Session | undefined;

/**
 * Allocation sampling (V8's sampling heap profiler, objects later collected included): the
 * first call starts it, the second writes what was allocated since, by stack, to `file`
 * (a .heapprofile that Chrome DevTools opens; bench/profile-summary.ts reads it too).
 */
async function allocations(file?: string): Promise<string | undefined> {
  if (!sampling) {
    sampling = new Session();
    sampling.connect();
    // BENCH_ALLOCATIONS=survivors leaves out what young-generation collections freed: what is left outlived one (the costly part).
    const survivors = process.env.BENCH_ALLOCATIONS === "survivors";
    await sampling.post("HeapProfiler.startSampling", { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !survivors });
    return undefined;
  }
  const { profile } = await sampling.post("HeapProfiler.stopSampling");
  sampling.disconnect();
  sampling = undefined;
  if (file) writeFileSync(file, JSON.stringify(profile));
  return file;
}
