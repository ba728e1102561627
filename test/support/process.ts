import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

/** A gateway (or any node script) in a child process, with its output kept for assertions. */
export interface RunningProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** The exit code once the process ends by itself (null when a signal ended it). */
  exited(): Promise<number | null>;
  /** SIGTERM, then the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** Only PATH and HOME from this shell: no vendor configuration leaks in from the developer's env. */
export function runNode(args: string[], env: Record<string, string>, cwd?: string): RunningProcess {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return {
    child,
    out: () => stdout,
    err: () => stderr,
    exited: () => exited,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for the startup line and returns the gateway's base URL (http://127.0.0.1:PORT). */
export async function gatewayUrl(proc: RunningProcess): Promise<string> {
  return waitFor(() => {
    if (proc.child.exitCode !== null) throw new Error(`gateway exited ${proc.child.exitCode}: ${proc.err()}`);
    return /Gateway ready at (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(proc.out())?.[1];
  });
}
