// `npm run build`: compiles src/ to dist/ with tsc and copies what tsc does not (the playground's
// example operations, and its browser script and styles). With --if-stale (what `npm start` uses) it does nothing when dist/ is
// newer than every source file, so a second start does not wait for the compiler.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const STAMP = "dist/.build-stamp";
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

if (process.argv.includes("--if-stale") && existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(...INPUTS.filter(existsSync).map(newest))) {
  console.log("build: dist/ is up to date with src/ (run `npm run build` to force a rebuild)");
  process.exit(0);
}
const started = Date.now();
console.log("build: compiling src/ to dist/ with tsc (about 10 s) ...");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
cpSync("src/playground/examples", "dist/playground/examples", { recursive: true });
cpSync("src/playground/public", "dist/playground/public", { recursive: true });
writeFileSync(STAMP, new Date().toISOString() + "\n");
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
