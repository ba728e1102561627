/**
 * Writes the subgraph SDL to schema/schema.graphql (`npm run schema`), or with `--check`
 * exits 1 when the committed file differs from what the code builds (for CI).
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildSubgraphSdl } from "../src/graphql/schema.js";

const SCHEMA_FILE = fileURLToPath(new URL("../schema/schema.graphql", import.meta.url));
const check = process.argv.includes("--check");

const sdl = await buildSubgraphSdl();
if (check) {
  const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => null);
  if (committed !== sdl) {
    process.stderr.write("schema/schema.graphql is stale: run npm run schema\n");
    process.exit(1);
  }
  process.stdout.write("schema/schema.graphql is up to date\n");
} else {
  await writeFile(SCHEMA_FILE, sdl);
  process.stdout.write(`wrote schema/schema.graphql (${sdl.length} bytes)\n`);
}
