/**
 * Where a server's CPU went: self time of a `node --cpu-prof` profile (BENCH_PROFILE=gateway
 * npm run bench writes them to bench/profiles/), by package or source file and by function, as
 * shares of the busy time (idle left out).
 *
 *   npx tsx bench/profile-summary.ts bench/profiles/gateway-….cpuprofile [top]
 *   BENCH_WINDOW="<from µs> <to µs>" …   only the samples in one run's window (BENCH_PRINT_WINDOWS=1 prints them)
 *   BENCH_OPS="<ops>" …   also µs per operation by role (GC, vendor calls, adapters, logs, metrics, GraphQL, …)
 *   BENCH_COMPARE="<other.cpuprofile> <from> <to>" BENCH_OPS="<ops> <ops>" …   µs per operation by
 *     role and by function against another window (the Apollo ref's run, or an earlier one), largest differences first
 */
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** HTTP packages under the Apollo ref's Express server (startStandaloneServer), and content negotiation under both. */
const HTTP_PACKAGES = new Set(["express", "body-parser", "raw-body", "cors", "negotiator", "accepts", "type-is", "content-type", "finalhandler", "iconv-lite", "whatwg-mimetype", "on-finished", "router", "send", "qs"]);

/**
 * What a function's self time is for, in the terms of bench/README.md's "Where the time goes"
 * table; `place` is where() of the function or, for native code, of its caller.
 */
const OTHER_ROLE = "node internals and other";
const ROLES: Array<[string, (fn: string, place: string) => boolean]> = [
  ["GC", (_, place) => place === "(garbage collector)"],
  ["answers written to the client's socket", (fn, place) => fn.startsWith("writev") && (place.startsWith("src/server/") || place === "@apollo/server" || place.startsWith("bench/references/"))],
  ["JSON.parse of vendor answers (the ref: in its adapter)", (fn, place) => fn === "json" && place === "src/http/client.ts"],
  ["vendor calls: undici", (_, place) => place === "undici"],
  ["vendor calls: the gateway's HTTP core (deadline, budget, retries, size cap)", (_, place) => place.startsWith("src/http/")],
  ["adapters: loaders, wire checks, mapping, ids", (_, place) => /^src\/(vendors|domain)\//.test(place) || place === "dataloader" || place.startsWith("bench/references/")],
  ["logs", (_, place) => ["pino", "sonic-boom", "quick-format-unescaped"].includes(place) || /^src\/observability\/(logger|request-log|upstream-log)\.ts$/.test(place)],
  ["metrics", (_, place) => place === "prom-client" || place.startsWith("src/observability/")],
  ["GraphQL: Apollo Server, graphql-js, type-graphql, resolvers", (_, place) => /^(@apollo\/|graphql|type-graphql)/.test(place) || place.startsWith("src/graphql/")],
  ["the gateway's server: HTTP handler, CORS, limits, safe writes", (_, place) => /^src\/(server|limits|writes)\//.test(place) || place.startsWith("src/")],
  ["HTTP packages (the ref's Express stack, content negotiation)", (_, place) => HTTP_PACKAGES.has(place)],
];

const [path, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
if (!path || !Number.isInteger(top) || top <= 0) {
  throw new Error("usage: tsx bench/profile-summary.ts <file.cpuprofile|file.heapprofile> [top] (one file; top a whole number)");
}
if (path.endsWith(".heapprofile")) {
  summarizeAllocations(JSON.parse(readFileSync(path, "utf8")) as AllocationNode, path);
  process.exit(0);
}

const numbers = (text: string | undefined) => text?.trim().split(/\s+/).map(Number);
const window = numbers(process.env.BENCH_WINDOW);
const compare = process.env.BENCH_COMPARE?.trim().split(/\s+/);
const ops = numbers(process.env.BENCH_OPS);
if (compare) {
  if (!window || compare.length !== 3 || ops?.length !== 2) {
    throw new Error('BENCH_COMPARE="<other.cpuprofile> <from> <to>" needs BENCH_WINDOW="<from> <to>" and BENCH_OPS="<operations in this window> <in the other>"');
  }
  const mine = selfTime(path, window);
  const other = selfTime(compare[0]!, numbers(compare.slice(1).join(" ")));
  perOperationDifference(mine, other, ops[0]!, ops[1]!);
} else {
  const time = selfTime(path, window);
  const { byWhere, byFunction, idle, total } = time;
  const busy = total - idle;
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  console.log(`${path}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)}%)`);
  if (ops) printRoles(time, ops[0]!);
  print("self time by package or file, native and node: code charged to its caller (share of busy time):", byWhere);
  print("self time by function:", byFunction);
}

/** Self time (µs) of one profile's samples, in a window of its clock when given, by package or file and by function. */
function selfTime(file: string, window: number[] | undefined) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);

  /** Native code (socket writes, JSON.parse, hashing) is charged to the nearest caller with a source. */
  const caller = (id: number): CallFrame | undefined => {
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.url && !frame.url.startsWith("node:")) return frame;
    }
    return undefined;
  };

  const self = new Map<number, number>();
  let time = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    time += profile.timeDeltas[i] ?? 0;
    if (window && (time < window[0]! || time > window[1]!)) return;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(id, (self.get(id) ?? 0) + delta);
    total += delta;
  });

  const byWhere = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byRole = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    const native = !frame.url || frame.url.startsWith("node:");
    const owner = native ? caller(id) : frame;
    const place = owner ? where(owner) : where(frame);
    byWhere.set(place, (byWhere.get(place) ?? 0) + us);
    const role = roleOf(frame.functionName, place);
    byRole.set(role, (byRole.get(role) ?? 0) + us);
    const name = `${frame.functionName || "(anonymous)"} ${where(frame)}:${frame.lineNumber + 1}${native && owner ? ` ← ${owner.functionName || "(anonymous)"} ${place}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  return { byWhere, byFunction, byRole, idle, total };
}

