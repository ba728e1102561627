import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const MAIN = resolve(ROOT, "dist/main.js");

/** Test files run in parallel workers: one builds dist/ while the others wait, then find it current. */
const LOCK = join(tmpdir(), `crm-gateway-build-${createHash("sha1").update(ROOT).digest("hex").slice(0, 12)}.lock`);
const STALE_LOCK_MS = 180_000;

/** Builds dist/ (scripts/build.mjs --if-stale), serialised across test workers. */
export function ensureBuilt(): void {
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed worker is taken over once it is older than any build.
      const age = Date.now() - (statSafe(LOCK) ?? Date.now());
      if (age > STALE_LOCK_MS || Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    execFileSync(process.execPath, [resolve(ROOT, "scripts/build.mjs"), "--if-stale"], { cwd: ROOT, stdio: "pipe" });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
