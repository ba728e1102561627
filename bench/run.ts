/**
 * `npm run bench`: the gateway (bench/gateway.ts) and two reference servers (bench/references/:
 * plain Apollo Server 5, and node:http + graphql-js) in one sitting, each in its own process, on
 * the sandbox vendors (bench/sandboxes.ts, with an injected upstream delay), under autocannon at
 * 50 connections from another process (bench/load.ts); plus the same upstream calls made
 * directly with undici. Prints markdown tables and PASS/FAIL per target; see bench/README.md.
 * This process only starts the others and compares.
 *
 * BENCH_DURATION (seconds per run, default 8), BENCH_STRICT=1 (exit 1 when a target fails); for quick
 * looks, BENCH_SCENARIOS=Q1,M1, BENCH_DELAYS=20, BENCH_MODES=variables and BENCH_SERVERS=gateway,apollo
 * run a subset (targets then judge only what ran). BENCH_PARTS picks the parts: main (the
 * tables), keyed (M1 with an idempotency key, memory and Redis), limits (on/off), auth (caller
 * authentication on/off, bench/auth.ts), abuse, credentials (Q1's CPU per operation with
 * SuperOffice's static ticket and with a token the gateway refreshed), soak
 * (Q2 for BENCH_SOAK_SEC, default 300, sampling the gateway's heap; also BENCH_SOAK=1).
 * BENCH_PROFILE=gateway (or apollo, plain; comma-separated) runs those with --cpu-prof into bench/profiles/.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { Kind, parse } from "graphql";
import { loadConfig, type GatewayConfig } from "../src/config.js";
import { encodeId } from "../src/domain/ids.js";
import { USER_AGENT } from "../src/http/user-agent.js";
import { SUPEROFFICE_DEMO } from "../src/sandbox/superoffice/index.js";
import { CATALOGUE_MAX_DEFINITIONS } from "../src/vendors/superoffice/client.js";
import { buildGatewaySchema } from "../src/graphql/schema.js";
import { limitsPlugin } from "../src/limits/plugin.js";
import { AUTH_MAX_COST, authLines, compareAuth, type AuthRow } from "./auth.js";
import { redisAvailable, startRedis } from "../test/support/redis.js";
import { serverEntry } from "./compiled.js";
import {
  M1_INPUT,
  PUBLISHED_LIMITS,
  type Command,
  type GatewayServerOptions,
  type GcStats,
  type GatewaySnapshot,
  type LoadSpec,
  type MemoryInfo,
  type Reply,
  type RunResult,
  type SandboxCommand,
  type SandboxReady,
  type SandboxResult,
  type ScenarioName,
  type ServerCommand,
  type ServerMemory,
  type ServerReady,
} from "./protocol.js";

const DURATION_SEC = positiveNumber(process.env.BENCH_DURATION, 8);
const WARMUP_SEC = Math.min(2, DURATION_SEC);
const PROBE_SEC = Math.min(3, DURATION_SEC);
const CONNECTIONS = 50;
const DELAYS_MS = list(process.env.BENCH_DELAYS, [0, 20]).map(Number);
/** Q1's p50 target with 20 ms upstream delay: two dependent levels plus 5 ms. */
const Q1_P50_TARGET_MS = 2 * 20 + 5;
const PARTS = list(process.env.BENCH_PARTS, ["main", "keyed", "limits", "auth", "abuse", "credentials", ...(process.env.BENCH_SOAK === "1" ? ["soak"] : [])]);
const LIMITS_ROUNDS = positiveNumber(process.env.BENCH_LIMITS_ROUNDS, 2);
/** The limits' checks may cost at most this share of throughput. */
const LIMITS_MAX_COST = 0.03;
/** The abuse scenario: Q1's latency next to the largest allowed query, against Q1 alone. */
const ABUSE_MAX_RATIO = 1.5;
const ABUSE_DELAY_MS = 20;
/** HighLevel's published burst limit, which the `published` sandbox location enforces. */
const HIGHLEVEL_LIMIT = { calls: 100, perSeconds: 10 };
/** The issue's goals, at 0 ms delay: throughput against each reference, and RSS under Q2 against the Apollo one. */
const GOAL = { apollo: 1.0, plain: 0.8, rss: 1.2 };
/** Rounds of the main table: each server runs each operation this many times, in rotating order; req/s are averaged. */
const ROUNDS = positiveNumber(process.env.BENCH_ROUNDS, 1);
const SOAK_SEC = positiveNumber(process.env.BENCH_SOAK_SEC, 300);
const SOAK_SAMPLE_SEC = 15;
/** One read of SuperOffice's relation-type catalogue: its list, then each definition. */
const CATALOGUE_READ_CALLS = 1 + CATALOGUE_MAX_DEFINITIONS;

// ---- servers ----

const SERVER_NAMES = ["gateway", "apollo", "plain"] as const;
type ServerName = (typeof SERVER_NAMES)[number];
const SERVERS = SERVER_NAMES.filter((s) => list(process.env.BENCH_SERVERS, [...SERVER_NAMES]).includes(s));
const LABEL: Record<ServerName, string> = { gateway: "gateway", apollo: "Apollo ref", plain: "plain ref" };
const PROFILED = list(process.env.BENCH_PROFILE, []);

// ---- scenarios ----

type Mode = "literal" | "variables";
const MODES = (["literal", "variables"] as const).filter((m) => list(process.env.BENCH_MODES, ["literal", "variables"]).includes(m));

interface Scenario {
  name: ScenarioName;
  description: string;
  literal: string;
  variables: { query: string; variables: Record<string, unknown> };
  /** The fewest upstream calls that can answer it, from the answer itself. */
  minimumCalls(data: Record<string, unknown>): number;
  /** Why the answer is not the expected one, or undefined. */
  problem(data: Record<string, unknown>): string | undefined;
  /** The part of the answer every server must give alike (a create's new id and date differ). */
  comparable(data: Record<string, unknown>): unknown;
}

/** A relation end, in both schemas: the gateway's and the references' minimal one. */
const END = `{ __typename ... on Node { id } ... on Contact { name } ... on Person { fullName } }`;
const RELATION = `id activeText source ${END} target ${END}`;
const Q2_SELECTION = `id name relations(first: $first) { nodes { id source ${END} target ${END} } }`;
const M1_SELECTION = `relation { id relationId activeText createdDate } userErrors { field message code }`;

interface RelationEnd {
  id?: string;
  name?: string | null;
  fullName?: string | null;
}
interface Relation {
  source: RelationEnd | null;
  target: RelationEnd | null;
}

const m1Input = (extra: Record<string, string> = {}) => ({
  sourceContactId: M1_INPUT.sourceContactId,
  destinationContactId: M1_INPUT.destinationContactId,
  relationDefinitionId: M1_INPUT.relationDefinitionId,
  comment: M1_INPUT.comment,
  ...extra,
});

