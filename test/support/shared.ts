import { existsSync } from "node:fs";
import { describe, it } from "vitest";

/**
 * The team's shared folder (contracts, seeds) stands beside the repo in CI and on developers'
 * machines, not in a user's clone. Tests that read it run where it is, skip with a printed reason
 * where it is not, and fail under CI=true, where a missing folder means a broken checkout.
 */
const SHARED_DIR = new URL("../../../shared/", import.meta.url);

export const sharedPresent = existsSync(SHARED_DIR);

/** A file under ../shared (e.g. `contracts/schema.graphql`). */
export function sharedFile(path: string): URL {
  return new URL(path, SHARED_DIR);
}

/** `describe`, for tests that read ../shared. */
export function describeShared(name: string, body: () => void): void {
  if (sharedPresent) {
    describe(name, body);
    return;
  }
  const reason = `../shared is not beside the repo (${SHARED_DIR.pathname})`;
  if (process.env.CI === "true") {
    describe(name, () => it("needs ../shared under CI=true", () => {
      throw new Error(`${reason}: CI clones the repo with shared/ beside it`);
    }));
    return;
  }
  console.warn(`skipped "${name}": ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}
