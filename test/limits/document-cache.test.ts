import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryDepth } from "../../src/limits/depth.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

vi.mock("../../src/limits/depth.js", async (actual) => {
  const real = await actual<{ queryDepth: typeof queryDepth }>();
  return { ...real, queryDepth: vi.fn(real.queryDepth) };
});

/**
 * Apollo Server 5 keeps every document that parsed and validated in its documentStore (an
 * in-memory LRU cache keyed by the SHA-256 of the query text) and hands the same DocumentNode
 * back for the same text, skipping parse and validation (@apollo/server requestPipeline). The
 * limits plugin measures a document once per DocumentNode (src/limits/plugin.ts): so the number
 * of times it measures depth is the number of times Apollo parsed and validated.
 */
let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t?.close());

describe("a document already seen is neither parsed nor validated again", () => {
  it("the same query text twice: parsed and validated once; other text (even whitespace) again", async () => {
    const query = `{ contact(vendor: SUPEROFFICE, id: "12") { name } }`;
    vi.mocked(queryDepth).mockClear();
    for (let i = 0; i < 3; i++) expect((await t.gql(query)).errors).toBeUndefined();
    expect(queryDepth).toHaveBeenCalledTimes(1);
    await t.gql(`${query} `);
    expect(queryDepth).toHaveBeenCalledTimes(2);
  });

  it("a repeated refusal is not validated again either", async () => {
    const over = `{ ${Array.from({ length: 11 }, (_, i) => `c${i}: contact(vendor: SUPEROFFICE, id: "12") { name }`).join(" ")} }`;
    vi.mocked(queryDepth).mockClear();
    for (let i = 0; i < 3; i++) expect((await t.gql(over)).errors![0]!.extensions).toMatchObject({ limit: "ROOT_FIELDS" });
    expect(queryDepth).toHaveBeenCalledTimes(1);
  });
});
