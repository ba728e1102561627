import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, MAIN, ROOT } from "../support/dist.js";

const children: ChildProcess[] = [];
const TYPO_FILE = join(mkdtempSync(join(tmpdir(), "gw-startup-")), "typo-key.yaml");
writeFileSync(TYPO_FILE, "superoffice:\n  default:\n    baseURL: https://so.example.com/api/v1\n    authorization: SOTicket tok-XYZ-secret\n");

/** Only what a fresh shell would have: no vendor configuration leaks in from the developer's env. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME } = process.env;
  return { PATH, HOME, ...extra };
}

function run(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [MAIN, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, out: () => stdout, err: () => stderr };
}

async function query(url: string, text: string): Promise<any> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: text }) });
  return res.json();
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(() => ensureBuilt(), 180_000);

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

describe("node dist/main.js --help / --version", () => {
  it.each([["--help"], ["-h"]])("%s prints the usage, the variables and where the docs are, and exits 0 without serving", async (flag) => {
    const proc = run({ PORT: "not-a-port" }, [flag]);
    const [code] = (await once(proc.child, "exit")) as [number];
    expect(code).toBe(0);
    expect(proc.err()).toBe("");
    const out = proc.out();
    expect(out).toMatch(/^crm-relations-gateway \d+\.\d+\.\d+: /);
    expect(out).toContain("Usage: npm start");
    for (const name of ["PORT", "HOST", "SANDBOX", "GATEWAY_CONFIG", "LOG_LEVEL", "LOG_BUFFER_MAX_BYTES", "SHUTDOWN_TIMEOUT_MS", "CUSTOMER_INSIGHTS_TOKEN", "SUPEROFFICE_BASE_URL", "SUPEROFFICE_LANGUAGE", "HIGHLEVEL_TOKEN"]) {
      expect(out).toContain(name);
    }
    // The limits with their defaults.
    for (const name of ["MAX_REQUEST_BYTES=262144", "MAX_QUERY_TOKENS=2000", "MAX_QUERY_COST=650", "MAX_QUERY_DEPTH=10", "REQUEST_TIMEOUT_MS=10000"]) {
      expect(out).toContain(name);
    }
    expect(out).toContain("docs/operations.md");
    expect(out).not.toContain("Gateway ready");
    expect(Math.max(...out.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it.each([["--version"], ["-v"]])("%s prints the package version and exits 0", async (flag) => {
    const proc = run({}, [flag]);
    const [code] = (await once(proc.child, "exit")) as [number];
    expect(code).toBe(0);
    expect(proc.out()).toBe(`${JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")).version}\n`);
  });

  it("any other argument is an error pointing to --help (exit 2)", async () => {
    const proc = run({}, ["--port", "5000"]);
    const [code] = (await once(proc.child, "exit")) as [number];
    expect(code).toBe(2);
    expect(proc.err()).toMatch(/^Unknown argument "--port 5000": .*see --help\)\n$/);
    expect(proc.out()).toBe("");
  });

  it("npm start -- --version passes the flag on", () => {
    const out = execFileSync("npm", ["start", "--silent", "--", "--version"], { cwd: ROOT, env: cleanEnv({}), encoding: "utf8" });
    expect(out.trim().split("\n").at(-1)).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("node dist/main.js", () => {
  it.each([
    [{ PORT: "not-a-port" }, "PORT"],
    [{ SUPEROFFICE_BASE_URL: "https://so.example.com/api/v1" }, "SUPEROFFICE_AUTHORIZATION"],
    [{ CUSTOMER_INSIGHTS_HUB_ENDPOINT: "nope", CUSTOMER_INSIGHTS_TOKEN: "tok-XYZ-secret" }, "CUSTOMER_INSIGHTS_HUB_ENDPOINT"],
    [{ GATEWAY_CONFIG: TYPO_FILE }, `GATEWAY_CONFIG file ${TYPO_FILE}, key superoffice.default.baseURL: unknown key; did you mean "baseUrl"?`],
  ])("exits non-zero with one line naming the setting for %j", async (env, setting) => {
    const proc = run(env);
    const [code] = (await once(proc.child, "exit")) as [number];
    expect(code).not.toBe(0);
    const lines = proc.err().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(setting);
    expect(proc.err() + proc.out()).not.toContain("tok-XYZ-secret");
  });

  it("a misspelt setting stops startup, naming the setting it meant, instead of serving the sandbox", async () => {
    const proc = run({ HIGHLEVEL_TOKN: "tok-XYZ-secret" });
    const [code] = (await once(proc.child, "exit")) as [number];
    expect(code).toBe(1);
    expect(proc.err()).toBe("Invalid configuration: HIGHLEVEL_TOKN: is not a setting of the gateway (did you mean HIGHLEVEL_TOKEN?); --help lists them all\n");
    expect(proc.out()).not.toContain("Gateway ready");
  });

  it("a port in use stops startup with one line saying to set PORT", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const proc = run({ PORT: String(port) });
      const [code] = (await once(proc.child, "exit")) as [number];
      expect(code).toBe(1);
      expect(proc.err()).toBe(`Gateway failed to start: 127.0.0.1:${port} is in use by another process: stop it, or set PORT to a free port (PORT=4001 npm start)\n`);
    } finally {
      holder.close();
    }
  });

  it("with nothing configured serves every vendor from a sandbox, then stops cleanly on SIGTERM", async () => {
    const proc = run({ PORT: "0" });
    const url = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(proc.out())?.[1]);
    for (const vendor of ["Customer Insights", "SuperOffice", "HighLevel"]) {
      expect(proc.out()).toMatch(new RegExp(`${vendor}[^\\n]*sandbox`));
    }
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ connections { vendor name sandbox } }" }),
    });
    const body = (await res.json()) as { data: { connections: unknown[] } };
    expect(body.data.connections).toEqual([
      { vendor: "CUSTOMER_INSIGHTS", name: "default", sandbox: true },
      { vendor: "SUPEROFFICE", name: "default", sandbox: true },
      { vendor: "HIGHLEVEL", name: "default", sandbox: true },
    ]);
    // The SuperOffice sandbox answers in English unless told otherwise, not in the encoded NO:"…";US:"…".
    expect(await query(url, "{ contactRelation(id: 1001) { activeText passiveText } }")).toEqual({
      data: { contactRelation: { activeText: "Supplier to", passiveText: "Customer of" } },
    });
    proc.child.kill("SIGTERM");
    const [code] = (await once(proc.child, "exit")) as [number];
    expect(code).toBe(0);
  });

  it("SUPEROFFICE_LANGUAGE sets the SuperOffice sandbox's language too", async () => {
    const proc = run({ PORT: "0", SUPEROFFICE_LANGUAGE: "no" });
    const url = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(proc.out())?.[1]);
    expect(proc.out()).toMatch(/SuperOffice 'default': built-in sandbox/);
    expect(await query(url, "{ contactRelation(id: 1001) { activeText } }")).toEqual({ data: { contactRelation: { activeText: "Leverandør til" } } });
    proc.child.kill("SIGTERM");
    await once(proc.child, "exit");
  });

  it("under NODE_ENV=production serves no sandbox unless SANDBOX=on: unconfigured vendors are NOT_CONFIGURED", async () => {
    const proc = run({ PORT: "0", NODE_ENV: "production", AUTH: "off", SUPEROFFICE_BASE_URL: "http://127.0.0.1:9/api/v1", SUPEROFFICE_AUTHORIZATION: "SOTicket 7T:x1" });
    const url = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(proc.out())?.[1]);
    expect(proc.out()).toMatch(/SuperOffice 'default': vendor API/);
    for (const vendor of ["Customer Insights", "HighLevel"]) {
      expect(proc.out()).toContain(`${vendor}: not configured and sandboxes are off (NODE_ENV=production)`);
    }
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ connections { vendor sandbox } contact(vendor: HIGHLEVEL, id: "x") { id } }' }),
    });
    const body = (await res.json()) as { data: { connections: unknown[] }; errors: Array<{ extensions: { code: string } }> };
    expect(body.data.connections).toEqual([{ vendor: "SUPEROFFICE", sandbox: false }]);
    expect(body.errors[0]!.extensions.code).toBe("NOT_CONFIGURED");
    proc.child.kill("SIGTERM");
    await once(proc.child, "exit");

    // With no vendor configured at all it serves nothing: /ready says so, so no traffic is routed to it.
    const none = run({ PORT: "0", NODE_ENV: "production", AUTH: "off" });
    const noneUrl = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(none.out())?.[1]);
    const ready = await fetch(`${noneUrl}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "unavailable", reason: expect.stringContaining("No vendor is configured") });
    none.child.kill("SIGTERM");
    await once(none.child, "exit");

    const on = run({ PORT: "0", NODE_ENV: "production", SANDBOX: "on" });
    await waitFor(() => /Gateway ready/.exec(on.out())?.[0]);
    for (const vendor of ["Customer Insights", "SuperOffice", "HighLevel"]) expect(on.out()).toMatch(new RegExp(`${vendor} 'default': built-in sandbox`));
    on.child.kill("SIGTERM");
    await once(on.child, "exit");
  });
});
