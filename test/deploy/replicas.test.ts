import type { IncomingHttpHeaders } from "node:http";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { composeSupergraph } from "../../scripts/compose-supergraph.js";
import type { Connections } from "../../src/config.js";
import { VENDORS } from "../../src/domain/vendor.js";
import { loadExamples } from "../../src/playground/examples.js";
import { VENDOR_MODULES } from "../../src/vendors/modules.js";
import { ensureBuilt, MAIN } from "../support/dist.js";
import { gatewayUrl, runNode, type RunningProcess } from "../support/process.js";
import { redisAvailable, startRedis, type RunningRedis } from "../support/redis.js";
import { startTestSandboxes, type TestSandboxes } from "../support/sandboxes.js";

/**
 * Replicas behind a router, as deploy/ runs them: two `node dist/main.js` processes
 * configured by env vars (the sandbox vendors stand in for the real ones, shared by both),
 * the supergraph composed from deploy/router/supergraph.yaml, and @apollo/gateway as the
 * router, spreading subgraph requests over the replicas the way a Service does. The replicas
 * share one Redis for idempotency keys (skipped, with a reason, where redis-server is missing).
 */

type RouterContext = { headers: IncomingHttpHeaders };

/** What the router forwards (deploy/router/router.yaml propagates the same). */
const FORWARDED = ["x-request-id", "idempotency-key", "accept-language"];

/** One subgraph, several replicas: round robin per subgraph request, like kube-proxy over pods. */
class ReplicaPool extends RemoteGraphQLDataSource<RouterContext> {
  private next = 0;
  constructor(private readonly replicas: string[]) {
    super({ url: replicas[0] });
  }
  override process(options: GraphQLDataSourceProcessOptions<RouterContext>) {
    // process() reads this.url synchronously, before its first await: safe with concurrent requests.
    this.url = this.replicas[this.next++ % this.replicas.length]!;
    return super.process(options);
  }
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    for (const name of FORWARDED) {
      const value = context.headers?.[name];
      if (typeof value === "string") request.http!.headers.set(name, value);
    }
  }
}

/** The env vars that point a gateway at these connections, from each vendor module's own mapping. */
function vendorEnv(connections: Connections): Record<string, string> {
  const env: Record<string, string> = {};
  for (const module of Object.values(VENDOR_MODULES)) {
    const connection = connections[module.vendor].default as unknown as Record<string, unknown> | undefined;
    for (const [setting, name] of Object.entries(module.env.settings as unknown as Record<string, string>)) {
      const value = connection?.[setting];
      if (typeof value === "string") env[name] = value;
    }
  }
  return env;
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const withRedis = redisAvailable();
let redis: RunningRedis | undefined;
let sandboxes: TestSandboxes;
const replicas: RunningProcess[] = [];
let router: ApolloServer<RouterContext>;
let routerUrl: string;

beforeAll(async () => {
  ensureBuilt();
  sandboxes = await startTestSandboxes(VENDORS, { highlevel: { rateLimit: { max: 100_000 } } });
  if (withRedis) redis = await startRedis();
  const env = {
    ...vendorEnv(sandboxes.connections),
    ...(redis && { REDIS_URL: redis.url }),
    NODE_ENV: "production",
    // The router in front stands for one that authenticates callers.
    AUTH: "off",
    HOST: "127.0.0.1",
    PORT: "0",
    PLAYGROUND: "off",
  };
  replicas.push(runNode([MAIN], env), runNode([MAIN], env));
  const urls = await Promise.all(replicas.map(async (replica) => `${await gatewayUrl(replica)}/graphql`));

  const { supergraphSdl } = composeSupergraph(undefined, { forApolloGateway: true });
  router = new ApolloServer<RouterContext>({
    gateway: new ApolloGateway({ supergraphSdl, buildService: () => new ReplicaPool(urls), logger: quiet }),
    plugins: [ApolloServerPluginLandingPageDisabled()],
    logger: quiet,
  });
  ({ url: routerUrl } = await startStandaloneServer(router, {
    listen: { host: "127.0.0.1", port: 0 },
    context: async ({ req }) => ({ headers: req.headers }),
  }));
}, 240_000);

afterAll(async () => {
  await router?.stop();
  await Promise.all(replicas.map((replica) => replica.stop()));
  await sandboxes?.close();
  await redis?.stop();
});

async function viaRouter(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(routerUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

/** Request ids a replica logged a GraphQL operation for (lines are written asynchronously: wait for them with vi.waitFor). */
const servedBy = (replica: RunningProcess) =>
  replica
    .out()
    .split("\n")
    .filter((line) => line.includes('"operationName"'))
    .map((line) => (JSON.parse(line) as { requestId: string }).requestId);

describe("two gateway replicas behind a router", () => {
  it("answer a query through the router, each replica serving its share, with the caller's request id", async () => {
    const example = loadExamples().find((e) => e.name === "ContactRelationWithEnds")!;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await viaRouter(example.query, { "x-request-id": `via-router-${i}` }));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer).toEqual(answers[0]);
    }
    expect(answers[0]!.data!.contactRelation).toMatchObject({ id: expect.any(String), source: expect.any(Object), target: expect.any(Object) });
    await vi.waitFor(() => {
      const [first, second] = replicas.map((r) => servedBy(r).filter((id) => id.startsWith("via-router-")));
      expect(first!.length).toBeGreaterThan(0);
      expect(second!.length).toBeGreaterThan(0);
      expect([...first!, ...second!].sort()).toEqual(["via-router-0", "via-router-1", "via-router-2", "via-router-3"]);
    });
  });

  it("send a create through the router to one replica and the vendor once", async () => {
    sandboxes.superoffice!.clearRequests();
    const res = await viaRouter(
      `mutation { createContactRelation(input: { sourceContactId: 13, destinationContactId: 14, relationDefinitionId: 1, comment: "via router" }) { relation { id comment } userErrors { code } } }`,
      { "x-request-id": "router-create" },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createContactRelation).toMatchObject({ relation: { id: expect.any(String), comment: "via router" }, userErrors: [] });
    expect(sandboxes.superoffice!.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    await vi.waitFor(() => expect(replicas.flatMap(servedBy).filter((id) => id === "router-create")).toHaveLength(1));
  });

  it.runIf(withRedis)("share idempotency keys through Redis: a keyed create reaches the vendor once, its repeat (on the other replica) is replayed", async () => {
    sandboxes.superoffice!.clearRequests();
    const create = `mutation { createContactRelation(input: { sourceContactId: 15, destinationContactId: 16, relationDefinitionId: 2, comment: "keyed via router" }) { relation { id } userErrors { code } replayed } }`;
    const headers = { "idempotency-key": `router-${Date.now()}` };
    const first = await viaRouter(create, { ...headers, "x-request-id": "router-keyed-1" });
    const again = await viaRouter(create, { ...headers, "x-request-id": "router-keyed-2" });
    expect(first.data!.createContactRelation).toMatchObject({ relation: { id: expect.any(String) }, userErrors: [], replayed: false });
    expect(again.data!.createContactRelation).toEqual({ ...first.data!.createContactRelation, replayed: true });
    expect(sandboxes.superoffice!.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    // Round robin: the two requests were served by different replicas.
    await vi.waitFor(() => {
      const [one, two] = replicas.map((r) => servedBy(r).filter((id) => id.startsWith("router-keyed-")));
      expect([one!.length, two!.length]).toEqual([1, 1]);
    });
  });

  it("stop on SIGTERM with exit 0", async () => {
    for (const replica of replicas) expect(await replica.stop()).toBe(0);
  });
});
