/**
 * `npm run bench`: the gateway (alone in this process) on the sandbox vendors (a child process,
 * bench/sandboxes.ts, with an injected upstream delay) under autocannon at 50 connections from
 * another child process (bench/load.ts), against the same upstream calls made directly with
 * undici. Prints a markdown table and PASS/FAIL per target; see bench/README.md.
 *
 * BENCH_DURATION (seconds per run, default 8), BENCH_STRICT=1 (exit 1 when a target fails); for quick
 * looks, BENCH_SCENARIOS=Q1,M1 and BENCH_DELAYS=20 run a subset (targets then judge only what ran),
 * and BENCH_PARTS=main,limits,abuse picks the parts: the table above, the limits on/off comparison
 * (BENCH_LIMITS_ROUNDS rounds each, default 2) and the abuse scenario.
 */
import { fork, type ChildProcess } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Kind, parse } from "graphql";
import pino from "pino";
import { loadConfig, type GatewayConfig } from "../src/config.js";
import { encodeId } from "../src/domain/ids.js";
import { USER_AGENT } from "../src/http/user-agent.js";
import { ACCOUNT_CONTOSO } from "../src/sandbox/customer-insights/index.js";
import { SUPEROFFICE_DEMO } from "../src/sandbox/superoffice/index.js";
import { buildGatewaySchema } from "../src/graphql/schema.js";
import { limitsPlugin } from "../src/limits/plugin.js";
import { startGateway, type Gateway } from "../src/server/index.js";
import {
  M1_INPUT,
  PUBLISHED_LIMITS,
  type Command,
  type LoadSpec,
  type MemoryInfo,
  type Reply,
  type RunResult,
  type SandboxCommand,
  type SandboxReady,
  type SandboxResult,
  type ScenarioName,
} from "./protocol.js";

const DURATION_SEC = positiveNumber(process.env.BENCH_DURATION, 8);
const WARMUP_SEC = Math.min(2, DURATION_SEC);
const PROBE_SEC = Math.min(3, DURATION_SEC);
const CONNECTIONS = 50;
const DELAYS_MS = list(process.env.BENCH_DELAYS, [0, 20]).map(Number);
/** Q1's p50 target with 20 ms upstream delay: two dependent levels plus 5 ms. */
const Q1_P50_TARGET_MS = 2 * 20 + 5;
const PARTS = list(process.env.BENCH_PARTS, ["main", "limits", "abuse"]);
const LIMITS_ROUNDS = positiveNumber(process.env.BENCH_LIMITS_ROUNDS, 2);
/** The limits' checks may cost at most this share of throughput. */
const LIMITS_MAX_COST = 0.03;
/** The abuse scenario: Q1's latency next to the largest allowed query, against Q1 alone. */
const ABUSE_MAX_RATIO = 1.5;
const ABUSE_DELAY_MS = 20;
/** HighLevel's published burst limit, which the `published` sandbox location enforces. */
const HIGHLEVEL_LIMIT = { calls: 100, perSeconds: 10 };

// ---- scenarios ----

interface Scenario {
  name: ScenarioName;
  description: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The fewest upstream calls that can answer it, from the answer itself. */
  minimumCalls(data: Record<string, unknown>): number;
  /** Why the answer is not the expected one, or undefined. */
  problem(data: Record<string, unknown>): string | undefined;
}

const END = `{ __typename ... on Node { id } ... on Profile { profileId properties } ... on Contact { name } }`;

interface RelationEnd {
  id?: string;
  name?: string | null;
}
interface Relation {
  source: RelationEnd | null;
  target: RelationEnd | null;
}

