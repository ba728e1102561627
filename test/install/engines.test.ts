import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

/**
 * `npm ci` on the supported Node prints no EBADENGINE warning: every installed package's
 * `engines.node` admits the running Node. Some transitive versions need Node 22; the
 * `overrides` in package.json pin ones that run on 20 (README, "Development").
 */

const ROOT = resolve(import.meta.dirname, "../..");

interface Manifest {
  name?: string;
  version?: string;
  engines?: { node?: string };
}

function read<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** What `npm ci` installed: the lockfile's entries that are on disk (platform-specific optional ones are not). */
function installedManifests(): Array<{ path: string; manifest: Manifest }> {
  const lock = read<{ packages: Record<string, unknown> }>(resolve(ROOT, "package-lock.json"));
  return Object.keys(lock.packages)
    .filter((path) => path.startsWith("node_modules/"))
    .map((path) => resolve(ROOT, path, "package.json"))
    .filter(existsSync)
    .map((path) => ({ path, manifest: read<Manifest>(path) }));
}

describe("installed packages", () => {
  it("all admit the running Node in engines.node (npm ci prints no EBADENGINE)", () => {
    const installed = installedManifests();
    expect(installed.length).toBeGreaterThan(100);
    const excluded = installed
      .filter(({ manifest }) => manifest.engines?.node && !semver.satisfies(process.version, manifest.engines.node, { includePrerelease: true }))
      .map(({ manifest }) => `${manifest.name}@${manifest.version} needs node ${manifest.engines!.node}`);
    expect(excluded).toEqual([]);
  });

  it("the project's own engines.node admits the running Node", () => {
    const own = read<Manifest>(resolve(ROOT, "package.json"));
    expect(semver.satisfies(process.version, own.engines!.node!)).toBe(true);
  });
});
