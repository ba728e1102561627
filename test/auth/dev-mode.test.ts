import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type JwtAuthConfig } from "../../src/config.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * The development setup: `npm run token` mints a token from the key pair in `.dev-auth/`, and a
 * gateway with AUTH_DEV=on accepts it and serves the pair's public JWKS. Here in a temporary
 * working directory, so the repository's own `.dev-auth/` is left alone.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const SCRIPT = join(ROOT, "scripts/token.ts");
const run = promisify(execFile);

let cwd: string;
let t: TestGateway;

function token(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ["--import", import.meta.resolve("tsx"), SCRIPT, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), "gw-dev-auth-"));
  const auth = loadConfig({ AUTH_DEV: "on" }).auth as JwtAuthConfig;
  t = await startTestGateway({ auth: { ...auth, devKeyDir: join(cwd, ".dev-auth") } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe("npm run token with AUTH_DEV=on", () => {
  it("mints a token the gateway accepts, with the scopes asked for", async () => {
    const { stdout } = await token(["--scope", "relations:read"]);
    const authorization = `Bearer ${stdout.trim()}`;
    const read = await t.gql("{ connections { name } }", {}, { authorization });
    expect(read.status).toBe(200);
    expect(read.data!.connections).toHaveLength(3);
    const write = await t.gql(`mutation { deleteRelation(input: { id: "x" }) { deletedId } }`, {}, { authorization });
    expect(write.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await t.gql("{ connections { name } }")).status).toBe(401);
  });

  it("keeps the private key to its owner, and serves only the public half", async () => {
    expect(statSync(join(cwd, ".dev-auth/key.json")).mode & 0o777).toBe(0o600);
    const jwks = (await (await fetch(`${t.gateway.url}/dev-auth/jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(Object.keys(jwks.keys[0]!).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
  });

  it("limits connections with --connections", async () => {
    const { stdout } = await token(["--scope", "relations:read", "--connections", "HIGHLEVEL/*"]);
    const res = await t.gql("{ connections { vendor } }", {}, { authorization: `Bearer ${stdout.trim()}` });
    expect(res.data!.connections).toEqual([{ vendor: "HIGHLEVEL" }]);
  });

  it("refuses to run under NODE_ENV=production", async () => {
    await expect(token(["--scope", "relations:read"], { NODE_ENV: "production" })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("never used under NODE_ENV=production"),
    });
  });
});

describe("without AUTH_DEV", () => {
  it("the dev JWKS route does not exist", async () => {
    const open = await startTestGateway();
    try {
      expect((await fetch(`${open.gateway.url}/dev-auth/jwks.json`)).status).toBe(404);
    } finally {
      await open.close();
    }
  });
});
