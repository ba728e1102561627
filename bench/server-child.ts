/**
 * What every server process of the bench (the gateway, bench/gateway.ts, and the two references
 * under bench/references/) answers over IPC besides serving HTTP: its memory (sampled every
 * 250 ms, with the peak since the last `mark`), its event-loop utilisation and CPU time, a forced GC (the
 * soak's heap samples), and exit. Each server adds its own commands through `extra`.
 */
import { performance } from "node:perf_hooks";
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
