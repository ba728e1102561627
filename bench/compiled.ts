/**
 * The servers under test run as production runs them: compiled by tsc (the Dockerfile's image
 * runs `node dist/main.js`), not under tsx. tsx compiles with esbuild's keepNames, which wraps
 * every named function and closure in a `__name(fn, "name")` call, an Object.defineProperty per
 * closure made; code that makes closures per request pays it on every request, and production
 * never does. BENCH_TSX=1 runs the servers under tsx instead (no compile step, for quick looks).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const COMPILED = process.env.BENCH_TSX !== "1";

const ROOT = new URL("../", import.meta.url);
/** tsconfig.bench.json's outDir: src/ and bench/ side by side, as in the repository. */
const OUT = new URL("node_modules/.cache/bench-js/", ROOT);

let built = false;

/** Compiles src/ and bench/ once per bench (incremental: a few seconds when little changed). */
function build(): void {
  if (built) return;
  const started = Date.now();
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", fileURLToPath(new URL("tsconfig.bench.json", ROOT))], { stdio: "inherit" });
  // Below node_modules, node finds no package.json saying these are ES modules.
  writeFileSync(new URL("package.json", OUT), '{ "type": "module" }\n');
  built = true;
  console.log(`bench: servers compiled with tsc in ${((Date.now() - started) / 1000).toFixed(1)} s (BENCH_TSX=1 runs them under tsx)`);
}

/**
 * How to start a bench/ entry point (e.g. "./gateway.ts"): its compiled file and no inherited
 * node flags (tsx's loader), or, with BENCH_TSX=1, the source under this process's tsx loader.
 */
export function serverEntry(path: string): { file: string; execArgv: string[] } {
  if (!COMPILED) return { file: fileURLToPath(new URL(path, import.meta.url)), execArgv: process.execArgv };
  build();
  return { file: fileURLToPath(new URL(path.replace(/\.ts$/, ".js"), new URL("bench/", OUT))), execArgv: [] };
}
