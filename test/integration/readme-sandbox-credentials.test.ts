import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startServing } from "../../src/serve.js";

/**
 * The README's "Vendor credentials on the sandboxes", run as written: each `… npm start` is the
 * same env through loadConfig and startServing (a free port instead of 4000), its shown log lines
 * must come in that order; every other command runs in bash and must print what is shown.
 */

const README = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
const SECTION = /\n## Vendor credentials on the sandboxes\n([\s\S]*?)\n## /.exec(README)![1]!;
const README_ORIGIN = "http://127.0.0.1:4000";

interface Step {
  command: string;
  shown: string[];
}

/** Each console block's commands (`$ …`) with the lines shown below each. */
const STEPS: Step[] = [...SECTION.matchAll(/```console\n([\s\S]*?)```/g)].flatMap((block) => {
  const steps: Step[] = [];
  for (const line of block[1]!.trimEnd().split("\n")) {
    if (line.startsWith("$ ")) steps.push({ command: line.slice(2), shown: [] });
    else steps.at(-1)!.shown.push(line);
  }
  return steps;
});

/** The runs: each `npm start` and the commands until the next. */
const RUNS = STEPS.reduce<Array<{ start: Step; steps: Step[] }>>((runs, step) => {
  if (step.command.endsWith(" npm start")) runs.push({ start: step, steps: [] });
  else runs.at(-1)!.steps.push(step);
  return runs;
}, []);

let closing: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closing) await close();
  closing = [];
});

describe("README: Vendor credentials on the sandboxes", () => {
  it("shows each SANDBOX_CREDENTIALS mode: oauth, one vendor's system user, caller", () => {
    expect(RUNS.map((r) => r.start.command)).toEqual([
      "SANDBOX_CREDENTIALS=oauth SANDBOX_TOKEN_TTL_S=5 npm start",
      "SANDBOX_CREDENTIALS=SUPEROFFICE=system-user SANDBOX_TOKEN_TTL_S=5 npm start",
      "SANDBOX_CREDENTIALS=caller npm start",
    ]);
  });

  it.each(RUNS)("$start.command", async ({ start, steps }) => {
    const env = Object.fromEntries(start.command.replace(/ npm start$/, "").split(" ").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
    const logs: Array<{ level: number; msg: string; vendor?: string }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logs.push(JSON.parse(line) as (typeof logs)[number]);
        done();
      },
    });
    const config = { ...loadConfig(env), port: 0 };
    const { gateway, sandboxes } = await startServing(config, pino({ level: "info" }, sink));
    const close = async () => {
      await gateway.close();
      await sandboxes?.close();
    };
    closing.push(close);

    // The shown startup lines, in order, among the log's.
    const startup = logs.map((l) => `INFO: ${l.msg}`);
    expect(startup.filter((line) => start.shown.includes(line))).toEqual(start.shown);

    for (const step of steps) {
      expect(step.command.startsWith("curl ") || step.command.startsWith("sleep "), step.command).toBe(true);
      if (step.command.startsWith("curl ")) expect(step.command).toContain(README_ORIGIN);
      const { stdout } = await promisify(execFile)("bash", ["-c", step.command.replaceAll(README_ORIGIN, gateway.url)]);
      const printed = stdout.trimEnd().split("\n").filter(Boolean);
      if (step.shown[0]?.startsWith("{")) expect(JSON.parse(stdout)).toEqual(JSON.parse(step.shown.join("\n")));
      else expect(printed.sort()).toEqual([...step.shown].sort());
    }

    // Each refresh the metrics count has its log line.
    for (const line of steps.flatMap((s) => s.shown).filter((l) => l.startsWith("gateway_credential_refresh_total"))) {
      const [, vendor, count] = /vendor="(\w+)".* (\d+)$/.exec(line)!;
      expect(logs.filter((l) => l.msg === "vendor credential refreshed" && l.vendor === vendor)).toHaveLength(Number(count));
    }
  }, 30_000);
});
