import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type JwtAuthConfig } from "../../src/config.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The README's Authentication example, run as written (`npm run -s token` in the repository, so
 * with its git-ignored `.dev-auth/`) against a gateway started as `AUTH_DEV=on npm start` would be.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Authentication"), README.indexOf("\n## ", README.indexOf("## Authentication") + 1));
const BLOCKS = [...SECTION.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
const README_URL = "http://127.0.0.1:4000/graphql";

let t: TestGateway;
beforeAll(async () => {
  const auth = loadConfig({ AUTH_DEV: "on" }).auth as JwtAuthConfig;
  t = await startTestGateway({ auth: { ...auth, devKeyDir: join(ROOT, ".dev-auth") } });
});
afterAll(() => t?.close());

describe("README, Authentication", () => {
  it("starts the gateway with AUTH_DEV=on, then mints a token and calls it", () => {
    expect(BLOCKS[0]).toBe("AUTH_DEV=on npm start");
    expect(BLOCKS[1]).toMatch(/^TOKEN=\$\(npm run -s token -- --scope "relations:read"\)\ncurl /);
  });

  it("the token and curl answer the connections", async () => {
    expect(BLOCKS[1]).toContain(README_URL);
    const { stdout } = await promisify(execFile)("bash", ["-c", BLOCKS[1]!.replace(README_URL, `${t.gateway.url}/graphql`)], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual({
      data: {
        connections: [
          { vendor: "CUSTOMER_INSIGHTS", name: "default" },
          { vendor: "SUPEROFFICE", name: "default" },
          { vendor: "HIGHLEVEL", name: "default" },
        ],
      },
    });
  }, 30_000);
});
