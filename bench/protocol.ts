/** Messages between bench/run.ts (gateway + sandboxes) and bench/load.ts (the load generator, a child process). */

/** What M1 creates, through the gateway and directly: SuperOffice contacts 13 → 14, definition 1. */
export const M1_INPUT = { sourceContactId: 13, destinationContactId: 14, relationDefinitionId: 1, comment: "bench" } as const;

export type ScenarioName = "Q1" | "Q2" | "M1";

/** Where the direct baseline sends its calls: the sandboxes' base URLs and credentials. */
export interface DirectTargets {
  superoffice: { baseUrl: string; authorization: string; appToken?: string };
  customerInsights: { hubEndpoint: string; token: string };
  userAgent: string;
}

export interface LoadSpec {
  connections: number;
  durationSec: number;
}

export type Command =
  | { id: number; type: "init"; targets: DirectTargets }
  | { id: number; type: "gateway"; url: string; body: string; load: LoadSpec }
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

export type Reply = { id: number; ok: true; result?: RunResult | MemoryInfo } | { id: number; ok: false; error: string };