const ALL_SCENARIOS: Scenario[] = [
  {
    name: "Q1",
    description: `contactRelation(id: ${SUPEROFFICE_DEMO.companyRelationId}) with both ends' names`,
    literal: `query Q1 { contactRelation(id: ${SUPEROFFICE_DEMO.companyRelationId}) { ${RELATION} } }`,
    variables: { query: `query Q1($id: Int!) { contactRelation(id: $id) { ${RELATION} } }`, variables: { id: SUPEROFFICE_DEMO.companyRelationId } },
    minimumCalls: (data) => {
      const r = data.contactRelation as Relation | null;
      return 1 + new Set([r?.source?.id, r?.target?.id].filter(Boolean)).size; // the relation, then its distinct ends
    },
    problem(data) {
      const relation = data.contactRelation as Relation | null;
      return relation?.source?.name && relation.target?.name ? undefined : "missing relation or end names";
    },
    comparable: (data) => data,
  },
  {
    name: "Q2",
    description: `contact(SUPEROFFICE, ${SUPEROFFICE_DEMO.hubContactId}) with relations(first: 20) and both ends' names`,
    literal: `query Q2 { contact(vendor: SUPEROFFICE, id: "${SUPEROFFICE_DEMO.hubContactId}") { ${Q2_SELECTION.replace("$first", "20")} } }`,
    variables: {
      query: `query Q2($id: String!, $first: Int) { contact(vendor: SUPEROFFICE, id: $id) { ${Q2_SELECTION} } }`,
      variables: { id: String(SUPEROFFICE_DEMO.hubContactId), first: 20 },
    },
    // The contact, its relation list, each relation, then each distinct end other than the contact (already loaded).
    minimumCalls: (data) => {
      const contact = data.contact as { id?: string } | null;
      const nodes = relationNodes(data);
      const ends = new Set(nodes.flatMap((n) => [n.source?.id, n.target?.id]).filter(Boolean));
      ends.delete(contact?.id);
      return 2 + nodes.length + ends.size;
    },
    problem(data) {
      const nodes = relationNodes(data);
      if (nodes.length !== 20) return `expected 20 relations, got ${nodes.length}`;
      if (nodes.some((n) => !n.source || !n.target)) return "an end is missing";
      if (nodes.some((n) => !(n.source?.name ?? n.source?.fullName) || !(n.target?.name ?? n.target?.fullName))) return "an end has no name";
      return undefined;
    },
    comparable: (data) => data,
  },
  {
    name: "M1",
    description: `createContactRelation (contacts ${M1_INPUT.sourceContactId} → ${M1_INPUT.destinationContactId})`,
    literal: `mutation M1 { createContactRelation(input: { sourceContactId: ${M1_INPUT.sourceContactId}, destinationContactId: ${M1_INPUT.destinationContactId}, relationDefinitionId: ${M1_INPUT.relationDefinitionId}, comment: "${M1_INPUT.comment}" }) { ${M1_SELECTION} } }`,
    variables: {
      query: `mutation M1($input: CreateContactRelationInput!) { createContactRelation(input: $input) { ${M1_SELECTION} } }`,
      variables: { input: m1Input() },
    },
    minimumCalls: () => 1,
    problem(data) {
      const payload = data.createContactRelation as { relation: unknown; userErrors: unknown[] } | null;
      if (!payload?.relation) return "no relation created";
      return payload.userErrors.length > 0 ? `userErrors: ${JSON.stringify(payload.userErrors)}` : undefined;
    },
    comparable(data) {
      const payload = data.createContactRelation as { relation: { activeText: unknown } | null; userErrors: unknown[] };
      return { activeText: payload.relation?.activeText, userErrors: payload.userErrors };
    },
  },
];

const SCENARIOS = ALL_SCENARIOS.filter((s) => list(process.env.BENCH_SCENARIOS, ["Q1", "Q2", "M1"]).includes(s.name));

function relationNodes(data: Record<string, unknown>): Relation[] {
  return (data.contact as { relations?: { nodes: Relation[] } } | null)?.relations?.nodes ?? [];
}

function bodyOf(s: Scenario, mode: Mode): string {
  return JSON.stringify(mode === "literal" ? { query: s.literal } : s.variables);
}

/** M1 with variables, each request with a fresh `[<id>]` (autocannon's idReplacement) in its comment or as its idempotency key. */
function m1Body(keyed: boolean): string {
  const m1 = ALL_SCENARIOS.find((s) => s.name === "M1")!;
  const input = keyed ? m1Input({ idempotencyKey: "bench-[<id>]" }) : m1Input({ comment: "bench [<id>]" });
  return JSON.stringify({ query: m1.variables.query, variables: { input } });
}

// ---- the run ----

interface Row {
  delayMs: number;
  scenario: ScenarioName;
  mode: Mode;
  server: ServerName;
  connections: number;
  result: RunResult;
  /** Catalogue reads during the run: a cache refresh (every 5 minutes), no one operation's calls. */
  catalogueCalls: number;
  /** Sandbox requests during the run (until quiet), catalogue reads left out. */
  calls: number;
  /** Operations answered: the gateway's metrics, the references' 2xx. */
  ops: number;
  /** Operations cut off at the end of the run (the gateway counts them; the references at most `connections`). */
  cutOff: number;
  minimumCalls: number;
  graphqlErrors: number;
  elu: number;
  /** The server process's CPU time (user + system, all threads) per operation answered, µs. */
  cpuPerOp: number;
  /** GC pauses per operation, µs; young-generation scavenges and full (mark-compact) collections per 1,000 operations. */
  gcPerOp: number;
  scavengesPer1000: number;
  fullPer1000: number;
  sandboxElu: number;
  memory: ServerMemory;
  /** The gateway's own means: whole operation, one upstream call. */
  serverOpMs?: number;
  upstreamCallMs?: number;
}

interface DirectRow {
  delayMs: number;
  scenario: ScenarioName;
  direct: RunResult;
  calls: number;
}

