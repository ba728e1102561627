import { parse, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { HeaderMap } from "@apollo/server";
import { loadConfig } from "../../src/config.js";
import { buildGatewaySchema } from "../../src/graphql/schema.js";
import { estimateCost } from "../../src/limits/cost.js";
import { limitsPlugin } from "../../src/limits/plugin.js";

vi.mock("../../src/limits/cost.js", async (actual) => {
  const real = await actual<{ estimateCost: typeof estimateCost }>();
  return { ...real, estimateCost: vi.fn(real.estimateCost) };
});

/**
 * The limits plugin estimates a document once when no variable can change its figures (an id
 * naming the node to load), and on every request when one can (a page size, the ids of
 * `nodes(ids:)`): what it keeps is never a figure some other variables would change.
 */
describe("the limits plugin keeps a document's figures only when no variable can change them", () => {
  let served: Awaited<ReturnType<typeof buildGatewaySchema>>;
  beforeAll(async () => {
    served = await buildGatewaySchema();
  });

  /** The estimate the plugin hands back in `extensions.cost` for one request, and whether it refused. */
  async function run(document: DocumentNode, variables: Record<string, unknown>): Promise<number | string> {
    const plugin = limitsPlugin(loadConfig({}).limits);
    const headers = new HeaderMap([["x-gateway-cost", "1"]]);
    const request = { variables, http: { method: "POST", headers, search: "", body: {} } };
    const listener = await plugin.requestDidStart!({ request } as never);
    const operation = document.definitions[0] as OperationDefinitionNode;
    try {
      await listener!.didResolveOperation!({ document, operation, schema: served, request } as never);
    } catch (error) {
      return (error as { extensions?: { limit?: string } }).extensions?.limit ?? String(error);
    }
    const response = { body: { kind: "single", singleResult: {} as { extensions?: { cost?: { estimated: number } } } } };
    await listener!.willSendResponse!({ response, contextValue: { budget: { calls: 0 } } } as never);
    return response.body.singleResult.extensions!.cost!.estimated;
  }

  it("an id that names the node to load: estimated once, the same figure for any id", async () => {
    const document = parse(`query ($id: Int!) { contactRelation(id: $id) { id source { __typename } target { __typename } } }`);
    vi.mocked(estimateCost).mockClear();
    const first = await run(document, { id: 1001 });
    const second = await run(document, { id: 7 });
    expect(second).toBe(first);
    expect(estimateCost).toHaveBeenCalledTimes(1);
  });

  it("a page size: estimated on every request, each with its own figure, and a refusal still refuses", async () => {
    // Three pages of 100 relations with both ends are over the default 650; of 2 or 20, not.
    const page = (alias: string) => `${alias}: relations(first: $first) { nodes { source { __typename } target { __typename } } }`;
    const document = parse(`query ($first: Int) { contact(vendor: SUPEROFFICE, id: "11") { ${page("a")} ${page("b")} ${page("c")} } }`);
    vi.mocked(estimateCost).mockClear();
    const small = await run(document, { first: 2 });
    const large = await run(document, { first: 20 });
    expect(large).toBeGreaterThan(small as number);
    expect(await run(document, { first: 100 })).toBe("COST");
    expect(estimateCost).toHaveBeenCalledTimes(3);
  });

  it("the ids of nodes(ids:): counted on every request", async () => {
    const document = parse(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`);
    expect(await run(document, { ids: ["a"] })).toBe(0);
    expect(await run(document, { ids: Array.from({ length: 101 }, (_, i) => `x${i}`) })).toBe("IDS");
  });
});
