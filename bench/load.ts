/**
 * The load generator, run by bench/run.ts as a child process so it has its own event loop
 * (and, on a 2-core machine, roughly its own core). It drives the gateway with autocannon,
 * and makes the same upstream calls directly with undici (the baseline) in a closed loop.
 */
import autocannon from "autocannon";
import { Pool } from "undici";
import { M1_INPUT, type Command, type DirectTargets, type LoadSpec, type MemoryInfo, type Reply, type RunResult, type ScenarioName } from "./protocol.js";

/** Relation 1001: contact 11 → contact 12; contact 11 has 22 relations (src/sandbox/superoffice/data.ts). */
const SO_RELATION_ID = 1001;
const SO_HUB_CONTACT = 11;
const Q2_PAGE = 20;

class StatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

let direct: DirectClient | undefined;

process.on("message", (message: Command) => {
  void handle(message).then(
    (result) => send({ id: message.id, ok: true, result }),
    (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

function send(reply: Reply): void {
  process.send?.(reply);
}

async function handle(command: Command): Promise<RunResult | MemoryInfo | undefined> {
  switch (command.type) {
    case "init":
      direct = new DirectClient(command.targets);
      return undefined;
    case "gateway":
      return runGateway(command.url, command.body, command.load, command.idReplacement, command.headers);
    case "direct":
      if (!direct) throw new Error("init first");
      return closedLoop(direct.operation(command.scenario), command.load);
    case "memory": {
      const { rss, heapUsed } = process.memoryUsage();
      return { rss, heapUsed };
    }
    case "exit":
      await direct?.close();
      setImmediate(() => process.exit(0));
      return undefined;
  }
}

async function runGateway(url: string, body: string, load: LoadSpec, idReplacement = false, headers: Record<string, string> = {}): Promise<RunResult> {
  const result = await autocannon({
    idReplacement,
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    connections: load.connections,
    duration: load.durationSec,
    timeout: 10,
  });
  const ops = result["2xx"];
  return {
    ops,
    elapsedSec: result.duration,
    rps: ops / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** `load.connections` workers, each starting its next operation when the last one ends, until the time is up. */
async function closedLoop(operation: () => Promise<void>, load: LoadSpec): Promise<RunResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + load.durationSec * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await operation();
        latencies.push(performance.now() - t0);
      } catch (error) {
        if (error instanceof StatusError) non2xx++;
        else errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: load.connections }, worker));
  const elapsedSec = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    ops: latencies.length,
    elapsedSec,
    rps: latencies.length / elapsedSec,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    non2xx,
    errors,
    timeouts: 0,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface RelationWire {
  SourceContactId: number;
  SourcePersonId: number;
  DestinationContactId: number;
  DestinationPersonId: number;
}

/** The gateway's upstream calls for each scenario, in the same dependency shape, straight to the sandbox. */
class DirectClient {
  private readonly so: Pool;
  private readonly soBase: string;
  private readonly soHeaders: Record<string, string>;

  constructor(targets: DirectTargets) {
    const soUrl = new URL(targets.superoffice.baseUrl);
    // The gateway's pool settings (src/http/client.ts).
    this.so = new Pool(soUrl.origin, { connections: 128, keepAliveTimeout: 10_000, pipelining: 1 });
    this.soBase = soUrl.pathname.replace(/\/+$/, "");
    this.soHeaders = {
      accept: "application/json",
      "user-agent": targets.userAgent,
      authorization: targets.superoffice.authorization,
      ...(targets.superoffice.appToken && { "so-apptoken": targets.superoffice.appToken }),
      ...(targets.superoffice.language && { "accept-language": targets.superoffice.language }),
    };
  }

  operation(scenario: ScenarioName): () => Promise<void> {
    switch (scenario) {
      case "Q1":
        return () => this.q1();
      case "Q2":
        return () => this.q2();
      case "M1":
        return () => this.m1();
    }
  }

  /** GET the relation, then both contacts in parallel. */
  private async q1(): Promise<void> {
    const relation = (await this.get(`/Relation/${SO_RELATION_ID}`)) as RelationWire;
    await Promise.all(this.ends([relation]).map((path) => this.get(path)));
  }

  /** The contact, its relation ids (21 asked, 20 used, as the gateway does), the 20 relations, then their distinct ends but the contact. */
  private async q2(): Promise<void> {
    await this.get(`/Contact/${SO_HUB_CONTACT}`);
    const list = (await this.get(
      `/Contact/${SO_HUB_CONTACT}/Relations?%24select=relationId&%24orderBy=relationId&%24top=${Q2_PAGE + 1}&%24skip=0`,
    )) as { value: Array<{ relationId: number }> };
    const relations = (await Promise.all(list.value.slice(0, Q2_PAGE).map((row) => this.get(`/Relation/${row.relationId}`)))) as RelationWire[];
    await Promise.all(this.ends(relations).filter((path) => path !== `/Contact/${SO_HUB_CONTACT}`).map((path) => this.get(path)));
  }

  /** One POST /Relation with the body the gateway sends (src/vendors/superoffice/map.ts). */
  private async m1(): Promise<void> {
    const body = {
      RelationId: 0,
      SourceContactId: M1_INPUT.sourceContactId,
      SourcePersonId: 0,
      DestinationContactId: M1_INPUT.destinationContactId,
      DestinationPersonId: 0,
      RelationDefinitionId: M1_INPUT.relationDefinitionId,
      Reversed: 0,
      Comment: M1_INPUT.comment,
    };
    await this.json("POST", `${this.soBase}/Relation`, { ...this.soHeaders, "content-type": "application/json" }, JSON.stringify(body));
  }

  /** The distinct end records of relations: the person when there is one, else the company. */
  private ends(relations: RelationWire[]): string[] {
    const end = (contact: number, person: number) => (person > 0 ? `/Person/${person}` : `/Contact/${contact}`);
    return [...new Set(relations.flatMap((r) => [end(r.SourceContactId, r.SourcePersonId), end(r.DestinationContactId, r.DestinationPersonId)]))];
  }

  private get(path: string): Promise<unknown> {
    return this.json("GET", this.soBase + path, this.soHeaders);
  }

  private async json(method: "GET" | "POST", path: string, headers: Record<string, string>, body?: string): Promise<unknown> {
    const res = await this.so.request({ method, path, headers, body });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) throw new StatusError(res.statusCode);
    return JSON.parse(text) as unknown;
  }

  async close(): Promise<void> {
    await this.so.close();
  }
}

// When bench/run.ts goes away (done or crashed), so does the load generator.
process.on("disconnect", () => process.exit(0));