async function main(): Promise<void> {
  const started = performance.now();
  const sandboxes = new Sandboxes(fileURLToPath(new URL("./sandboxes.ts", import.meta.url)));
  const connections = await sandboxes.ready;
  const so = connections.SUPEROFFICE.default!;
  const superoffice = { baseUrl: so.baseUrl, authorization: so.authorization!, appToken: so.appToken, language: so.language };
  const servers = new Map<ServerName, ServerProcess>();
  const gatewayOptions: GatewayServerOptions = { connections };
  for (const name of SERVERS) {
    const path = name === "gateway" ? "./gateway.ts" : `./references/${name}.ts`;
    servers.set(name, new ServerProcess(name, path, name === "gateway" ? gatewayOptions : { superoffice }));
  }
  await Promise.all([...servers.values()].map((s) => s.ready));
  const gateway = servers.get("gateway");
  const load = new LoadGenerator(fileURLToPath(new URL("./load.ts", import.meta.url)));
  await load.call({
    type: "init",
    targets: { superoffice: { baseUrl: so.baseUrl, authorization: so.authorization!, appToken: so.appToken, language: so.language }, userAgent: USER_AGENT },
  });

  let delay = 0;
  const setDelay = async (ms: number) => {
    delay = ms;
    await sandboxes.call({ type: "delay", ms });
  };
  const clear = async () => void (await sandboxes.call({ type: "clear" }));
  const upstreamRequests = async () => (await sandboxes.call({ type: "requests" })) as number;
  const catalogueRequests = async () => (await sandboxes.call({ type: "catalogueRequests" })) as number;
  /** Waits until no sandbox has received a request for a while (in-flight work of cut-off connections finishes). */
  const quiesce = async () => {
    let last = -1;
    for (let now = await upstreamRequests(); now !== last; now = await upstreamRequests()) {
      last = now;
      await sleep(300 + 3 * delay);
    }
  };
  const reset = async () => void (await sandboxes.call({ type: "reset" }));
  const sandbox: SandboxControl = { clear, upstreamRequests, catalogueRequests, quiesce, reset, elu: async () => (await sandboxes.call({ type: "elu" })) as number };
  const spec = (connections: number, durationSec: number): LoadSpec => ({ connections, durationSec });

  console.log(
    `bench: ${[...servers.values()].map((s) => `${LABEL[s.name]} at ${s.url}`).join(", ")}; ${CONNECTIONS} connections, ${DURATION_SEC} s per run, upstream delay ${DELAYS_MS.join(" and ")} ms, parts ${PARTS.join(", ")}`,
  );

  // Every server answers every operation alike (a create's id and date aside), and with the minimum calls.
  const problems: string[] = [];
  const singleCalls = new Map<string, number>();
  const minimum = new Map<ScenarioName, number>();
  for (const s of SCENARIOS) {
    for (const mode of MODES) {
      const answers = new Map<ServerName, Record<string, unknown>>();
      for (const server of servers.values()) {
        // Once to fill what lives longer than a request (the gateway's relation-type catalogue for M1's check), then counted.
        const what = `${s.name} (${mode}) on ${LABEL[server.name]}`;
        await gql(server.graphqlUrl, bodyOf(s, mode), what);
        await clear();
        const data = await gql(server.graphqlUrl, bodyOf(s, mode), what);
        singleCalls.set(`${s.name}/${mode}/${server.name}`, await upstreamRequests());
        const problem = s.problem(data);
        if (problem) problems.push(`${s.name} (${mode}) on ${LABEL[server.name]}: ${problem}`);
        answers.set(server.name, data);
        if (server.name === SERVERS[0]) minimum.set(s.name, s.minimumCalls(data));
      }
      const [first, ...others] = [...answers.entries()];
      for (const [name, data] of others) {
        if (!isDeepStrictEqual(s.comparable(data), s.comparable(first![1]))) {
          problems.push(`${s.name} (${mode}): ${LABEL[name]} answers otherwise than ${LABEL[first![0]]}: ${JSON.stringify(data).slice(0, 300)}`);
        }
      }
    }
  }
  await reset();

  // Warm-up at 0 ms: JIT, keep-alive pools, the gateway's catalogue cache (M1's check).
  for (const s of SCENARIOS) {
    for (const mode of MODES) {
      for (const server of servers.values()) {
        await load.run({ type: "gateway", url: server.graphqlUrl, body: bodyOf(s, mode), load: spec(CONNECTIONS, WARMUP_SEC) });
      }
    }
    await load.run({ type: "direct", scenario: s.name, load: spec(CONNECTIONS, WARMUP_SEC) });
  }
  await quiesce();
  await reset();

  const rows: Row[] = [];
  const directRows: DirectRow[] = [];
  for (const delayMs of PARTS.includes("main") ? DELAYS_MS : []) {
    await setDelay(delayMs);
    for (const [i, s] of SCENARIOS.entries()) {
      for (const mode of MODES) {
        for (let round = 0; round < ROUNDS; round++) {
          // Servers take turns going first, so drift on the shared machine falls on each.
          const shift = i + round + (mode === "variables" ? 1 : 0);
          const order = [...servers.values()].map((_, k, all) => all[(k + shift) % all.length]!);
          for (const server of order) {
            const row = await measure(server, load, bodyOf(s, mode), s.name, spec(CONNECTIONS, DURATION_SEC), sandbox);
            rows.push({ ...row, delayMs, mode, minimumCalls: minimum.get(s.name)! });
          }
        }
      }
      await clear();
      const direct = await load.run({ type: "direct", scenario: s.name, load: spec(CONNECTIONS, DURATION_SEC) });
      await quiesce();
      directRows.push({ delayMs, scenario: s.name, direct, calls: await upstreamRequests() });
      await clear();
      if (s.name === "M1") await reset();
      console.log(`  done: ${s.name} @ ${delayMs} ms (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }

  // Q1 alone on one connection: the latency of its two dependent levels without queueing.
  const q1 = SCENARIOS.find((s) => s.name === "Q1");
  let probe: Omit<Row, "delayMs" | "mode" | "minimumCalls"> | undefined;
  if (q1 && gateway && PARTS.includes("main")) {
    await setDelay(20);
    probe = await measure(gateway, load, bodyOf(q1, "literal"), "Q1", spec(1, PROBE_SEC), sandbox);
    await clear();
  }

  const keyed = PARTS.includes("keyed") && gateway ? await keyedWrites(gateway, gatewayOptions, load, sandbox, setDelay) : undefined;
  const limitRows = PARTS.includes("limits") ? await compareLimits(gatewayOptions, load, sandbox, setDelay) : [];
  const authRow = PARTS.includes("auth") ? await authPart(gatewayOptions, load, sandbox, setDelay) : undefined;
  const abuse = PARTS.includes("abuse") && gateway ? await abuseScenario(loadConfig({}), gateway, load, sandboxes, sandbox, setDelay) : undefined;
  const soak = PARTS.includes("soak") && gateway ? await soakRun(gateway, load, sandbox, setDelay) : undefined;
  const credentialRows = PARTS.includes("credentials") ? await compareCredentials(gatewayOptions, sandboxes.refreshedSuperOffice!, load, setDelay) : [];
  if (credentialRows.length > 0) {
    console.log("\n| credential | Q1 (literal) req/s | gateway CPU µs/op |\n| --- | --- | --- |");
    for (const c of credentialRows) console.log(`| ${c.credential} | ${fmt(c.rps, 0)} | ${fmt(c.cpuMsPerOp * 1000, 0)} |`);
  }

  const loadMemory = (await load.call({ type: "memory" })) as MemoryInfo;
  const sandboxMemory = (await sandboxes.call({ type: "memory" })) as MemoryInfo;
  const serverMemory = new Map<ServerName, ServerMemory & { heapAfterGc: number }>();
  for (const server of servers.values()) {
    const memory = (await server.call({ type: "memory" })) as ServerMemory;
    serverMemory.set(server.name, { ...memory, heapAfterGc: (await server.call({ type: "gc" })) as number });
  }
  await load.call({ type: "exit" });
  await Promise.all([...servers.values()].map((s) => s.close()));
  await sandboxes.close();

  report({ rows, directRows, probe, keyed, limitRows, authRow, abuse, soak, problems, singleCalls, serverMemory, sandboxMemory, loadMemory, started });
}

// ---- report ----

function report(r: {
  rows: Row[];
  directRows: DirectRow[];
  probe?: Omit<Row, "delayMs" | "mode" | "minimumCalls">;
  keyed?: KeyedResult;
  limitRows: LimitRow[];
  authRow?: AuthRow;
  abuse?: { alone: RunResult; runs: AbuseRun[] };
  soak?: SoakResult;
  problems: string[];
  singleCalls: Map<string, number>;
  serverMemory: Map<ServerName, ServerMemory & { heapAfterGc: number }>;
  sandboxMemory: MemoryInfo;
  loadMemory: MemoryInfo;
  started: number;
}): void {
  const { probe, abuse } = r;
  const rows = mergeRounds(r.rows);
  const find = (delayMs: number, scenario: ScenarioName, mode: Mode, server: ServerName) =>
    rows.find((x) => x.delayMs === delayMs && x.scenario === scenario && x.mode === mode && x.server === server);
  const ratio = (row: Row, server: ServerName) => {
    const other = find(row.delayMs, row.scenario, row.mode, server);
    return other ? row.result.rps / other.result.rps : NaN;
  };
  /** The ratio, and with several rounds each round's in brackets. */
  const ratioText = (row: Row, server: ServerName) => {
    const mean = fmt(ratio(row, server), 2);
    if (ROUNDS <= 1) return mean;
    const same = (x: Row, name: ServerName) => x.delayMs === row.delayMs && x.scenario === row.scenario && x.mode === row.mode && x.server === name;
    const mine = r.rows.filter((x) => same(x, row.server));
    const theirs = r.rows.filter((x) => same(x, server));
    return `${mean} (${mine.map((x, k) => fmt(x.result.rps / (theirs[k]?.result.rps ?? NaN), 2)).join(", ")})`;
  };
  const cpuRatio = (row: Row, server: ServerName) => {
    const other = find(row.delayMs, row.scenario, row.mode, server);
    return other ? row.cpuPerOp / other.cpuPerOp : NaN;
  };
  const targets: Array<[string, boolean, string]> = [];

  for (const row of rows) {
    const single = r.singleCalls.get(`${row.scenario}/${row.mode}/${row.server}`);
    targets.push([
      `${row.scenario} (${row.mode}) @ ${row.delayMs} ms on ${LABEL[row.server]}: upstream calls per operation = minimum (${row.minimumCalls})`,
      // A run may meet one refresh of the catalogue cache (5 minutes), no more.
      exactCalls(row) && single === row.minimumCalls && row.catalogueCalls <= CATALOGUE_READ_CALLS,
      `${fmt(row.calls / row.ops, 3)} under load (${row.calls} calls / ${row.ops} ops, ${row.cutOff} cut off at the end${row.catalogueCalls ? `; and ${row.catalogueCalls} catalogue reads` : ""}), ${single} alone`,
    ]);
  }
  for (const row of rows.filter((x) => x.server === "gateway" && x.delayMs === 0)) {
    for (const [server, goal] of [["apollo", GOAL.apollo], ["plain", GOAL.plain]] as const) {
      const value = ratio(row, server);
      if (Number.isNaN(value)) continue;
      targets.push([`${row.scenario} (${row.mode}) @ 0 ms: gateway ≥ ${goal.toFixed(1)}× ${LABEL[server]}`, value >= goal, `${fmt(value, 2)}×`]);
    }
  }
  const q2Rss = (server: ServerName) => Math.max(0, ...rows.filter((x) => x.scenario === "Q2" && x.server === server).map((x) => x.memory.peakRss));
  if (q2Rss("gateway") > 0 && q2Rss("apollo") > 0) {
    targets.push([
      `RSS under Q2 load ≤ ${GOAL.rss}× the Apollo ref's`,
      q2Rss("gateway") <= GOAL.rss * q2Rss("apollo"),
      `${mb(q2Rss("gateway"))} ÷ ${mb(q2Rss("apollo"))} = ${fmt(q2Rss("gateway") / q2Rss("apollo"), 2)}×`,
    ]);
  }
  const q1At20 = find(20, "Q1", "literal", "gateway");
  if (q1At20) {
    targets.push([`Q1 @ 20 ms, ${CONNECTIONS} connections: p50 < ${Q1_P50_TARGET_MS} ms`, q1At20.result.p50 < Q1_P50_TARGET_MS, `p50 ${fmt(q1At20.result.p50, 1)} ms`]);
  }
  if (probe) {
    targets.push([
      `Q1 @ 20 ms, 1 connection: p50 < ${Q1_P50_TARGET_MS} ms (no serial sibling fetch)`,
      probe.result.p50 < Q1_P50_TARGET_MS,
      `p50 ${fmt(probe.result.p50, 1)} ms, p99 ${fmt(probe.result.p99, 1)} ms`,
    ]);
  }
  for (const k of r.keyed?.stores ?? []) {
    targets.push([
      `M1 with an idempotency key (${k.store}): one vendor create per request`,
      k.exact,
      `${k.keyedCalls} creates for ${k.keyedOps} keyed operations answered (and those cut off at the end)`,
    ]);
  }
  for (const l of r.limitRows) {
    // Judged on the checks' own time against the gateway's CPU per operation: the A/B throughput
    // (shown too) moves by more than 3% between rounds on a shared machine.
    targets.push([
      `${l.scenario} (${l.mode}): the limits' checks cost < ${LIMITS_MAX_COST * 100}% of the gateway's work per operation`,
      l.checksMsPerOp / l.cpuMsPerOp < LIMITS_MAX_COST,
      `${fmt(l.checksMsPerOp * 1000, 1)} µs of ${fmt(l.cpuMsPerOp * 1000, 0)} µs CPU per operation (${fmt((100 * l.checksMsPerOp) / l.cpuMsPerOp, 2)}%); throughput on ÷ off ${fmt(l.on / l.off, 3)}`,
    ]);
  }
  if (r.authRow) {
    targets.push([
      `Q1 (literal): verifying a remembered caller token costs < ${AUTH_MAX_COST * 100}% of the gateway's CPU per operation`,
      r.authRow.rememberedUs / r.authRow.onCpuUs < AUTH_MAX_COST,
      `${fmt(r.authRow.rememberedUs, 1)} µs of ${fmt(r.authRow.onCpuUs, 0)} µs (${fmt((100 * r.authRow.rememberedUs) / r.authRow.onCpuUs, 2)}%); CPU per operation on ÷ off ${fmt(r.authRow.onCpuUs / r.authRow.offCpuUs, 3)}`,
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
  if (r.soak) {
    targets.push([
      `soak: the gateway's heap after GC flat over ${SOAK_SEC} s of Q2 (last third within 5 MB of the first)`,
      r.soak.growthBytes < 5 * 1024 * 1024,
      `${mb(r.soak.firstThird)} → ${mb(r.soak.lastThird)} (${r.soak.growthBytes >= 0 ? "+" : ""}${fmt(r.soak.growthBytes / 1024 / 1024, 1)} MB), ${r.soak.ops} operations, ${fmt(r.soak.calls / r.soak.ops, 3)} calls/op`,
    ]);
  }
  const failuresOf = (x: { result: RunResult; graphqlErrors: number }) => x.result.non2xx + x.result.errors + x.result.timeouts + x.graphqlErrors;
  const allFailures = rows.reduce((n, x) => n + failuresOf(x), probe ? failuresOf(probe) : 0);
  targets.push([
    "no non-2xx, transport errors or GraphQL errors; every server answers alike",
    allFailures === 0 && r.problems.length === 0,
    r.problems.length > 0 ? r.problems.join("; ") : `${allFailures} in all runs`,
  ]);

  console.log("");
  console.log("Throughput (req/s answered 2xx) and latency, each server in its own process, the same operations and vendor calls:");
  console.log(
    "| delay | op | mode | gateway req/s | Apollo ref req/s | plain ref req/s | gateway ÷ Apollo | gateway ÷ plain | CPU µs/op (gw / Apollo / plain) | gw CPU ÷ Apollo, ÷ plain | p50 ms (gw / Apollo / plain) | p99 ms (gw / Apollo / plain) | calls/op (gw / Apollo / plain; min) | errors |",
  );
  console.log("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- | ---: |");
  const groups = [...new Set(rows.map((x) => `${x.delayMs}/${x.scenario}/${x.mode}`))];
  for (const key of groups) {
    const [d, s, m] = key.split("/") as [string, ScenarioName, Mode];
    const of = (server: ServerName) => find(Number(d), s, m, server);
    const each = (f: (x: Row) => string) => SERVER_NAMES.map((n) => (of(n) ? f(of(n)!) : "–")).join(" / ");
    const gw = of("gateway");
    const rps = (n: ServerName) => (of(n) ? fmt(of(n)!.result.rps, 0) : "–");
    console.log(
      `| ${d} ms | ${s} | ${m} | ${rps("gateway")} | ${rps("apollo")} | ${rps("plain")} | ${gw ? ratioText(gw, "apollo") : "–"} | ${gw ? ratioText(gw, "plain") : "–"} | ${each((x) => fmt(x.cpuPerOp, 0))} | ${gw ? `${fmt(cpuRatio(gw, "apollo"), 2)}, ${fmt(cpuRatio(gw, "plain"), 2)}` : "–"} | ${each((x) => fmt(x.result.p50, 0))} | ${each((x) => fmt(x.result.p99, 0))} | ${each((x) => fmt(x.calls / x.ops, 2))}; ${rows.find((x) => x.scenario === s)!.minimumCalls} | ${SERVER_NAMES.reduce((n, name) => n + (of(name) ? failuresOf(of(name)!) : 0), 0)} |`,
    );
  }
  if (rows.length > 0) {
    console.log("");
    console.log("Memory per server process (peaks sampled every 250 ms during the runs; at the end of the bench):");
    console.log("| server | peak RSS under Q2 | peak heap used under Q2 | peak RSS, all runs | RSS at the end | heap used at the end (after a full GC) | Q2 RSS ÷ Apollo ref |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const name of SERVERS) {
      const mine = rows.filter((x) => x.server === name);
      const q2 = mine.filter((x) => x.scenario === "Q2");
      const end = r.serverMemory.get(name);
      console.log(
        `| ${LABEL[name]} | ${q2.length ? mb(q2Rss(name)) : "–"} | ${q2.length ? mb(Math.max(...q2.map((x) => x.memory.peakHeapUsed))) : "–"} | ${mb(Math.max(...mine.map((x) => x.memory.peakRss)))} | ${end ? mb(end.rss) : "–"} | ${end ? `${mb(end.heapUsed)} (${mb(end.heapAfterGc)})` : "–"} | ${q2Rss("apollo") > 0 && q2.length ? fmt(q2Rss(name) / q2Rss("apollo"), 2) : "–"} |`,
      );
    }
  }
  if (r.directRows.length > 0) {
    console.log("");
    console.log("The same vendor calls made directly with undici from the load generator (no GraphQL at all), against the gateway's literal runs:");
    console.log("| delay | op | gateway req/s | direct req/s | gateway ÷ direct | direct p50 ms | direct p99 ms | direct calls/op |");
    console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const d of r.directRows) {
      const gw = find(d.delayMs, d.scenario, "literal", "gateway");
      console.log(
        `| ${d.delayMs} ms | ${d.scenario} | ${gw ? fmt(gw.result.rps, 0) : "–"} | ${fmt(d.direct.rps, 0)} | ${gw ? fmt(gw.result.rps / d.direct.rps, 2) : "–"} | ${fmt(d.direct.p50, 1)} | ${fmt(d.direct.p99, 1)} | ${fmt(d.calls / d.direct.ops, 2)} |`,
      );
    }
  }
  if (probe) {
    console.log("");
    console.log(`Q1 @ 20 ms on 1 connection (gateway): ${fmt(probe.result.rps, 0)} req/s, p50 ${fmt(probe.result.p50, 1)} ms, p99 ${fmt(probe.result.p99, 1)} ms`);
  }
  const gatewayRows = [...rows.filter((x) => x.server === "gateway"), ...(probe ? [{ ...probe, delayMs: 20, mode: "literal" as Mode }] : [])];
  if (gatewayRows.length > 0) {
    console.log("");
    console.log("Where the gateway's time goes (its own metrics, means; ELU = event-loop utilisation of each server's and the sandboxes' processes):");
    console.log(
      "| delay | op | mode | client p50 ms | server operation ms | upstream call ms | gateway ELU | Apollo ref ELU | plain ref ELU | sandbox ELU (gateway run) | GC pause µs/op (gw / Apollo / plain) | scavenges per 1,000 ops (gw / Apollo / plain) | full collections per 1,000 ops (gw / Apollo / plain) |",
    );
    console.log("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |");
    for (const x of gatewayRows) {
      const gcText = (row: Omit<Row, "minimumCalls">, f: (r: Omit<Row, "minimumCalls">) => string) =>
        SERVER_NAMES.map((n) => {
          const other = n === "gateway" ? row : row.connections === 1 ? undefined : find(row.delayMs, row.scenario, row.mode, n);
          return other ? f(other) : "–";
        }).join(" / ");
      const elu = (n: ServerName) => {
        const other = x.connections === 1 ? undefined : find(x.delayMs, x.scenario, x.mode, n);
        return other ? fmt(other.elu, 2) : "–";
      };
      console.log(
        `| ${x.delayMs} ms | ${x.scenario}${x.connections === 1 ? " (1 conn)" : ""} | ${x.mode} | ${fmt(x.result.p50, 1)} | ${fmt(x.serverOpMs ?? NaN, 1)} | ${fmt(x.upstreamCallMs ?? NaN, 1)} | ${fmt(x.elu, 2)} | ${elu("apollo")} | ${elu("plain")} | ${fmt(x.sandboxElu, 2)} | ${gcText(x, (r) => fmt(r.gcPerOp, 0))} | ${gcText(x, (r) => fmt(r.scavengesPer1000, 0))} | ${gcText(x, (r) => fmt(r.fullPer1000, 1))} |`,
      );
    }
  }
  if (r.keyed) {
    console.log("");
    console.log(`M1 with an idempotency key against M1 without (variables, a fresh comment or key per request, 0 ms, ${r.keyed.rounds} rounds each, alternating):`);
    console.log("| store | without key req/s | with key req/s | with ÷ without (per round) | creates per keyed op |");
    console.log("| --- | ---: | ---: | --- | ---: |");
    for (const k of r.keyed.stores) {
      console.log(
        `| ${k.store} | ${fmt(k.without, 0)} | ${fmt(k.with, 0)} | **${fmt(k.with / k.without, 3)}** (${k.perRound.map((x) => fmt(x, 2)).join(", ")}) | ${fmt(k.keyedCalls / k.keyedOps, 3)} |`,
      );
    }
    for (const note of r.keyed.notes) console.log(`(${note})`);
  }
  if (r.limitRows.length > 0) {
    console.log("");
    console.log(`Limits on against off (two gateway processes, ${LIMITS_ROUNDS} alternating rounds of ${DURATION_SEC} s each, 0 ms delay, ${CONNECTIONS} connections):`);
    console.log("| op | mode | limits on req/s | limits off req/s | on ÷ off | per round (on / off) | gateway CPU µs/op | checks µs/op | checks share |");
    console.log("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
    for (const l of r.limitRows) {
      console.log(
        `| ${l.scenario} | ${l.mode} | ${fmt(l.on, 0)} | ${fmt(l.off, 0)} | ${fmt(l.on / l.off, 3)} | ${l.rounds.map(([on, off]) => `${fmt(on, 0)} / ${fmt(off, 0)}`).join(", ")} | ${fmt(l.cpuMsPerOp * 1000, 0)} | ${fmt(l.checksMsPerOp * 1000, 1)} | ${fmt((100 * l.checksMsPerOp) / l.cpuMsPerOp, 2)}% |`,
      );
    }
  }
  if (r.authRow) {
    console.log("");
    for (const line of authLines(r.authRow, { rounds: LIMITS_ROUNDS, durationSec: DURATION_SEC, connections: CONNECTIONS })) console.log(line);
  }
  if (abuse) {
    console.log("");
    console.log(`Abuse (${ABUSE_DELAY_MS} ms delay, ${DURATION_SEC} s): Q1 from 1 connection, alone and next to connections looping an abuser's request:`);
    console.log("| next to | connections | Q1 req/s | Q1 p50 ms | Q1 p99 ms | p50 ÷ alone | p99 ÷ alone | abuser requests (refused) | vendor calls/s |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    console.log(`| (alone) | | ${fmt(abuse.alone.rps, 0)} | ${fmt(abuse.alone.p50, 1)} | ${fmt(abuse.alone.p99, 1)} | 1.00 | 1.00 | | |`);
    for (const a of abuse.runs) {
      const perSecond = Object.entries(a.calls)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${name} ${fmt(n / a.seconds, 1)}`)
        .join(", ");
      console.log(
        `| ${a.name} | ${a.connections} | ${fmt(a.q1.rps, 0)} | ${fmt(a.q1.p50, 1)} | ${fmt(a.q1.p99, 1)} | ${fmt(a.q1.p50 / abuse.alone.p50, 2)} | ${fmt(a.q1.p99 / abuse.alone.p99, 2)} | ${a.abuser.ops + a.abuser.non2xx} (${a.abuser.non2xx}) | ${perSecond} |`,
      );
    }
  }
  if (r.soak) {
    console.log("");
    console.log(`Soak: Q2 (variables) on the gateway for ${SOAK_SEC} s at 0 ms, ${CONNECTIONS} connections; every ${SOAK_SAMPLE_SEC} s a full GC, then heap used and RSS:`);
    console.log(`${fmt(r.soak.rps, 0)} req/s; heap after GC (MB): ${r.soak.samples.map((x) => fmt(x.heapUsed / 1024 / 1024, 1)).join(", ")}`);
    console.log(`RSS (MB): ${r.soak.samples.map((x) => fmt(x.rss / 1024 / 1024, 0)).join(", ")}`);
  }
  console.log("");
  let failed = 0;
  for (const [name, ok, detail] of targets) {
    if (!ok) failed++;
    console.log(`${ok ? "PASS" : "FAIL"}  ${name}: ${detail}`);
  }
  console.log("");
  console.log(
    `memory at the end: sandbox process RSS ${mb(r.sandboxMemory.rss)}, heap used ${mb(r.sandboxMemory.heapUsed)}; load generator RSS ${mb(r.loadMemory.rss)}, heap used ${mb(r.loadMemory.heapUsed)}`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${mb(totalmem())} RAM, node ${process.version}; ${new Date().toISOString()}; ${Math.round((performance.now() - r.started) / 1000)} s`,
  );
  if (failed > 0 && process.env.BENCH_STRICT === "1") process.exitCode = 1;
}

// ---- one measured run ----

/** What measure() needs from the sandbox process. */
interface SandboxControl {
  clear(): Promise<void>;
  upstreamRequests(): Promise<number>;
  catalogueRequests(): Promise<number>;
  quiesce(): Promise<void>;
  reset(): Promise<void>;
  /** Event-loop utilisation of the sandbox process since the previous call. */
  elu(): Promise<number>;
}

/** One autocannon run against a server: its upstream calls, its memory peaks and ELU, and (the gateway) its own metrics over the run. */
async function measure(
  server: ServerProcess,
  load: LoadGenerator,
  body: string,
  scenario: ScenarioName,
  spec: LoadSpec,
  sandbox: SandboxControl,
  options: { idReplacement?: boolean } = {},
): Promise<Omit<Row, "delayMs" | "mode" | "minimumCalls">> {
  await sandbox.clear();
  const isGateway = server.name === "gateway";
  const before = isGateway ? await server.snapshot() : undefined;
  await server.call({ type: "memory", mark: true });
  await server.call({ type: "elu" }); // marks the start
  const cpu0 = (await server.call({ type: "cpu" })) as number;
  const gc0 = (await server.call({ type: "gcStats" })) as GcStats;
  await sandbox.elu();
  const t0 = process.hrtime.bigint();
  // BENCH_ALLOCATIONS=1: what each server allocates during each run, by stack (bench/profiles/allocations-…).
  const sampleAllocations = process.env.BENCH_ALLOCATIONS === "1" || process.env.BENCH_ALLOCATIONS === "survivors";
  if (sampleAllocations) await server.call({ type: "allocations" });
  const result = await load.run({ type: "gateway", url: server.graphqlUrl, body, load: spec, idReplacement: options.idReplacement });
  if (sampleAllocations) {
    const dir = fileURLToPath(new URL("./profiles/", import.meta.url));
    mkdirSync(dir, { recursive: true });
    await server.call({ type: "allocations", file: `${dir}allocations-${server.name}-${scenario}-${result.ops}ops-${Date.now()}.heapprofile` });
  }
  // With --cpu-prof, these bound the run in the profile (same monotonic clock, in µs); the answered operations give per-operation figures.
  if (process.env.BENCH_PRINT_WINDOWS === "1") {
    console.log(`  window ${server.name} ${scenario}: ${t0 / 1000n} ${process.hrtime.bigint() / 1000n} (${result.ops} operations)`);
  }
  const elu = (await server.call({ type: "elu" })) as number;
  const cpuUs = ((await server.call({ type: "cpu" })) as number) - cpu0;
  const gc1 = (await server.call({ type: "gcStats" })) as GcStats;
  const gcOf = (ops: number) => ({
    gcPerOp: ((gc1.scavengeMs + gc1.fullMs - gc0.scavengeMs - gc0.fullMs) * 1000) / ops,
    scavengesPer1000: ((gc1.scavenges - gc0.scavenges) * 1000) / ops,
    fullPer1000: ((gc1.full - gc0.full) * 1000) / ops,
  });
  const sandboxElu = await sandbox.elu();
  const memory = (await server.call({ type: "memory" })) as ServerMemory;
  await sandbox.quiesce();
  const calls = await sandbox.upstreamRequests();
  const catalogueCalls = await sandbox.catalogueRequests();
  if (scenario === "M1") await sandbox.reset(); // drop the thousands of relations it created
  if (!before) {
    return { scenario, server: server.name, connections: spec.connections, result, calls, catalogueCalls, ops: result.ops, cutOff: spec.connections, graphqlErrors: 0, elu, cpuPerOp: cpuUs / result.ops, ...gcOf(result.ops), sandboxElu, memory };
  }
  const after = await server.snapshot();
  const ops = after.ops - before.ops;
  return {
    scenario,
    server: server.name,
    connections: spec.connections,
    result,
    calls,
    catalogueCalls,
    ops,
    cutOff: after.abandoned - before.abandoned,
    graphqlErrors: after.errors - before.errors,
    elu,
    cpuPerOp: cpuUs / ops,
    ...gcOf(ops),
    sandboxElu,
    memory,
    serverOpMs: ((after.opSeconds - before.opSeconds) / ops) * 1000,
    upstreamCallMs: ((after.upstreamSeconds - before.upstreamSeconds) / (after.upstreamCalls - before.upstreamCalls)) * 1000,
  };
}

/** One row per delay, operation, mode and server: req/s, latency and ELU averaged over the rounds, counts summed, memory peaks kept. */
function mergeRounds(rows: Row[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.delayMs}/${row.scenario}/${row.mode}/${row.server}/${row.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const mean = (f: (x: Row) => number) => group.reduce((n, x) => n + f(x), 0) / group.length;
    const total = (f: (x: Row) => number) => group.reduce((n, x) => n + f(x), 0);
    const first = group[0]!;
    return {
      ...first,
      result: { ...first.result, rps: mean((x) => x.result.rps), p50: mean((x) => x.result.p50), p99: mean((x) => x.result.p99), ops: total((x) => x.result.ops), non2xx: total((x) => x.result.non2xx), errors: total((x) => x.result.errors), timeouts: total((x) => x.result.timeouts) },
      calls: total((x) => x.calls),
      ops: total((x) => x.ops),
      cutOff: total((x) => x.cutOff),
      graphqlErrors: total((x) => x.graphqlErrors),
      elu: mean((x) => x.elu),
      cpuPerOp: total((x) => x.cpuPerOp * x.ops) / total((x) => x.ops),
      gcPerOp: total((x) => x.gcPerOp * x.ops) / total((x) => x.ops),
      scavengesPer1000: total((x) => x.scavengesPer1000 * x.ops) / total((x) => x.ops),
      fullPer1000: total((x) => x.fullPer1000 * x.ops) / total((x) => x.ops),
      sandboxElu: mean((x) => x.sandboxElu),
      memory: { ...first.memory, peakRss: Math.max(...group.map((x) => x.memory.peakRss)), peakHeapUsed: Math.max(...group.map((x) => x.memory.peakHeapUsed)) },
      serverOpMs: first.serverOpMs === undefined ? undefined : mean((x) => x.serverOpMs ?? 0),
      upstreamCallMs: first.upstreamCallMs === undefined ? undefined : mean((x) => x.upstreamCallMs ?? 0),
    };
  });
}

/**
 * The minimum calls for every answered operation, plus at most the minimum for each one cut off at
 * the end of the run (its calls in flight were sent, the rest dropped).
 */
function exactCalls(r: Pick<Row, "calls" | "ops" | "cutOff" | "minimumCalls">): boolean {
  return r.calls >= r.ops * r.minimumCalls && r.calls <= (r.ops + r.cutOff) * r.minimumCalls;
}

/** POSTs one operation; throws on transport or GraphQL errors. */
async function gql(url: string, body: string, what: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const answer = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (res.status !== 200 || answer.errors || !answer.data) {
    throw new Error(`${what} failed: HTTP ${res.status} ${JSON.stringify(answer.errors ?? answer)}`);
  }
  return answer.data;
}

// ---- keyed writes ----

interface KeyedStore {
  store: string;
  without: number;
  with: number;
  perRound: number[];
  keyedCalls: number;
  keyedOps: number;
  /** Every keyed run made one create per answered operation (cut-off ones at most one more). */
  exact: boolean;
}

interface KeyedResult {
  rounds: number;
  stores: KeyedStore[];
  notes: string[];
}

/**
 * M1 with an idempotency key (each request its own) against M1 without, in alternating rounds on
 * one gateway: with the in-memory store (the main gateway process), then with Redis (a second
 * gateway process with REDIS_URL, on a redis-server started here on a free loopback port).
 */
async function keyedWrites(
  gateway: ServerProcess,
  options: GatewayServerOptions,
  load: LoadGenerator,
  sandbox: SandboxControl,
  setDelay: (ms: number) => Promise<void>,
): Promise<KeyedResult> {
  await setDelay(0);
  const rounds = LIMITS_ROUNDS;
  const notes: string[] = [];
  const compare = async (server: ServerProcess, store: string): Promise<KeyedStore> => {
    const spec = (durationSec: number): LoadSpec => ({ connections: CONNECTIONS, durationSec });
    for (const keyed of [false, true]) {
      await gql(server.graphqlUrl, m1Body(keyed).replaceAll("[<id>]", `warm-${Date.now()}`), `M1 ${keyed ? "with" : "without"} a key`);
      await load.run({ type: "gateway", url: server.graphqlUrl, body: m1Body(keyed), load: spec(WARMUP_SEC), idReplacement: true });
    }
    await sandbox.quiesce();
    await sandbox.reset();
    const result: KeyedStore = { store, without: 0, with: 0, perRound: [], keyedCalls: 0, keyedOps: 0, exact: true };
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? [false, true] : [true, false];
      const rps: Record<string, number> = {};
      for (const keyed of order) {
        const row = await measure(server, load, m1Body(keyed), "M1", spec(DURATION_SEC), sandbox, { idReplacement: true });
        rps[String(keyed)] = row.result.rps;
        if (keyed) {
          result.keyedCalls += row.calls;
          result.keyedOps += row.ops;
          result.exact &&= exactCalls({ ...row, minimumCalls: 1 });
        }
      }
      result.without += rps.false! / rounds;
      result.with += rps.true! / rounds;
      result.perRound.push(rps.true! / rps.false!);
    }
    console.log(`  done: M1 keyed (${store})`);
    return result;
  };

  const stores = [await compare(gateway, "memory")];
  if (!redisAvailable()) {
    notes.push("Redis: skipped, redis-server is not on PATH (apt-get install -y redis-server)");
  } else {
    const redis = await startRedis();
    const withRedis = new ServerProcess("gateway", "./gateway.ts", { ...options, redisUrl: redis.url } satisfies GatewayServerOptions, "gateway-redis");
    try {
      await withRedis.ready;
      stores.push(await compare(withRedis, `Redis (${redis.url})`));
    } finally {
      await withRedis.close();
      await redis.stop();
    }
  }
  return { rounds, stores, notes };
}

// ---- limits on against off ----

interface LimitRow {
  scenario: ScenarioName;
  mode: Mode;
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
async function checksMsPerOp(s: Scenario, mode: Mode, limits: GatewayConfig["limits"]): Promise<number> {
  const schema = await buildGatewaySchema();
  const { query, variables } = mode === "literal" ? { query: s.literal, variables: {} } : s.variables;
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const plugin = limitsPlugin(limits);
  const once = async () => {
    const hooks: any = await plugin.requestDidStart!({ request: { http: { headers: new Map() } } } as any);
    await hooks.didResolveOperation({ document, operation, schema, request: { variables } });
  };
  for (let i = 0; i < 500; i++) await once();
  const n = 5_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) await once();
  return (performance.now() - started) / n;
}

/**
 * The same load against two gateway processes, one with the limits at their defaults and one
 * with every limit off (0), in alternating rounds at 0 ms delay (where the gateway's CPU is the
 * bottleneck, so the checks' cost shows most). Literal Q1 and M1 (cost cached with the document),
 * Q2 with variables (estimated per request).
 */
async function compareLimits(
  options: GatewayServerOptions,
  load: LoadGenerator,
  sandbox: SandboxControl,
  setDelay: (ms: number) => Promise<void>,
): Promise<LimitRow[]> {
  const on = new ServerProcess("gateway", "./gateway.ts", options, "gateway-limits-on");
  const off = new ServerProcess("gateway", "./gateway.ts", { ...options, limitsOff: true } satisfies GatewayServerOptions, "gateway-limits-off");
  await Promise.all([on.ready, off.ready]);
  await setDelay(0);
  const limits = loadConfig({}).limits;
  const rows: LimitRow[] = [];
  for (const s of SCENARIOS) {
    const mode: Mode = s.name === "Q2" ? "variables" : "literal";
    const body = bodyOf(s, mode);
    let busyMs = 0;
    let opsOn = 0;
    const run = async (gateway: ServerProcess) => {
      await gateway.call({ type: "elu" });
      const result = await load.run({ type: "gateway", url: gateway.graphqlUrl, body, load: { connections: CONNECTIONS, durationSec: DURATION_SEC } });
      const elu = (await gateway.call({ type: "elu" })) as number;
      if (gateway === on) {
        busyMs += elu * result.elapsedSec * 1000;
        opsOn += result.ops;
      }
      if (s.name === "M1") await sandbox.reset();
      return result.rps;
    };
    for (const gateway of [on, off]) {
      await load.run({ type: "gateway", url: gateway.graphqlUrl, body, load: { connections: CONNECTIONS, durationSec: WARMUP_SEC } });
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
    rows.push({ scenario: s.name, mode, on: mean(0), off: mean(1), rounds, cpuMsPerOp: busyMs / opsOn, checksMsPerOp: await checksMsPerOp(s, mode, limits) });
    await sandbox.clear();
    console.log(`  done: limits on/off ${s.name}`);
  }
  await Promise.all([on.close(), off.close()]);
  return rows;
}

// ---- caller authentication on against off (bench/auth.ts) ----

async function authPart(options: GatewayServerOptions, load: LoadGenerator, sandbox: SandboxControl, setDelay: (ms: number) => Promise<void>): Promise<AuthRow> {
  await setDelay(0);
  const q1 = ALL_SCENARIOS.find((s) => s.name === "Q1")!;
  const row = await compareAuth(options, (o, name) => new ServerProcess("gateway", "./gateway.ts", o, name), load, bodyOf(q1, "literal"), {
    connections: CONNECTIONS,
    durationSec: DURATION_SEC,
    warmupSec: WARMUP_SEC,
    rounds: LIMITS_ROUNDS,
  });
  await sandbox.clear();
  console.log("  done: caller authentication on/off");
  return row;
}

// ---- credentials ----

interface CredentialRow {
  credential: "static" | "refreshed";
  rps: number;
  /** Event-loop busy time ÷ operations, over the rounds. */
  cpuMsPerOp: number;
}

/**
 * Q1 against two gateway processes, SuperOffice with its static ticket and with a token the
 * gateway fetched from the sandbox's OAuth endpoint (held, so no refresh inside the run), in
 * alternating rounds at 0 ms delay: what resolving the credential per request costs.
 */
async function compareCredentials(
  options: GatewayServerOptions,
  refreshed: SandboxReady["refreshedSuperOffice"],
  load: LoadGenerator,
  setDelay: (ms: number) => Promise<void>,
): Promise<CredentialRow[]> {
  const q1 = SCENARIOS.find((s) => s.name === "Q1");
  if (!q1) return [];
  const connections = { ...options.connections, SUPEROFFICE: { ...options.connections.SUPEROFFICE, default: refreshed } };
  const servers = {
    static: new ServerProcess("gateway", "./gateway.ts", options, "gateway-static"),
    refreshed: new ServerProcess("gateway", "./gateway.ts", { ...options, connections } satisfies GatewayServerOptions, "gateway-refreshed"),
  };
  await Promise.all([servers.static.ready, servers.refreshed.ready]);
  await setDelay(0);
  const body = bodyOf(q1, "literal");
  // Each answers Q1 in full (a GraphQL error would be a 200 too, and cheaper).
  for (const [name, gateway] of Object.entries(servers)) {
    const answer = (await (await fetch(gateway.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body })).json()) as { data?: unknown; errors?: unknown };
    const problem = answer.errors ? JSON.stringify(answer.errors).slice(0, 300) : q1.problem(answer.data as Record<string, unknown>);
    if (problem) throw new Error(`credentials part: the ${name} gateway's Q1: ${problem}`);
  }
  const totals = { static: { busyMs: 0, ops: 0, rps: 0 }, refreshed: { busyMs: 0, ops: 0, rps: 0 } };
  for (const gateway of Object.values(servers)) {
    await load.run({ type: "gateway", url: gateway.graphqlUrl, body, load: { connections: CONNECTIONS, durationSec: WARMUP_SEC } });
  }
  for (let i = 0; i < LIMITS_ROUNDS; i++) {
    // Alternate which goes first, so drift on the shared machine falls on both.
    for (const name of i % 2 === 0 ? (["static", "refreshed"] as const) : (["refreshed", "static"] as const)) {
      const gateway = servers[name];
      await gateway.call({ type: "elu" });
      const result = await load.run({ type: "gateway", url: gateway.graphqlUrl, body, load: { connections: CONNECTIONS, durationSec: DURATION_SEC } });
      const elu = (await gateway.call({ type: "elu" })) as number;
      totals[name].busyMs += elu * result.elapsedSec * 1000;
      totals[name].ops += result.ops;
      totals[name].rps += result.rps / LIMITS_ROUNDS;
    }
  }
  await Promise.all([servers.static.close(), servers.refreshed.close()]);
  console.log("  done: credentials static/refreshed Q1");
  return (["static", "refreshed"] as const).map((credential) => ({
    credential,
    rps: totals[credential].rps,
    cpuMsPerOp: totals[credential].busyMs / totals[credential].ops,
  }));
}

// ---- abuse ----

/** How many connections loop the largest query (the issue: "one client"). */
const ABUSE_CONNECTIONS = positiveNumber(process.env.BENCH_ABUSE_CONNECTIONS, 1);

interface AbuseRun {
  name: string;
  /** Connections looping the abuser's body (each a separate attacker). */
  connections: number;
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

/** Attackers of issue 21 (item 2): documents of 10,000 aliases, each request a distinct one. */
const ALIAS_ATTACKERS = 4;
const ALIAS_COUNT = 10_000;

/**
 * A 10,000-alias document, made distinct per request by autocannon's `[<id>]` (a fresh id in
 * every body), so no document cache can answer it. Short aliases keep it under
 * MAX_REQUEST_BYTES (about 90 KB): the token limit is what refuses it.
 */
function aliasFlood(): string {
  const aliases = Array.from({ length: ALIAS_COUNT }, (_, i) => `a${i}:id`).join(" ");
  return JSON.stringify({ query: `{ contact(vendor: SUPEROFFICE, id: "[<id>]") { ${aliases} } }` });
}

/**
 * One client loops the largest query the limits allow while another sends Q1 from one
 * connection: Q1's latency against Q1 alone, and the vendor calls per second. Once against
 * SuperOffice (no published limit: the gateway's own CPU is what is shared), once against a
 * HighLevel location that enforces 100 calls per 10 s (the pacer is what is shared).
 */
async function abuseScenario(
  config: GatewayConfig,
  gateway: ServerProcess,
  load: LoadGenerator,
  sandboxes: Sandboxes,
  sandbox: SandboxControl,
  setDelay: (ms: number) => Promise<void>,
): Promise<{ alone: RunResult; runs: AbuseRun[] }> {
  const q1Body = bodyOf(ALL_SCENARIOS.find((s) => s.name === "Q1")!, "literal");
  const url = gateway.graphqlUrl;
  const abusers = [
    { name: `SuperOffice, cost ${config.limits.maxCost}`, body: largestQuery(config, "SUPEROFFICE", "default"), connections: ABUSE_CONNECTIONS, distinct: false },
    {
      name: `HighLevel at ${HIGHLEVEL_LIMIT.calls}/${HIGHLEVEL_LIMIT.perSeconds} s, cost ${config.limits.maxCost}`,
      body: largestQuery(config, "HIGHLEVEL", PUBLISHED_LIMITS),
      connections: ABUSE_CONNECTIONS,
      distinct: false,
    },
    { name: `${ALIAS_ATTACKERS} attackers, distinct ${ALIAS_COUNT / 1000}k-alias documents`, body: aliasFlood(), connections: ALIAS_ATTACKERS, distinct: true },
  ];
  await setDelay(ABUSE_DELAY_MS);
  const spec = (connections: number): LoadSpec => ({ connections, durationSec: DURATION_SEC });
  await load.run({ type: "gateway", url, body: q1Body, load: { connections: 1, durationSec: WARMUP_SEC } });
  const alone = await load.run({ type: "gateway", url, body: q1Body, load: spec(1) });
  await sandbox.quiesce();
  const runs: AbuseRun[] = [];
  for (const abuser of abusers) {
    await sandbox.clear();
    const limited0 = (await gateway.call({ type: "highLevel429s" })) as number;
    const started = performance.now();
    const [q1Run, abuserRun] = await Promise.all([
      load.run({ type: "gateway", url, body: q1Body, load: spec(1) }),
      load.run({ type: "gateway", url, body: abuser.body, load: spec(abuser.connections), idReplacement: abuser.distinct }),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const calls = (await sandboxes.call({ type: "requestsBySandbox" })) as Record<string, number>;
    const published = calls[`HIGHLEVEL/${PUBLISHED_LIMITS}`] ?? 0;
    const limited = ((await gateway.call({ type: "highLevel429s" })) as number) - limited0;
    runs.push({ name: abuser.name, connections: abuser.connections, q1: q1Run, abuser: abuserRun, seconds, calls, ...(published > 0 && { highLevelCalls: published, highLevel429: limited }) });
    // Requests the abuser left running (and their calls) end before the next part.
    await sleep(1_000);
    await sandbox.quiesce();
    console.log(`  done: abuse next to ${abuser.name}`);
  }
  return { alone, runs };
}

// ---- soak ----

interface SoakResult {
  rps: number;
  ops: number;
  calls: number;
  samples: Array<{ heapUsed: number; rss: number }>;
  /** Mean heap used after GC over the first and the last third of the samples. */
  firstThird: number;
  lastThird: number;
  growthBytes: number;
}

/** Q2 (variables) on the gateway for SOAK_SEC at 0 ms; every SOAK_SAMPLE_SEC a full GC in the gateway, then its heap used and RSS. */
async function soakRun(gateway: ServerProcess, load: LoadGenerator, sandbox: SandboxControl, setDelay: (ms: number) => Promise<void>): Promise<SoakResult> {
  await setDelay(0);
  await sandbox.clear();
  const q2 = ALL_SCENARIOS.find((s) => s.name === "Q2")!;
  const samples: SoakResult["samples"] = [];
  let calls = 0;
  let done = false;
  const running = load.run({ type: "gateway", url: gateway.graphqlUrl, body: bodyOf(q2, "variables"), load: { connections: CONNECTIONS, durationSec: SOAK_SEC } });
  void running.finally(() => (done = true));
  while (!done) {
    await Promise.race([sleep(SOAK_SAMPLE_SEC * 1000), running]);
    if (done) break;
    const heapUsed = (await gateway.call({ type: "gc" })) as number;
    const { rss } = (await gateway.call({ type: "memory" })) as ServerMemory;
    samples.push({ heapUsed, rss });
    // The sandbox's request log would grow for the whole run: count and clear it at each sample.
    calls += await sandbox.upstreamRequests();
    await sandbox.clear();
  }
  const result = await running;
  await sandbox.quiesce();
  calls += await sandbox.upstreamRequests();
  await sandbox.clear();
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (xs: typeof samples) => xs.reduce((n, x) => n + x.heapUsed, 0) / xs.length;
  const firstThird = mean(samples.slice(0, third));
  const lastThird = mean(samples.slice(-third));
  console.log(`  done: soak (${SOAK_SEC} s)`);
  return { rps: result.rps, ops: result.ops, calls, samples, firstThird, lastThird, growthBytes: lastThird - firstThird };
}

// ---- child processes ----

/** A forked child answering `{ id, type, … }` commands with {@link Reply}s (tsx's loader is inherited through execArgv). */
class Child<C extends { id: number; type: string }, R> {
  protected readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: R | undefined): void; reject(e: Error): void }>();

  constructor(path: string, onOther: (message: unknown) => void = () => {}, options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    this.child = fork(path, { stdio: ["ignore", "inherit", "inherit", "ipc"], ...options });
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

  /** Asks it to exit; kills it if that takes more than 5 s. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await this.call({ type: "exit" } as DistributiveOmit<C, "id">).catch(() => undefined);
    await exited;
    clearTimeout(timer);
  }
}

/** bench/load.ts: autocannon against the servers, and the direct baseline. */
class LoadGenerator extends Child<Command, RunResult | MemoryInfo> {
  async run(command: DistributiveOmit<Extract<Command, { type: "gateway" | "direct" }>, "id">): Promise<RunResult> {
    return (await this.call(command)) as RunResult;
  }
}

/** A server under test in its own process (bench/gateway.ts or a reference, compiled: ./compiled.ts), with --expose-gc and, when asked, --cpu-prof. */
class ServerProcess extends Child<ServerCommand, unknown> {
  readonly ready: Promise<string>;
  url = "";
  private failStart: (e: Error) => void = () => {};

  constructor(
    readonly name: ServerName,
    path: string,
    options: object,
    profileName: string = name,
  ) {
    let resolveReady: (url: string) => void = () => {};
    const profile = PROFILED.includes(name) ? profileArgs(profileName) : [];
    const entry = serverEntry(path);
    super(
      entry.file,
      (message) => {
        if ((message as ServerReady).type === "ready") resolveReady((message as ServerReady).url);
      },
      // BENCH_GATEWAY_FLAGS: node flags for the gateway's processes only (experiments, e.g. GC sizing).
      {
        execArgv: [...entry.execArgv, "--expose-gc", ...profile, ...(name === "gateway" ? list(process.env.BENCH_GATEWAY_FLAGS, []) : [])],
        // Every server runs as in production (graphql-js drops its development-only checks, as the Dockerfile's image does); BENCH_NODE_ENV overrides.
        env: { ...process.env, NODE_ENV: process.env.BENCH_NODE_ENV ?? "production", BENCH_SERVER: JSON.stringify(options) },
      },
    );
    this.ready = new Promise<string>((resolve, reject) => {
      resolveReady = resolve;
      this.failStart = reject;
    }).then((url) => (this.url = url));
  }

  get graphqlUrl(): string {
    return `${this.url}/graphql`;
  }

  async snapshot(): Promise<GatewaySnapshot> {
    return (await this.call({ type: "snapshot" })) as GatewaySnapshot;
  }

  protected override exited(code: number | null): void {
    this.failStart(new Error(`${this.name} exited before it was ready (${code})`));
  }
}

/** A directory per server and run: node writes one profile per thread (tsx's loader has its own; the largest is the server's). */
function profileArgs(name: string): string[] {
  const dir = fileURLToPath(new URL(`./profiles/${name}-${new Date().toISOString().replace(/[:.]/g, "-")}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  // BENCH_HEAP_PROFILE=1: allocation sampling (.heapprofile) instead of CPU.
  return process.env.BENCH_HEAP_PROFILE === "1" ? ["--heap-prof", `--heap-prof-dir=${dir}`] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

/** bench/sandboxes.ts: the three sandbox vendors; `ready` resolves with their connections. */
class Sandboxes extends Child<SandboxCommand, SandboxResult> {
  readonly ready: Promise<GatewayConfig["connections"]>;
  /** SuperOffice with a refreshed credential (the credentials part). */
  refreshedSuperOffice?: SandboxReady["refreshedSuperOffice"];
  private failStart: (e: Error) => void = () => {};

  constructor(path: string) {
    let resolveReady: (c: GatewayConfig["connections"]) => void = () => {};
    super(path, (message) => {
      if ((message as SandboxReady).type === "ready") {
        this.refreshedSuperOffice = (message as SandboxReady).refreshedSuperOffice;
        resolveReady((message as SandboxReady).connections);
      }
    });
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      this.failStart = reject;
    });
  }

  protected override exited(code: number | null): void {
    this.failStart(new Error(`sandbox process exited before it was ready (${code})`));
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
