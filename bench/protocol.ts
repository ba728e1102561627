/**
 * Messages between bench/run.ts and its child processes: bench/load.ts (the load generator),
 * bench/sandboxes.ts (the three sandbox vendors) and the servers under test: bench/gateway.ts
 * and the references in bench/references/.
 */
import type { Connections } from "../src/config.js";

/** What M1 creates, through the gateway and directly: SuperOffice contacts 13 → 14, definition 1. */
export const M1_INPUT = { sourceContactId: 13, destinationContactId: 14, relationDefinitionId: 1, comment: "bench" } as const;

export type ScenarioName = "Q1" | "Q2" | "M1";

/** The HighLevel connection whose sandbox enforces the vendor's published 100 calls per 10 s. */
export const PUBLISHED_LIMITS = "published";

/** Where the direct baseline sends its calls: the sandboxes' base URLs and credentials. */
export interface DirectTargets {
  superoffice: { baseUrl: string; authorization: string; appToken?: string; language?: string };
  userAgent: string;
}

export interface LoadSpec {
  connections: number;
  durationSec: number;
}

export type Command =
  | { id: number; type: "init"; targets: DirectTargets }
  /** autocannon against any server; with `idReplacement`, each request's `[<id>]` in the body becomes a fresh id. */
  | { id: number; type: "gateway"; url: string; body: string; load: LoadSpec; idReplacement?: boolean; headers?: Record<string, string> }
  | { id: number; type: "direct"; scenario: ScenarioName; load: LoadSpec }
  | { id: number; type: "memory" }
  | { id: number; type: "exit" };

export interface RunResult {
  /** Operations answered with 2xx (and, for the direct runner, every call of the operation 2xx). */
  ops: number;
  elapsedSec: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface MemoryInfo {
  rss: number;
  heapUsed: number;
}

export type Reply<R = RunResult | MemoryInfo> = { id: number; ok: true; result?: R } | { id: number; ok: false; error: string };

/** Commands to bench/sandboxes.ts; it first sends a {@link SandboxReady} on its own. */
export type SandboxCommand =
  | { id: number; type: "delay"; ms: number } // every sandbox's `delayMs`
  | { id: number; type: "requests" } // → number: requests logged by all sandboxes since the last clear, catalogue reads left out
  | { id: number; type: "catalogueRequests" } // → number: the catalogue reads (the gateway's relation-type cache, refreshed every 5 minutes: no one operation's calls)
  | { id: number; type: "requestsBySandbox" } // → Record<sandbox, number>: the same, per sandbox
  | { id: number; type: "clear" } // `clearRequests()` on every sandbox
  | { id: number; type: "reset" } // SuperOffice back to its demo data
  | { id: number; type: "elu" } // → number: event-loop utilisation since the previous "elu"
  | { id: number; type: "memory" } // → MemoryInfo
  | { id: number; type: "exit" };

/** The sandboxes' `default` connections, for the gateway's config and the direct baseline. */
export interface SandboxReady {
  type: "ready";
  connections: Connections;
  /** SuperOffice's `default` connection with an OAuth refresh token instead of its static ticket (the credentials part). */
  refreshedSuperOffice: Connections["SUPEROFFICE"][string];
}

export type SandboxResult = number | Record<string, number> | MemoryInfo | undefined;

/** Commands every server process answers (bench/server-child.ts); the gateway also `snapshot` and `highLevel429s`. */
export type ServerCommand =
  | { id: number; type: "memory"; mark?: boolean } // → ServerMemory; `mark` restarts the peaks
  | { id: number; type: "elu" } // → number: event-loop utilisation since the previous "elu"
  | { id: number; type: "cpu" } // → number: CPU time used so far (user + system, µs; all threads)
  | { id: number; type: "gcStats" } // → GcStats
  | { id: number; type: "allocations"; file?: string } // start allocation sampling; the next call writes it to `file`
  | { id: number; type: "gc" } // → number: heap used after a full GC (needs --expose-gc)
  | { id: number; type: "snapshot" } // → GatewaySnapshot
  | { id: number; type: "highLevel429s" } // → number
  | { id: number; type: "exit" };

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  /** Peaks since the last `mark`, sampled every 250 ms. */
  peakRss: number;
  peakHeapUsed: number;
}

/** A server process sends this once it listens. */
export interface ServerReady {
  type: "ready";
  url: string;
}

/** BENCH_SERVER of bench/gateway.ts. */
export interface GatewayServerOptions {
  connections: Connections;
  /** Every limit 0 (off), for the limits comparison. */
  limitsOff?: boolean;
  /** Idempotency keys in this Redis instead of memory. */
  redisUrl?: string;
  logLevel?: string;
  /** Caller authentication against this JWKS (bench/auth.ts), instead of none. */
  auth?: { jwksUrl: string; issuer: string; audience: string };
}

/** Totals from the gateway's Prometheus registry. */
export interface GatewaySnapshot {
  /** Operations answered (outcome success or error). */
  ops: number;
  /** Operations whose client left first. */
  abandoned: number;
  errors: number;
  opSeconds: number;
  upstreamSeconds: number;
  upstreamCalls: number;
}

/** Garbage collections of a server process so far (a PerformanceObserver on "gc"). */
export interface GcStats {
  scavenges: number;
  scavengeMs: number;
  full: number;
  fullMs: number;
}
