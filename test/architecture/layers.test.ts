import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The shape the code keeps (docs/architecture.md): vendor knowledge lives in the vendors'
 * folders and the vendor tables, the HTTP core knows no vendor, and nothing reaches into a
 * package's dist/ internals.
 */

const ROOT = new URL("../../", import.meta.url).pathname;
/** Any spelling, folder names included (`../superoffice/client.js`). */
const VENDOR_NAME = /customer[ _-]?insights|superoffice|highlevel/i;
/** Where a vendor may be named: its own folders, the vendor tables, and GraphQL types that describe several vendors. */
const ALLOWED = [
  /^src\/(vendors|sandbox|graphql)\/(customer-insights|superoffice|highlevel)\//,
  /^src\/vendors\/modules\.ts$/,
  /^src\/graphql\/part\.ts$/,
  /^src\/graphql\/descriptions\.ts$/,
  /^src\/domain\/vendor\.ts$/,
  /^src\/graphql\/nodes\/contact\.ts$/,
  /^src\/graphql\/nodes\/relation-end\.ts$/,
  /^src\/graphql\/nodes\/relation-type\.ts$/,
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : entry.name.endsWith(".ts") ? [relative(ROOT, path)] : [];
  });
}

const SRC = files(join(ROOT, "src"));

describe("layers", () => {
  it("no file outside the vendors' own folders and the vendor tables names a vendor", () => {
    const offenders = SRC.filter((file) => !ALLOWED.some((allowed) => allowed.test(file)))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), "utf8")
          .split("\n")
          .flatMap((line, i) => (VENDOR_NAME.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it("the HTTP core imports nothing from the vendors, GraphQL or the server", () => {
    for (const file of SRC.filter((f) => f.startsWith("src/http/"))) {
      expect(readFileSync(join(ROOT, file), "utf8"), file).not.toMatch(/from "\.\.\/(vendors|graphql|server|sandbox)\//);
    }
  });

  it("adapters never import GraphQL types", () => {
    for (const file of SRC.filter((f) => f.startsWith("src/vendors/"))) {
      expect(readFileSync(join(ROOT, file), "utf8"), file).not.toMatch(/from "[./]*graphql\/|from "type-graphql"/);
    }
  });

  it("nothing imports a package's dist/ internals", () => {
    for (const file of SRC) expect(readFileSync(join(ROOT, file), "utf8"), file).not.toMatch(/from "(@[\w-]+\/)?[\w-]+\/dist\//);
  });
});
