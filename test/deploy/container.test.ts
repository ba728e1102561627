import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../support/dist.js";
import { gatewayUrl, runNode, type RunningProcess } from "../support/process.js";

/**
 * The Dockerfile cannot be built here (no Docker daemon), so this checks what can be checked:
 * every path it copies exists and is not excluded by .dockerignore, the image's settings and
 * start command are the documented ones, and its run stage works: production dependencies
 * alone (npm ci --omit=dev into a fresh folder) start dist/main.js, answer, trace and stop.
 */

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
    });
}

const DOCKERFILE = instructions(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
/** Instructions per stage; a global ARG before the first FROM belongs to none. */
const stages: Instruction[][] = [];
for (const i of DOCKERFILE) {
  if (i.keyword === "FROM") stages.push([i]);
  else stages.at(-1)?.push(i);
}
const runStage = stages.at(-1)!;
/** The exec-form command of CMD, or of HEALTHCHECK (after its options). */
const execForm = (keyword: string) => JSON.parse(/\[.*\]$/.exec(runStage.find((i) => i.keyword === keyword)!.args)![0]) as string[];

describe("Dockerfile", () => {
  it("copies only paths that exist and that .dockerignore lets into the build context", () => {
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((pattern) => new RegExp(`^${pattern.replace(/\./g, "\\.").replace(/\*/g, "[^/]*")}(/|$)`));
    const copies = DOCKERFILE.filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from"));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        const path = source.replace(/\/$/, "");
        expect(existsSync(join(ROOT, path)), `COPY ${source}`).toBe(true);
        expect(ignored.filter((pattern) => pattern.test(path)), `COPY ${source} is in .dockerignore`).toEqual([]);
      }
    }
  });

  it("builds with dev dependencies and runs with production ones, non-root, NODE_ENV=production", () => {
    expect(stages).toHaveLength(2);
    const [build] = stages;
    expect(build!.some((i) => i.keyword === "RUN" && /^npm ci\b/.test(i.args) && !i.args.includes("--omit=dev"))).toBe(true);
    expect(build!.some((i) => i.keyword === "RUN" && i.args === "npm run build")).toBe(true);
    expect(runStage.some((i) => i.keyword === "RUN" && /^npm ci .*--omit=dev/.test(i.args))).toBe(true);
    expect(runStage.find((i) => i.keyword === "COPY" && i.args.startsWith("--from=build"))!.args).toMatch(/\/app\/dist \.\/dist$/);
    expect(runStage.find((i) => i.keyword === "USER")!.args).toBe("node");
    const env = runStage.filter((i) => i.keyword === "ENV").map((i) => i.args).join(" ");
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    // No SANDBOX setting: under NODE_ENV=production that means no sandbox unless SANDBOX=on.
    expect(env).not.toMatch(/SANDBOX/);
  });

  it("starts the way the README documents, and checks its health on /health with node", () => {
    const cmd = execForm("CMD");
    expect(cmd).toEqual(["node", "dist/main.js"]);
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const production = readme.slice(readme.indexOf("## Run in production"));
    const block = /```sh\n([\s\S]*?)\n```/.exec(production)![1]!;
    expect(block.split("\n").at(-1)).toMatch(new RegExp(`(^|\\s)${cmd.join(" ")}$`));
    const healthcheck = runStage.find((i) => i.keyword === "HEALTHCHECK")!.args;
    expect(healthcheck).toContain("/health");
    expect(healthcheck).toMatch(/CMD \["node", "-e"/);
  });
});

describe("production dependencies alone", () => {
  let dir: string;
  let collector: { server: Server; url: string; posts: Array<{ path: string; type: string; body: string }> };

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "gateway-prod-"));
    for (const file of ["package.json", "package-lock.json"]) cpSync(join(ROOT, file), join(dir, file));
    cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
    // --prefer-offline: the packages are in npm's cache from the project's own install; skip revalidating them.
    await promisify(execFile)("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"], { cwd: dir, timeout: 240_000 });

    // A stand-in OpenTelemetry collector: records what the OTLP/HTTP exporter posts.
    const posts: Array<{ path: string; type: string; body: string }> = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        posts.push({ path: req.url ?? "", type: String(req.headers["content-type"]), body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    collector = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
  }, 300_000);

  afterAll(async () => {
    await new Promise((resolve) => collector?.server.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("installs no dev-only package (compiler, test runner, linters, @apollo/gateway)", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, meta]) => meta.dev && path.startsWith("node_modules/"));
    expect(devOnly.map(([path]) => path)).toEqual(expect.arrayContaining(["node_modules/typescript", "node_modules/vitest"]));
    for (const [path] of devOnly) expect(existsSync(join(dir, path)), path).toBe(false);
  });

  it("start dist/main.js: /health, a query, the image's HEALTHCHECK, traces over OTLP, exit 0 on SIGTERM", async () => {
    let proc: RunningProcess | undefined;
    try {
      proc = runNode(
        ["dist/main.js"],
        { NODE_ENV: "production", SANDBOX: "on", HOST: "127.0.0.1", PORT: "0", OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: "relations-prod-test" },
        dir,
      );
      const url = await gatewayUrl(proc);

      const health = await fetch(`${url}/health`);
      expect(await health.json()).toEqual({ status: "ok" });

      const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
        body: JSON.stringify({ query: "query ProdProbe { contactRelation(id: 1010) { id activeText } connections { vendor sandbox } }" }),
      });
      const body = (await res.json()) as { data: { contactRelation: { id: string }; connections: Array<{ sandbox: boolean }> }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.contactRelation.id).toEqual(expect.any(String));
      expect(body.data.connections.every((c) => c.sandbox)).toBe(true);

      // The HEALTHCHECK command as the image runs it, against this process's port.
      const [node, ...args] = execForm("HEALTHCHECK");
      expect(node).toBe("node");
      expect(await runNode(args, { PORT: new URL(url).port }, dir).exited()).toBe(0);

      expect(await proc.stop()).toBe(0);
      expect(proc.out()).toMatch(/"msg":"stopped"/);
    } finally {
      await proc?.stop();
    }

    // Spans are flushed at shutdown at the latest: the operation and its vendor calls, in the caller's trace.
    const traces = collector.posts.filter((p) => p.path === "/v1/traces");
    expect(traces.length).toBeGreaterThan(0);
    expect(traces[0]!.type).toMatch(/^application\/json/);
    const sent = traces.map((p) => p.body).join("\n");
    expect(sent).toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(sent).toContain("query ProdProbe");
    expect(sent).toContain("GET /Relation/{}");
    expect(sent).toContain("relations-prod-test");
  });

  it("loads no OpenTelemetry SDK when tracing is off (only the API the logger asks for a trace id)", async () => {
    const probe = runNode(
      [
        "--input-type=module",
        "-e",
        `import { createRequire } from "node:module";
         const { loadConfig, emptyConnections } = await import("./dist/config.js");
         const { startGateway } = await import("./dist/server/index.js");
         const gateway = await startGateway({ ...loadConfig({ LOG_LEVEL: "silent" }), port: 0, connections: emptyConnections() });
         await fetch(gateway.url + "/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ connections { name } }"}' });
         const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes("@opentelemetry"));
         console.log(JSON.stringify([...new Set(loaded.map((p) => /@opentelemetry\\/[^/]+/.exec(p)[0]))]));
         await gateway.close();`,
      ],
      { HOST: "127.0.0.1" },
      dir,
    );
    expect(await probe.exited(), probe.err()).toBe(0);
    expect(JSON.parse(probe.out().trim())).toEqual(["@opentelemetry/api"]);
  });
});
