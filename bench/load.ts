/**
 * The load generator, run by bench/run.ts as a child process so it has its own event loop
 * (and, on a 2-core machine, roughly its own core). It drives the gateway with autocannon,
 * and makes the same upstream calls directly with undici (the baseline) in a closed loop.
 */
import autocannon from "autocannon";
import { Pool } from "undici";
import { M1_INPUT, type Command, type DirectTargets, type LoadSpec, type MemoryInfo, type Reply, type RunResult, type ScenarioName } from "./protocol.js";

const API_VERSION = "2017-04-26";
/** Relation 1001: contact 11 → contact 12 (src/sandbox/superoffice/data.ts). */
const SO_RELATION_ID = 1001;
const CI_ACCOUNT = "Account('acc-contoso')";

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
      return runGateway(command.url, command.body, command.load);
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

async function runGateway(url: string, body: string, load: LoadSpec): Promise<RunResult> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
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

interface RelationshipEnds {
  profileType: string;
  relatedProfileType: string;
}

/** The gateway's upstream calls for each scenario, in the same dependency shape, straight to the sandboxes. */
class DirectClient {
  private readonly so: Pool;
  private readonly ci: Pool;
  private readonly soBase: string;
  private readonly soHeaders: Record<string, string>;
  private readonly ciHeaders: Record<string, string>;
  /** Relationship type definitions, cached for the process as the gateway caches them per connection. */
  private readonly definitions = new Map<string, Promise<RelationshipEnds>>();

  constructor(targets: DirectTargets) {
    const soUrl = new URL(targets.superoffice.baseUrl);
    const ciUrl = new URL(targets.customerInsights.hubEndpoint);
    // The gateway's pool settings (src/http/client.ts).
    const pool = (origin: string) => new Pool(origin, { connections: 128, keepAliveTimeout: 10_000, pipelining: 1 });
    this.so = pool(soUrl.origin);
    this.ci = pool(ciUrl.origin);
    this.soBase = soUrl.pathname.replace(/\/+$/, "");
    const common = { accept: "application/json", "user-agent": targets.userAgent };
    this.soHeaders = {
      ...common,
      authorization: targets.superoffice.authorization,
      ...(targets.superoffice.appToken && { "so-apptoken": targets.superoffice.appToken }),
    };
    this.ciHeaders = { ...common, authorization: `Bearer ${targets.customerInsights.token}` };
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
    const relation = (await this.json(this.so, "GET", `${this.soBase}/Relation/${SO_RELATION_ID}`, this.soHeaders)) as {
      SourceContactId: number;
      DestinationContactId: number;
    };
    await Promise.all(
      [relation.SourceContactId, relation.DestinationContactId].map((id) =>
        this.json(this.so, "GET", `${this.soBase}/Contact/${id}`, this.soHeaders),
      ),
    );
  }

  /** The list (21 asked, 20 used, as the gateway does), then every distinct end profile in parallel. */
  private async q2(): Promise<void> {
    const list = (await this.json(
      this.ci,
      "GET",
      `/data/${encodeURIComponent(CI_ACCOUNT)}/Relationships?api-version=${API_VERSION}&%24top=21`,
      this.ciHeaders,
    )) as { value: Array<{ RelationshipType: string; ProfileId: string; RelatedProfileId: string }> };
    const items = list.value.slice(0, 20);
    const types = [...new Set(items.map((i) => i.RelationshipType))];
    const ends = new Map(await Promise.all(types.map(async (t) => [t, await this.definition(t)] as const)));
    const profiles = new Set<string>();
    for (const item of items) {
      const { profileType, relatedProfileType } = ends.get(item.RelationshipType)!;
      profiles.add(`${profileType}('${item.ProfileId}')`);
      profiles.add(`${relatedProfileType}('${item.RelatedProfileId}')`);
    }
    await Promise.all(
      [...profiles].map((p) => this.json(this.ci, "GET", `/data/${encodeURIComponent(p)}?api-version=${API_VERSION}`, this.ciHeaders)),
    );
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
    await this.json(this.so, "POST", `${this.soBase}/Relation`, { ...this.soHeaders, "content-type": "application/json" }, JSON.stringify(body));
  }

  private definition(type: string): Promise<RelationshipEnds> {
    let found = this.definitions.get(type);
    if (!found) {
      found = this.json(this.ci, "GET", `/manage/model/relationships/${encodeURIComponent(type)}?api-version=${API_VERSION}`, this.ciHeaders).then(
        (wire) => (wire as { properties: RelationshipEnds }).properties,
      );
      found.catch(() => this.definitions.delete(type));
      this.definitions.set(type, found);
    }
    return found;
  }

  private async json(pool: Pool, method: "GET" | "POST", path: string, headers: Record<string, string>, body?: string): Promise<unknown> {
    const res = await pool.request({ method, path, headers, body });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) throw new StatusError(res.statusCode);
    return JSON.parse(text) as unknown;
  }

  async close(): Promise<void> {
    await Promise.all([this.so.close(), this.ci.close()]);
  }
}

// When bench/run.ts goes away (done or crashed), so does the load generator.
process.on("disconnect", () => process.exit(0));
