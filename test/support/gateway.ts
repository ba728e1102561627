import { Writable } from "node:stream";
import pino from "pino";
import { print, type DocumentNode } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { loadConfig, type Connections, type GatewayConfig } from "../../src/config.js";
import { VENDORS } from "../../src/domain/vendor.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import { startGateway, type Gateway } from "../../src/server/index.js";
import { startTestSandboxes, type TestSandboxes } from "./sandboxes.js";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface TestGateway {
  gateway: Gateway;
  sandboxes: TestSandboxes & Required<Pick<TestSandboxes, "customerInsights" | "superoffice" | "highlevel">>;
  /** Every log line the gateway wrote, as text. */
  logs: string[];
  gql<T = Record<string, any>, V = Record<string, unknown>>(
    query: string | DocumentNode | TypedDocumentNode<T, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** The requests all three sandboxes received since the last reset. */
  vendorCalls(): RecordedRequest[];
  /** Clears every sandbox's request log and injected faults. */
  reset(): void;
  close(): Promise<void>;
}

/** The real server over HTTP on loopback, with all three sandbox vendors behind it. */
export async function startTestGateway(
  overrides: Partial<GatewayConfig> = {},
  /** Adds or changes connections (e.g. one with a wrong token) before the gateway starts. */
  configure?: (connections: Connections, sandboxes: TestGateway["sandboxes"]) => void,
  /** Lifetime of the tokens the sandboxes' token endpoints issue (default theirs: an hour). */
  options: { tokenTtlSeconds?: number; sandboxes?: TestGateway["sandboxes"] } = {},
): Promise<TestGateway> {
  // Suites make hundreds of HighLevel calls in seconds: lift its 100-per-10 s limit (the pacer has its own tests).
  const ownSandboxes = !options.sandboxes;
  const sandboxes =
    options.sandboxes ??
    ((await startTestSandboxes(VENDORS, { highlevel: { rateLimit: { max: 100_000 } }, tokenTtlSeconds: options.tokenTtlSeconds })) as TestGateway["sandboxes"]);
  configure?.(sandboxes.connections, sandboxes);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString("utf8"));
      done();
    },
  });
  const config: GatewayConfig = {
    ...loadConfig({}),
    port: 0,
    upstreamTimeoutMs: 2_000,
    logLevel: "debug",
    ...overrides,
    connections: overrides.connections ?? sandboxes.connections,
  };
  const gateway = await startGateway(config, { logger: pino({ level: "debug" }, sink) });
  const all = [sandboxes.customerInsights, sandboxes.superoffice, sandboxes.highlevel];
  return {
    gateway,
    sandboxes,
    logs,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: typeof query === "string" ? query : print(query), variables }),
      });
      const body = (await res.json()) as Omit<GraphQLResponse, "status" | "headers">;
      return { status: res.status, headers: res.headers, ...body } as GraphQLResponse<never>;
    },
    vendorCalls: () => all.flatMap((sandbox) => sandbox.requests),
    reset() {
      for (const sandbox of all) {
        sandbox.clearRequests();
        sandbox.clearFaults();
      }
    },
    async close() {
      await gateway.close();
      if (ownSandboxes) await sandboxes.close();
    },
  };
}