function roleOf(fn: string, place: string): string {
  return ROLES.find(([, matches]) => matches(fn, place))?.[0] ?? OTHER_ROLE;
}

/** Self time by role, as µs per operation when `ops` is given (two columns and their difference when compared). */
function printRoles(mine: ReturnType<typeof selfTime>, opsMine: number, other?: ReturnType<typeof selfTime>, opsOther = 1): void {
  const names = [...ROLES.map(([name]) => name), OTHER_ROLE];
  const at = (t: ReturnType<typeof selfTime>, name: string, n: number) => (t.byRole.get(name) ?? 0) / n;
  console.log(other ? "\n   diff    here   other  role (self time, µs per operation)" : "\n   self  role (self time, µs per operation)");
  for (const name of names) {
    const a = at(mine, name, opsMine);
    if (!other) {
      console.log(`${a.toFixed(1).padStart(7)}  ${name}`);
      continue;
    }
    const b = at(other, name, opsOther);
    console.log(`${(a - b).toFixed(1).padStart(7)} ${a.toFixed(1).padStart(7)} ${b.toFixed(1).padStart(7)}  ${name}`);
  }
}

/** Two servers (or two runs) side by side: busy µs per operation by function, largest differences first. */
function perOperationDifference(mine: ReturnType<typeof selfTime>, other: ReturnType<typeof selfTime>, opsMine: number, opsOther: number): void {
  const busy = (t: ReturnType<typeof selfTime>, ops: number) => (t.total - t.idle) / ops;
  console.log(`busy µs per operation: ${busy(mine, opsMine).toFixed(0)} here, ${busy(other, opsOther).toFixed(0)} in the other`);
  printRoles(mine, opsMine, other, opsOther);
  console.log("\n   diff    here   other  function (self time, µs per operation)");
  const names = new Set([...mine.byFunction.keys(), ...other.byFunction.keys()]);
  const rows = [...names].map((name) => ({ name, a: (mine.byFunction.get(name) ?? 0) / opsMine, b: (other.byFunction.get(name) ?? 0) / opsOther }));
  rows.sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b));
  for (const { name, a, b } of rows.slice(0, top)) {
    console.log(`${(a - b).toFixed(1).padStart(7)} ${a.toFixed(1).padStart(7)} ${b.toFixed(1).padStart(7)}  ${name}`);
  }
}

/** The package (node_modules/<name>), the project file (src/…, bench/…), node's internals, or V8's own entries. */
function where(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  // A server the bench compiled (./compiled.ts): named by its source file.
  const compiled = /node_modules\/\.cache\/bench-js\/((?:src|bench)\/.+)\.js$/.exec(url);
  if (compiled) return `${compiled[1]}.ts`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
  const own = /\/((?:src|bench)\/.+)$/.exec(url);
  return own ? own[1]! : url;
}

interface AllocationNode {
  head?: AllocationNode;
  callFrame: CallFrame;
  selfSize: number;
  children: AllocationNode[];
}

/** A .heapprofile (BENCH_ALLOCATIONS=1): bytes allocated by package or file and by function, per operation when the name says `<n>ops`. */
function summarizeAllocations(root: AllocationNode, file: string): void {
  const ops = Number(/-(\d+)ops-/.exec(file)?.[1] ?? 1);
  const byWhere = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: AllocationNode, owner: CallFrame | undefined) => {
    const frame = node.callFrame;
    const native = !frame.url || frame.url.startsWith("node:");
    const charged = native && owner ? owner : frame;
    if (node.selfSize > 0) {
      total += node.selfSize;
      const place = where(charged);
      byWhere.set(place, (byWhere.get(place) ?? 0) + node.selfSize);
      const name = `${frame.functionName || "(anonymous)"} ${where(frame)}${native && owner ? ` ← ${owner.functionName || "(anonymous)"} ${where(owner)}` : ""}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, native ? owner : frame);
  };
  walk(root.head ?? root, undefined);
  console.log(`${file}: ${(total / 1024 / 1024).toFixed(0)} MB sampled, ${(total / ops / 1024).toFixed(1)} KB per operation (${ops} operations)`);
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${(bytes / ops / 1024).toFixed(2).padStart(8)} KB/op  ${name}`);
    }
  };
  print("allocated by package or file (native and node: code charged to its caller):", byWhere);
  print("allocated by function:", byFunction);
}
