import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OperationNames } from "../../src/observability/operation-names.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

describe("OperationNames", () => {
  function names() {
    const evicted: string[] = [];
    const table = new OperationNames({ established: 3, probation: 2, promoteAfter: 2, onEvict: (name) => evicted.push(name) });
    return { table, evicted };
  }

  it("labels a new name at once, on probation; crafted one-off names push out only other probationers", () => {
    const { table, evicted } = names();
    for (const name of ["Steady", "Steady", "Other"]) expect(table.label(name, true)).toBe(name);
    for (let i = 0; i < 100; i++) table.label(`Crafted${i}`, true);
    // Steady was promoted after 2 successes: the flood never evicted it.
    expect(evicted).not.toContain("Steady");
    expect(evicted).toContain("Other");
    expect(evicted).toHaveLength(100 - 2 + 1);
  });

  it("promotes only after successful operations, and keeps established names in an LRU of their own", () => {
    const { table, evicted } = names();
    table.label("Failing", false);
    table.label("Failing", false);
    table.label("Failing", false);
    for (const name of ["A", "A", "B", "B", "C", "C", "X", "Y"]) table.label(name, true);
    // Three failures never promoted it: two newer names pushed it out of probation.
    expect(evicted).toEqual(["Failing"]);
    table.label("A", true); // A is now the most recently used established name
    table.label("D", true); // on probation: X goes
    table.label("D", true); // promoted: the least recently used established name (B) goes
    expect(evicted).toEqual(["Failing", "X", "B"]);
  });
});

describe("operation names in /metrics", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  const series = async () => {
    const text = await (await fetch(`${t.gateway.url}/metrics`)).text();
    return [...new Set([...text.matchAll(/^gateway_graphql_operations_total\{operation="([^"]+)"/gm)].map((m) => m[1]!))];
  };

  it("300 crafted names do not fill the label budget: names in steady use keep their series, a new one still gets its own", async () => {
    for (let i = 0; i < 5; i++) await t.gql(`query Steady { connections { name } }`);
    for (let i = 0; i < 300; i++) await t.gql(`query Crafted${i} { connections { name } }`);
    await t.gql(`query Newcomer { connections { name } }`);
    const names = await series();
    expect(names).toContain("Steady");
    expect(names).toContain("Newcomer");
    expect(names.length).toBeLessThanOrEqual(200);
    expect(names.filter((n) => n.startsWith("Crafted")).length).toBeLessThan(50);
  });
});
