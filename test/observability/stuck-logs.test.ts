import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

/**
 * Logs never block shutdown: the gateway's stdout is a pipe nobody reads any more (a log
 * shipper that died). The gateway keeps serving and drops the lines it cannot write (counted in
 * gateway_log_lines_dropped_total); SIGTERM ends it within SHUTDOWN_TIMEOUT_MS, and a second
 * SIGTERM at once.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SHUTDOWN_TIMEOUT_MS = 1_500;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Stuck {
  child: ChildProcess;
  url: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The real CLI (built-in sandboxes), its stdout a pipe this test never reads. */
async function startWithStuckStdout(): Promise<Stuck> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), LOG_LEVEL: "debug", SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), LOG_BUFFER_MAX_BYTES: "65536" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  // Never read: once the pipe (and this stream's buffer) is full, every write of the child's waits.
  child.stdout!.pause();
  const exit = once(child, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (child.exitCode !== null) throw new Error(`gateway exited ${child.exitCode}`);
    if (Date.now() - started > 30_000) throw new Error("gateway did not start");
    if (await fetch(`${url}/health`).then((res) => res.ok, () => false)) break;
  }
  return { child, url, exit };
}

/** Requests (each logs a line or more) until the gateway reports dropped lines: its stdout is then surely full. */
async function fillStdout(url: string): Promise<number> {
  // A long operation name makes long lines: the pipe fills in fewer requests.
  const query = `query ${"Fill".repeat(60)} { __typename }`;
  for (let round = 0; round < 200; round++) {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) }).then((res) => res.text()),
      ),
    );
    const dropped = /^gateway_log_lines_dropped_total (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text());
    if (dropped && Number(dropped[1]) > 0) return Number(dropped[1]);
  }
  throw new Error("no log line was dropped after 4,000 requests");
}

describe("a log destination that takes nothing more", () => {
  let running: Stuck | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill("SIGKILL");
      await running.exit;
    }
    running = undefined;
  });

  it("drops lines (counted) and keeps serving; SIGTERM ends the gateway within SHUTDOWN_TIMEOUT_MS", async () => {
    running = await startWithStuckStdout();
    expect(await fillStdout(running.url)).toBeGreaterThan(0);
    // Still serving.
    const res = await fetch(`${running.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });

    const signalled = Date.now();
    running.child.kill("SIGTERM");
    const ended = await Promise.race([running.exit, new Promise((resolve) => setTimeout(() => resolve("still running"), SHUTDOWN_TIMEOUT_MS + 5_000))]);
    expect(ended).toEqual({ code: 0, signal: null });
    // Not a timing assertion: far from the 5 s grace above, which only keeps a hung child from hanging the test.
    expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 3_000);
  }, 90_000);

  it("a second SIGTERM exits at once, while the first is still waiting for the log destination", async () => {
    running = await startWithStuckStdout();
    await fillStdout(running.url);
    running.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    running.child.kill("SIGTERM");
    const ended = await Promise.race([running.exit, new Promise((resolve) => setTimeout(() => resolve("still running"), SHUTDOWN_TIMEOUT_MS))]);
    expect(ended).toEqual({ code: 1, signal: null });
  }, 90_000);
});
