import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/data.js";
import { startTestSandboxes as startSandboxes, type TestSandboxes as RunningSandboxes } from "../support/sandboxes.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  lines: Array<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node --import tsx src/main.ts` (the real CLI entry, signals and all), HighLevel pointed at `hl`. */
async function startMain(hl: RunningSandboxes, env: Record<string, string> = {}): Promise<Running> {
  const connection = hl.connections.HIGHLEVEL.default!;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      LOG_LEVEL: "info",
      HIGHLEVEL_BASE_URL: connection.baseUrl,
      HIGHLEVEL_TOKEN: connection.token,
      HIGHLEVEL_LOCATION_ID: connection.locationId ?? "",
      ...env,
    },
  });
  const exit = once(child, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const lines: Array<Record<string, unknown>> = [];
  let buffer = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push(parsed);
          if (typeof parsed.url === "string") resolve(parsed.url.replace(/\/graphql$/, ""));
        } catch {
          // not a log line
        }
      }
    });
    void exit.then(({ code }) => reject(new Error(`gateway exited (${code}) before it was ready: ${stderr}`)));
  });
  return { child, url, lines, exit };
}

const CONTACT_QUERY = `query SlowContact { contact(vendor: HIGHLEVEL, id: "${HIGHLEVEL_DEMO.contacts.ada}") { name } }`;

describe("graceful shutdown of the CLI", () => {
  let hl: RunningSandboxes | undefined;
  let running: Running | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) running.child.kill("SIGKILL");
    await hl?.close();
  });

  it("on SIGTERM stops accepting, finishes the in-flight request, closes and exits 0", async () => {
    hl = await startSandboxes(["HIGHLEVEL"]);
    running = await startMain(hl);
    hl.highlevel!.delayMs = 1500;

    const inFlight = fetch(`${running.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: CONTACT_QUERY }),
    });
    // Wait until the slow upstream call has reached the vendor, then signal.
    while (hl.highlevel!.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    running.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));

    // New connections are refused while the old request drains.
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { contact: { name: "Ada Lovelace" } } });
    expect(await running.exit).toEqual({ code: 0, signal: null });
    const messages = running.lines.map((l) => l.msg);
    expect(messages).toContain("shutting down: finishing in-flight requests");
    expect(messages.at(-1)).toBe("stopped");
    expect(running.lines).toContainEqual(expect.objectContaining({ operationName: "SlowContact", outcome: "success" }));
  });

  it("bounds the wait by SHUTDOWN_TIMEOUT_MS and still exits 0", async () => {
    hl = await startSandboxes(["HIGHLEVEL"]);
    running = await startMain(hl, { SHUTDOWN_TIMEOUT_MS: "300" });
    hl.highlevel!.injectFault({ hang: true });

    const inFlight = fetch(`${running.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: CONTACT_QUERY }),
    }).catch((error: unknown) => error);
    while (hl.highlevel!.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const signalled = Date.now();
    running.child.kill("SIGINT");
    expect(await running.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(3000);
    // The request that outlived the bound was cut off.
    expect(await inFlight).toBeInstanceOf(Error);
  });
});
