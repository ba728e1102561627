import { createRequire } from "node:module";

const pkg = createRequire(import.meta.url)("../../package.json") as { name: string; version: string };

/** Sent on every upstream call so vendors can tell who is calling. */
export const USER_AGENT = `${pkg.name}/${pkg.version}`;
export const VERSION = pkg.version;