const ALL_SCENARIOS: Scenario[] = [
  {
    name: "Q1",
    description: `SuperOffice contactRelation(id: ${SUPEROFFICE_DEMO.companyRelationId}) with both ends' names`,
    query: `query Q1 { contactRelation(id: ${SUPEROFFICE_DEMO.companyRelationId}) { id activeText source ${END} target ${END} } }`,
    minimumCalls: () => 3, // the relation, then its two contacts
    problem(data) {
      const relation = data.contactRelation as Relation | null;
      return relation?.source?.name && relation.target?.name ? undefined : "missing relation or end names";
    },
  },
  {
    name: "Q2",
    description: "Customer Insights relationsOf(Account acc-contoso, first: 20) with both ends' profiles",
    query: `query Q2($id: ID!) { relationsOf(id: $id, first: 20) { nodes { id source ${END} target ${END} } } }`,
    variables: {
      id: encodeId({ vendor: "CUSTOMER_INSIGHTS", connection: "default", kind: "Profile", key: ["Account", ACCOUNT_CONTOSO.profileId] }),
    },
    minimumCalls: (data) => 1 + distinctEnds(data),
    problem(data) {
      const nodes = relationNodes(data);
      if (nodes.length !== 20) return `expected 20 relations, got ${nodes.length}`;
      if (nodes.some((n) => !n.source || !n.target)) return "an end is missing";
      if (distinctEnds(data) >= 40) return "the ends do not repeat";
      return undefined;
    },
  },
  {
    name: "M1",
    description: `SuperOffice createContactRelation (contacts ${M1_INPUT.sourceContactId} → ${M1_INPUT.destinationContactId})`,
    query: `mutation M1 { createContactRelation(input: { sourceContactId: ${M1_INPUT.sourceContactId}, destinationContactId: ${M1_INPUT.destinationContactId}, relationDefinitionId: ${M1_INPUT.relationDefinitionId}, comment: "${M1_INPUT.comment}" }) { relation { id relationId activeText createdDate } userErrors { field message code } } }`,
    minimumCalls: () => 1,
    problem(data) {
      const payload = data.createContactRelation as { relation: unknown; userErrors: unknown[] } | null;
      if (!payload?.relation) return "no relation created";
      return payload.userErrors.length > 0 ? `userErrors: ${JSON.stringify(payload.userErrors)}` : undefined;
    },
  },
];

const SCENARIOS = ALL_SCENARIOS.filter((s) => list(process.env.BENCH_SCENARIOS, ["Q1", "Q2", "M1"]).includes(s.name));

function relationNodes(data: Record<string, unknown>): Relation[] {
  return (data.relationsOf as { nodes: Relation[] } | undefined)?.nodes ?? [];
}

function distinctEnds(data: Record<string, unknown>): number {
  return new Set(relationNodes(data).flatMap((n) => [n.source?.id, n.target?.id]).filter(Boolean)).size;
}

// ---- the run ----

interface Row {
  delayMs: number;
  scenario: ScenarioName;
  connections: number;
  gateway: RunResult;
  direct?: RunResult;
  /** Upstream calls of one operation sent alone. */
  singleCalls: number;
  minimumCalls: number;
  /** Sandbox requests during the load run ÷ GraphQL operations the gateway finished (metrics). */
  gatewayCalls: number;
  /** Operations the gateway answered in full. */
  gatewayOps: number;
  /** Operations whose client left first: autocannon closes its connections at the end of a run. */
  gatewayAbandoned: number;
  graphqlErrors: number;
  directCalls?: number;
  /** Gateway-side means from its own metrics: whole operation, and one upstream call. */
  serverOpMs: number;
  upstreamCallMs: number;
  /** Event-loop utilisation of the gateway process during the gateway run. */
  elu: number;
  /** Event-loop utilisation of the sandbox process over the same run (until it is quiet). */
  sandboxElu: number;
}

