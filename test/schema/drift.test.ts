import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildSubgraphSdl } from "../../src/graphql/schema.js";

const SCHEMA_FILE = new URL("../../schema/schema.graphql", import.meta.url);

describe("schema/schema.graphql", () => {
  it("is what the code builds", async () => {
    const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => "");
    expect(committed, "schema/schema.graphql is stale: run npm run schema").toBe(await buildSubgraphSdl());
  });
});