async function main(): Promise<void> {
  const sandboxes = new Sandboxes(fileURLToPath(new URL("./sandboxes.ts", import.meta.url)));
  const connections = await sandboxes.ready;
  const config: GatewayConfig = {
    ...loadConfig({}),
    port: 0,
    logLevel: "silent",
    playground: false,
    connections,
  };
  const gateway = await startGateway(config, { logger: pino({ level: "silent" }) });
  const graphqlUrl = `${gateway.url}/graphql`;
  const load = new LoadGenerator(fileURLToPath(new URL("./load.ts", import.meta.url)));
  const so = connections.SUPEROFFICE.default!;
  const ci = connections.CUSTOMER_INSIGHTS.default!;
  await load.call({
    type: "init",
    targets: {
      superoffice: { baseUrl: so.baseUrl, authorization: so.authorization, appToken: so.appToken },
      customerInsights: { hubEndpoint: ci.hubEndpoint, token: ci.token },
      userAgent: USER_AGENT,
    },
  });

  let delay = 0;
  const setDelay = async (ms: number) => {
    delay = ms;
    await sandboxes.call({ type: "delay", ms });
  };
  const clear = async () => void (await sandboxes.call({ type: "clear" }));
  const upstreamRequests = async () => (await sandboxes.call({ type: "requests" })) as number;
  /** Waits until no sandbox has received a request for a while (in-flight work of cut-off connections finishes). */
  const quiesce = async () => {
    let last = -1;
    for (let now = await upstreamRequests(); now !== last; now = await upstreamRequests()) {
      last = now;
      await sleep(300 + 3 * delay);
    }
  };
  const sandbox: SandboxControl = { clear, upstreamRequests, quiesce, elu: async () => (await sandboxes.call({ type: "elu" })) as number };
  const body = (s: Scenario) => JSON.stringify({ query: s.query, variables: s.variables });
  const spec = (connections: number, durationSec: number): LoadSpec => ({ connections, durationSec });

  const started = performance.now();
  console.log(
    `bench: ${CONNECTIONS} connections, ${DURATION_SEC} s per run, upstream delay ${DELAYS_MS.join(" and ")} ms; gateway at ${graphqlUrl}`,
  );

  // Warm-up at 0 ms: JIT, pools, and the per-connection relationship type cache Q2 relies on.
  for (const s of SCENARIOS) {
    await gql(graphqlUrl, s);
    await load.run({ type: "gateway", url: graphqlUrl, body: body(s), load: spec(CONNECTIONS, WARMUP_SEC) });
    await load.run({ type: "direct", scenario: s.name, load: spec(CONNECTIONS, WARMUP_SEC) });
  }
  await quiesce();
  await sandboxes.call({ type: "reset" });

  const rows: Row[] = [];
  const problems: string[] = [];
  for (const delayMs of PARTS.includes("main") ? DELAYS_MS : []) {
    await setDelay(delayMs);
    for (const s of SCENARIOS) {
      // One operation alone: exact upstream calls, and the minimum computed from its answer.
      await clear();
      const data = await gql(graphqlUrl, s);
      const singleCalls = await upstreamRequests();
      const minimumCalls = s.minimumCalls(data);
      const problem = s.problem(data);
      if (problem) problems.push(`${s.name} @ ${delayMs} ms: ${problem}`);

      const row = await measure(gateway, load, graphqlUrl, body(s), s.name, spec(CONNECTIONS, DURATION_SEC), sandbox);
      await clear();
      const direct = await load.run({ type: "direct", scenario: s.name, load: spec(CONNECTIONS, DURATION_SEC) });
      await quiesce();
      rows.push({ ...row, delayMs, singleCalls, minimumCalls, direct, directCalls: (await upstreamRequests()) / direct.ops });
      await clear();
      if (s.name === "M1") await sandboxes.call({ type: "reset" }); // drop the thousands of relations it created
      console.log(`  done: ${s.name} @ ${delayMs} ms (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }

  // Q1 alone on one connection: the latency of its two dependent levels without queueing.
  const q1 = SCENARIOS.find((s) => s.name === "Q1");
  let probe: Omit<Row, "delayMs" | "singleCalls" | "minimumCalls"> | undefined;
  if (q1 && PARTS.includes("main")) {
    await setDelay(20);
    probe = await measure(gateway, load, graphqlUrl, body(q1), "Q1", spec(1, PROBE_SEC), sandbox);
    await clear();
  }

  const limitRows = PARTS.includes("limits") ? await compareLimits(config, load, sandboxes, setDelay) : [];
  const abuse = PARTS.includes("abuse") ? await abuseScenario(config, gateway, load, sandboxes, sandbox, setDelay) : undefined;

  const loadMemory = (await load.call({ type: "memory" })) as MemoryInfo;
  const sandboxMemory = (await sandboxes.call({ type: "memory" })) as MemoryInfo;
  const memory = process.memoryUsage();
  await load.call({ type: "exit" });
  await gateway.close();
  await sandboxes.close();

  // ---- report ----
  const targets: Array<[string, boolean, string]> = rows.map((r) => [
    `${r.scenario} @ ${r.delayMs} ms: upstream calls per operation = minimum (${r.minimumCalls})`,
    exactCalls(r) && r.singleCalls === r.minimumCalls,
    `${fmt(r.gatewayCalls / r.gatewayOps, 3)} under load (${r.gatewayCalls} calls / ${r.gatewayOps} ops, ${r.gatewayAbandoned} cut off at the end), ${r.singleCalls} alone`,
  ]);
  const q2 = rows.filter((r) => r.scenario === "Q2");
  if (q2.length > 0) {
    targets.push([
      "Q2: upstream calls = 1 + distinct ends",
      q2.every((r) => r.minimumCalls === r.singleCalls && exactCalls(r)),
      `1 + ${q2[0]!.minimumCalls - 1} distinct ends = ${q2[0]!.minimumCalls}`,
    ]);
  }
  const q1At20 = rows.find((r) => r.scenario === "Q1" && r.delayMs === 20);
  if (q1At20) {
    targets.push([
      `Q1 @ 20 ms, ${CONNECTIONS} connections: p50 < ${Q1_P50_TARGET_MS} ms`,
      q1At20.gateway.p50 < Q1_P50_TARGET_MS,
      `p50 ${fmt(q1At20.gateway.p50, 1)} ms`,
    ]);
  }
  if (probe) {
    targets.push([
      `Q1 @ 20 ms, 1 connection: p50 < ${Q1_P50_TARGET_MS} ms (no serial sibling fetch)`,
      probe.gateway.p50 < Q1_P50_TARGET_MS,
      `p50 ${fmt(probe.gateway.p50, 1)} ms, p99 ${fmt(probe.gateway.p99, 1)} ms`,
    ]);
  }
  for (const r of limitRows) {
    // Judged on the checks' own time against the gateway's CPU per operation: the A/B throughput
    // (shown too) moves by more than 3% between rounds on a shared machine.
    targets.push([
      `${r.scenario}: the limits' checks cost < ${LIMITS_MAX_COST * 100}% of the gateway's work per operation`,
      r.checksMsPerOp / r.cpuMsPerOp < LIMITS_MAX_COST,
      `${fmt(r.checksMsPerOp * 1000, 1)} µs of ${fmt(r.cpuMsPerOp * 1000, 0)} µs CPU per operation (${fmt((100 * r.checksMsPerOp) / r.cpuMsPerOp, 2)}%); throughput on ÷ off ${fmt(r.on / r.off, 3)}`,
    ]);
  }
  for (const a of abuse?.runs ?? []) {
    targets.push([
      `abuse (${a.name}): Q1 p50 and p99 within ${ABUSE_MAX_RATIO}× of Q1 alone`,
      a.q1.p50 <= ABUSE_MAX_RATIO * abuse!.alone.p50 && a.q1.p99 <= ABUSE_MAX_RATIO * abuse!.alone.p99,
      `p50 ${fmt(a.q1.p50, 1)} ms (${fmt(a.q1.p50 / abuse!.alone.p50, 2)}×), p99 ${fmt(a.q1.p99, 1)} ms (${fmt(a.q1.p99 / abuse!.alone.p99, 2)}×)`,
    ]);
    if (a.highLevelCalls !== undefined) {
      targets.push([
        `abuse (${a.name}): HighLevel within its published ${HIGHLEVEL_LIMIT.calls} calls per ${HIGHLEVEL_LIMIT.perSeconds} s, no 429`,
        // The window slides: a run of s seconds may hold at most ceil(s / 10) windows' worth.
        a.highLevel429 === 0 && a.highLevelCalls <= HIGHLEVEL_LIMIT.calls * Math.ceil(a.seconds / HIGHLEVEL_LIMIT.perSeconds),
        `${a.highLevelCalls} calls in ${fmt(a.seconds, 1)} s (${fmt(a.highLevelCalls / a.seconds, 1)}/s), ${a.highLevel429} answered 429`,
      ]);
    }
  }
  const probeFailures = probe ? failures(probe) : 0;
  targets.push([
    "no non-2xx, transport errors or GraphQL errors",
    rows.every((r) => failures(r) === 0) && probeFailures === 0 && problems.length === 0,
    problems.length > 0 ? problems.join("; ") : `${rows.reduce((n, r) => n + failures(r), probeFailures)} in all runs`,
  ]);

  console.log("");
  console.log(
    "| delay | op | gateway req/s | p50 ms | p99 ms | direct req/s | p50 ms | p99 ms | gateway ÷ direct | upstream calls/op (min) | direct calls/op | non-2xx + errors |",
  );
  console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    const d = r.direct!;
    console.log(
      `| ${r.delayMs} ms | ${r.scenario} | ${fmt(r.gateway.rps, 0)} | ${fmt(r.gateway.p50, 1)} | ${fmt(r.gateway.p99, 1)} | ${fmt(d.rps, 0)} | ${fmt(d.p50, 1)} | ${fmt(d.p99, 1)} | ${fmt(r.gateway.rps / d.rps, 2)} | ${fmt(r.gatewayCalls / r.gatewayOps, 2)} (${r.minimumCalls}) | ${fmt(r.directCalls!, 2)} | ${failures(r)} |`,
    );
  }
  if (probe) {
    console.log("");
    console.log(`Q1 @ 20 ms on 1 connection: ${fmt(probe.gateway.rps, 0)} req/s, p50 ${fmt(probe.gateway.p50, 1)} ms, p99 ${fmt(probe.gateway.p99, 1)} ms`);
  }
  console.log("");
  console.log("Where the gateway's time goes (its own metrics, means; ELU = event-loop utilisation of the gateway's and the sandboxes' processes):");
  console.log("| delay | op | client p50 ms | server operation ms | upstream call ms | gateway ELU | sandbox ELU |");
  console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of [...rows, ...(probe ? [{ ...probe, delayMs: 20 }] : [])]) {
    console.log(
      `| ${r.delayMs} ms | ${r.scenario}${r.connections === 1 ? " (1 conn)" : ""} | ${fmt(r.gateway.p50, 1)} | ${fmt(r.serverOpMs, 1)} | ${fmt(r.upstreamCallMs, 1)} | ${fmt(r.elu, 2)} | ${fmt(r.sandboxElu, 2)} |`,
    );
  }
  if (limitRows.length > 0) {
    console.log("");
    console.log(`Limits on against off (${LIMITS_ROUNDS} alternating rounds of ${DURATION_SEC} s each, 0 ms delay, ${CONNECTIONS} connections):`);
    console.log("| op | limits on req/s | limits off req/s | on ÷ off | per round (on / off) | gateway CPU µs/op | checks µs/op | checks share |");
    console.log("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
    for (const r of limitRows) {
      console.log(
        `| ${r.scenario} | ${fmt(r.on, 0)} | ${fmt(r.off, 0)} | ${fmt(r.on / r.off, 3)} | ${r.rounds.map(([on, off]) => `${fmt(on, 0)} / ${fmt(off, 0)}`).join(", ")} | ${fmt(r.cpuMsPerOp * 1000, 0)} | ${fmt(r.checksMsPerOp * 1000, 1)} | ${fmt((100 * r.checksMsPerOp) / r.cpuMsPerOp, 2)}% |`,
      );
    }
  }
  if (abuse) {
    console.log("");
    console.log(`Abuse (${ABUSE_DELAY_MS} ms delay, ${DURATION_SEC} s): Q1 from 1 connection, alone and next to ${ABUSE_CONNECTIONS} connection(s) looping the largest allowed query:`);
    console.log("| next to | Q1 req/s | Q1 p50 ms | Q1 p99 ms | p50 ÷ alone | p99 ÷ alone | abuser ops | vendor calls/s |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    console.log(`| (alone) | ${fmt(abuse.alone.rps, 0)} | ${fmt(abuse.alone.p50, 1)} | ${fmt(abuse.alone.p99, 1)} | 1.00 | 1.00 | | |`);
    for (const a of abuse.runs) {
      const perSecond = Object.entries(a.calls)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${name} ${fmt(n / a.seconds, 1)}`)
        .join(", ");
      console.log(
        `| ${a.name} | ${fmt(a.q1.rps, 0)} | ${fmt(a.q1.p50, 1)} | ${fmt(a.q1.p99, 1)} | ${fmt(a.q1.p50 / abuse.alone.p50, 2)} | ${fmt(a.q1.p99 / abuse.alone.p99, 2)} | ${a.abuser.ops + a.abuser.non2xx} | ${perSecond} |`,
      );
    }
  }
  console.log("");
  let failed = 0;
  for (const [name, ok, detail] of targets) {
    if (!ok) failed++;
    console.log(`${ok ? "PASS" : "FAIL"}  ${name}: ${detail}`);
  }
  console.log("");
  console.log(
    `memory at the end: gateway process RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}; sandbox process RSS ${mb(sandboxMemory.rss)}, heap used ${mb(sandboxMemory.heapUsed)}; load generator RSS ${mb(loadMemory.rss)}, heap used ${mb(loadMemory.heapUsed)}`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${mb(totalmem())} RAM, node ${process.version}; ${new Date().toISOString()}; ${Math.round((performance.now() - started) / 1000)} s`,
  );
  if (failed > 0 && process.env.BENCH_STRICT === "1") process.exitCode = 1;
}

// ---- limits on against off ----

interface LimitRow {
  scenario: ScenarioName;
  /** Mean req/s over the rounds. */
  on: number;
  off: number;
  rounds: Array<[number, number]>;
  /** The gateway's CPU per operation with the limits on (event-loop busy time ÷ operations). */
  cpuMsPerOp: number;
  /** The limits plugin's own work per operation, timed in this process on the same document. */
  checksMsPerOp: number;
}

/**
 * What the limits plugin does for one operation (the static shape is cached per document, as
 * Apollo caches the parsed document): its didResolveOperation, run many times and timed.
 */
async function checksMsPerOp(s: Scenario, limits: GatewayConfig["limits"]): Promise<number> {
  const schema = await buildGatewaySchema();
  const document = parse(s.query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const plugin = limitsPlugin(limits);
  const once = async () => {
    const hooks: any = await plugin.requestDidStart!({ request: { http: { headers: new Map() } } } as any);
    await hooks.didResolveOperation({ document, operation, schema, request: { variables: s.variables ?? {} } });
  };
  for (let i = 0; i < 500; i++) await once();
  const n = 5_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) await once();
  return (performance.now() - started) / n;
}

/**
 * The same load against two gateways in this process, one with the limits at their defaults and
 * one with every limit off (0), in alternating rounds at 0 ms delay (where the gateway's CPU is
 * the bottleneck, so the checks' cost shows most).
 */
async function compareLimits(
  config: GatewayConfig,
  load: LoadGenerator,
  sandboxes: Sandboxes,
  setDelay: (ms: number) => Promise<void>,
): Promise<LimitRow[]> {
  const off = await startGateway(
    { ...config, limits: { maxDepth: 0, maxAliases: 0, maxRootFields: 0, maxIds: 0, maxCost: 0 } },
    { logger: pino({ level: "silent" }) },
  );
  const on = await startGateway(config, { logger: pino({ level: "silent" }) });
  await setDelay(0);
  const rows: LimitRow[] = [];
  for (const s of SCENARIOS) {
    const body = JSON.stringify({ query: s.query, variables: s.variables });
    let busyMs = 0;
    let opsOn = 0;
    const run = async (gateway: Gateway) => {
      const elu0 = performance.eventLoopUtilization();
      const result = await load.run({ type: "gateway", url: `${gateway.url}/graphql`, body, load: { connections: CONNECTIONS, durationSec: DURATION_SEC } });
      if (gateway === on) {
        busyMs += performance.eventLoopUtilization(elu0).utilization * result.elapsedSec * 1000;
        opsOn += result.ops;
      }
      if (s.name === "M1") await sandboxes.call({ type: "reset" });
      return result.rps;
    };
    for (const gateway of [on, off]) {
      await load.run({ type: "gateway", url: `${gateway.url}/graphql`, body, load: { connections: CONNECTIONS, durationSec: WARMUP_SEC } });
    }
    const rounds: Array<[number, number]> = [];
    for (let i = 0; i < LIMITS_ROUNDS; i++) {
      // Alternate which goes first, so drift on the shared machine falls on both.
      const [a, b] = i % 2 === 0 ? [on, off] : [off, on];
      const first = await run(a);
      const second = await run(b);
      rounds.push(a === on ? [first, second] : [second, first]);
    }
    const mean = (k: 0 | 1) => rounds.reduce((n, r) => n + r[k], 0) / rounds.length;
    rows.push({ scenario: s.name, on: mean(0), off: mean(1), rounds, cpuMsPerOp: busyMs / opsOn, checksMsPerOp: await checksMsPerOp(s, config.limits) });
    await sandboxes.call({ type: "clear" });
    console.log(`  done: limits on/off ${s.name}`);
  }
  await on.close();
  await off.close();
  return rows;
}

// ---- abuse ----

/** How many connections loop the largest query (the issue: "one client"). */
const ABUSE_CONNECTIONS = positiveNumber(process.env.BENCH_ABUSE_CONNECTIONS, 1);

interface AbuseRun {
  name: string;
  q1: RunResult;
  abuser: RunResult;
  seconds: number;
  /** Vendor calls by sandbox during the run. */
  calls: Record<string, number>;
  highLevelCalls?: number;
  highLevel429?: number;
}

/** The largest query the default limits allow: MAX_QUERY_COST distinct ids of one vendor, MAX_IDS per nodes(ids:). */
function largestQuery(config: Pick<GatewayConfig, "limits">, vendor: "SUPEROFFICE" | "HIGHLEVEL", connection: string): string {
  const { maxCost, maxIds } = config.limits;
  const key = (i: number) => (vendor === "SUPEROFFICE" ? String(50_000 + i) : `ctAbuse${String(i).padStart(13, "0")}`);
  const ids = Array.from({ length: maxCost }, (_, i) => encodeId({ vendor, connection, kind: "Contact", key: [key(i)] }));
  const lists = Array.from({ length: Math.ceil(maxCost / maxIds) }, (_, i) => ids.slice(i * maxIds, (i + 1) * maxIds));
  const query = `query Abuse(${lists.map((_, i) => `$l${i}: [ID!]!`).join(", ")}) { ${lists.map((_, i) => `l${i}: nodes(ids: $l${i}) { id }`).join(" ")} }`;
  return JSON.stringify({ query, variables: Object.fromEntries(lists.map((list, i) => [`l${i}`, list])) });
}

/**
 * One client loops the largest query the limits allow while another sends Q1 from one
 * connection: Q1's latency against Q1 alone, and the vendor calls per second. Once against
 * SuperOffice (no published limit: the gateway's own CPU is what is shared), once against a
 * HighLevel location that enforces 100 calls per 10 s (the pacer is what is shared).
 */
async function abuseScenario(
  config: GatewayConfig,
  gateway: Gateway,
  load: LoadGenerator,
  sandboxes: Sandboxes,
  sandbox: SandboxControl,
  setDelay: (ms: number) => Promise<void>,
): Promise<{ alone: RunResult; runs: AbuseRun[] }> {
  const q1 = ALL_SCENARIOS.find((s) => s.name === "Q1")!;
  const q1Body = JSON.stringify({ query: q1.query });
  const url = `${gateway.url}/graphql`;
  const abusers = [
    { name: `SuperOffice, cost ${config.limits.maxCost}`, body: largestQuery(config, "SUPEROFFICE", "default") },
    { name: `HighLevel at ${HIGHLEVEL_LIMIT.calls}/${HIGHLEVEL_LIMIT.perSeconds} s, cost ${config.limits.maxCost}`, body: largestQuery(config, "HIGHLEVEL", PUBLISHED_LIMITS) },
  ];
  await setDelay(ABUSE_DELAY_MS);
  const spec = (connections: number): LoadSpec => ({ connections, durationSec: DURATION_SEC });
  await load.run({ type: "gateway", url, body: q1Body, load: { connections: 1, durationSec: WARMUP_SEC } });
  const alone = await load.run({ type: "gateway", url, body: q1Body, load: spec(1) });
  await sandbox.quiesce();
  const runs: AbuseRun[] = [];
  for (const abuser of abusers) {
    await sandbox.clear();
    const limited0 = await highLevel429s(gateway);
    const started = performance.now();
    const [q1Run, abuserRun] = await Promise.all([
      load.run({ type: "gateway", url, body: q1Body, load: spec(1) }),
      load.run({ type: "gateway", url, body: abuser.body, load: spec(ABUSE_CONNECTIONS) }),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const calls = (await sandboxes.call({ type: "requestsBySandbox" })) as Record<string, number>;
    const published = calls[`HIGHLEVEL/${PUBLISHED_LIMITS}`] ?? 0;
    runs.push({
      name: abuser.name,
      q1: q1Run,
      abuser: abuserRun,
      seconds,
      calls,
      ...(published > 0 && { highLevelCalls: published, highLevel429: (await highLevel429s(gateway)) - limited0 }),
    });
    // Requests the abuser left running (and their calls) end before the next part.
    await sleep(1_000);
    await sandbox.quiesce();
    console.log(`  done: abuse next to ${abuser.name}`);
  }
  return { alone, runs };
}

async function highLevel429s(gateway: Gateway): Promise<number> {
  const metric = gateway.metrics.registry.getSingleMetric("gateway_upstream_requests_total");
  const values = metric ? ((await metric.get()).values as MetricValue[]) : [];
  return values.filter((v) => v.labels.vendor === "HIGHLEVEL" && v.labels.status === "429").reduce((n, v) => n + v.value, 0);
}

/** One autocannon run against the gateway, with its upstream calls and the gateway's own metrics over the run. */
async function measure(
  gateway: Gateway,
  load: LoadGenerator,
  url: string,
  body: string,
  scenario: ScenarioName,
  spec: LoadSpec,
  sandbox: SandboxControl,
): Promise<Omit<Row, "delayMs" | "singleCalls" | "minimumCalls">> {
  await sandbox.clear();
  const before = await snapshot(gateway);
  await sandbox.elu(); // marks the start
  const elu0 = performance.eventLoopUtilization();
  const t0 = process.hrtime.bigint();
  const result = await load.run({ type: "gateway", url, body, load: spec });
  // With --cpu-prof, these bound the run in the profile (same monotonic clock, in µs).
  if (process.env.BENCH_PRINT_WINDOWS === "1") console.log(`  window ${scenario}: ${t0 / 1000n} ${process.hrtime.bigint() / 1000n}`);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const sandboxElu = await sandbox.elu();
  await sandbox.quiesce();
  const after = await snapshot(gateway);
  const ops = after.ops - before.ops;
  return {
    scenario,
    connections: spec.connections,
    gateway: result,
    gatewayCalls: await sandbox.upstreamRequests(),
    gatewayOps: ops,
    gatewayAbandoned: after.abandoned - before.abandoned,
    graphqlErrors: after.errors - before.errors,
    serverOpMs: ((after.opSeconds - before.opSeconds) / ops) * 1000,
    upstreamCallMs: ((after.upstreamSeconds - before.upstreamSeconds) / (after.upstreamCalls - before.upstreamCalls)) * 1000,
    elu,
    sandboxElu,
  };
}

/** What measure() needs from the sandbox process. */
interface SandboxControl {
  clear(): Promise<void>;
  upstreamRequests(): Promise<number>;
  quiesce(): Promise<void>;
  /** Event-loop utilisation of the sandbox process since the previous call. */
  elu(): Promise<number>;
}

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** Totals from the gateway's Prometheus registry. */
async function snapshot(gateway: Gateway) {
  const values = async (name: string): Promise<MetricValue[]> => {
    const metric = gateway.metrics.registry.getSingleMetric(name);
    return metric ? ((await metric.get()).values as MetricValue[]) : [];
  };
  const sum = (list: MetricValue[], keep: (v: MetricValue) => boolean = () => true) =>
    list.filter(keep).reduce((n, v) => n + v.value, 0);
  const operations = await values("gateway_graphql_operations_total");
  const opDuration = await values("gateway_graphql_operation_duration_seconds");
  const upstreamDuration = await values("gateway_upstream_request_duration_seconds");
  return {
    ops: sum(operations, (v) => v.labels.outcome !== "abandoned"),
    abandoned: sum(operations, (v) => v.labels.outcome === "abandoned"),
    errors: sum(operations, (v) => v.labels.outcome === "error"),
    opSeconds: sum(opDuration, (v) => v.metricName?.endsWith("_sum") === true),
    upstreamSeconds: sum(upstreamDuration, (v) => v.metricName?.endsWith("_sum") === true),
    upstreamCalls: sum(upstreamDuration, (v) => v.metricName?.endsWith("_count") === true),
  };
}

/**
 * The minimum calls for every answered operation, plus at most the minimum for each one cut off at
 * the end of the run (its calls in flight were sent, the rest dropped).
 */
function exactCalls(r: Pick<Row, "gatewayCalls" | "gatewayOps" | "gatewayAbandoned" | "minimumCalls">): boolean {
  return r.gatewayCalls >= r.gatewayOps * r.minimumCalls && r.gatewayCalls <= (r.gatewayOps + r.gatewayAbandoned) * r.minimumCalls;
}

function failures(r: { gateway: RunResult; direct?: RunResult; graphqlErrors: number }): number {
  const f = (x?: RunResult) => (x ? x.non2xx + x.errors + x.timeouts : 0);
  return f(r.gateway) + f(r.direct) + r.graphqlErrors;
}

/** POSTs one operation; throws on transport or GraphQL errors. */
async function gql(url: string, s: Scenario): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: s.query, variables: s.variables }),
  });
  const answer = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (res.status !== 200 || answer.errors || !answer.data) {
    throw new Error(`${s.name} failed: HTTP ${res.status} ${JSON.stringify(answer.errors ?? answer)}`);
  }
  return answer.data;
}

/** A forked child answering `{ id, type, … }` commands with {@link Reply}s (tsx's loader is inherited through execArgv). */
class Child<C extends { id: number; type: string }, R> {
  protected readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: R | undefined): void; reject(e: Error): void }>();

  constructor(path: string, onOther: (message: unknown) => void = () => {}) {
    this.child = fork(path, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (message: Reply<R> | { type: string }) => {
      if (!("id" in message)) return onOther(message);
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.error));
    });
    this.child.on("exit", (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${path} exited (${code})`));
      this.pending.clear();
      this.exited(code);
    });
  }

  protected exited(_code: number | null): void {}

  call(command: DistributiveOmit<C, "id">): Promise<R | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...command, id } as C);
    });
  }
}

/** bench/load.ts: autocannon against the gateway, and the direct baseline. */
class LoadGenerator extends Child<Command, RunResult | MemoryInfo> {
  async run(command: DistributiveOmit<Extract<Command, { type: "gateway" | "direct" }>, "id">): Promise<RunResult> {
    return (await this.call(command)) as RunResult;
  }
}

/** bench/sandboxes.ts: the three sandbox vendors; `ready` resolves with their connections. */
class Sandboxes extends Child<SandboxCommand, SandboxResult> {
  readonly ready: Promise<GatewayConfig["connections"]>;
  private failStart: (e: Error) => void = () => {};

  constructor(path: string) {
    let resolveReady: (c: GatewayConfig["connections"]) => void = () => {};
    super(path, (message) => {
      if ((message as SandboxReady).type === "ready") resolveReady((message as SandboxReady).connections);
    });
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      this.failStart = reject;
    });
  }

  protected override exited(code: number | null): void {
    this.failStart(new Error(`sandbox process exited before it was ready (${code})`));
  }

  /** Asks it to close its servers and exit; kills it if that takes more than 5 s. */
  async close(): Promise<void> {
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await this.call({ type: "exit" }).catch(() => undefined);
    clearTimeout(timer);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function list(raw: string | undefined, fallback: string[] | number[]): string[] {
  const items = (raw ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  return items.length > 0 ? items : fallback.map(String);
}

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw && Number.isFinite(value) && value > 0 ? value : fallback;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
