import { readFileSync } from "node:fs";

/**
 * `node dist/main.js --help | --version`: answered before any configuration is read or port
 * opened. The vendors' variables come from their modules, so the usage cannot drift from them.
 */

export type CliAction = { kind: "serve" } | { kind: "print"; text: string } | { kind: "fail"; text: string };

export async function cliAction(args: readonly string[]): Promise<CliAction> {
  const [arg, ...rest] = args;
  if (arg === undefined) return { kind: "serve" };
  if (rest.length === 0 && (arg === "--help" || arg === "-h")) return { kind: "print", text: await usage() };
  if (rest.length === 0 && (arg === "--version" || arg === "-v")) return { kind: "print", text: `${packageJson().version}\n` };
  return { kind: "fail", text: `Unknown argument ${JSON.stringify(args.join(" "))}: the gateway takes its settings from environment variables (see --help)\n` };
}

async function usage(): Promise<string> {
  // Loaded here, not at the top: --version needs none of it.
  const [{ VENDORS }, { labelOf, moduleOf }] = await Promise.all([import("./domain/vendor.js"), import("./vendors/modules.js")]);
  const { name, version } = packageJson();
  const vendors = VENDORS.flatMap((vendor) => [
    `  ${labelOf(vendor)}:`,
    // A group of settings (a credential mode's) lists each of its variables.
    ...wrap(
      Object.values(moduleOf(vendor).env.settings as Record<string, string | Record<string, string>>).flatMap((v) => (typeof v === "string" ? [v] : Object.values(v))),
      "    ",
    ),
  ]);
  return [
    `${name} ${version}: one GraphQL endpoint over the CRM vendors' relation APIs.`,
    "",
    "Usage: npm start             (builds dist/ when src/ changed, then runs it)",
    "       node dist/main.js [--help | --version]",
    "",
    "Serves GraphQL at http://HOST:PORT/graphql and the playground at http://HOST:PORT/. Every",
    "vendor without a connection is served by its built-in sandbox (not under NODE_ENV=production).",
    "All settings are environment variables:",
    "",
    "  PORT=4000  HOST=127.0.0.1  SANDBOX=auto|on|off  PLAYGROUND=on  INTROSPECTION=on  METRICS=on",
    "  LOG_LEVEL=info  UPSTREAM_TIMEOUT_MS=10000  SHUTDOWN_TIMEOUT_MS=10000",
    "  GATEWAY_CONFIG=<file.yaml|file.json>: several named connections per vendor",
    "  REDIS_URL: idempotency keys and vendor tokens shared by replicas",
    "  CREDENTIALS_KEY=<32 bytes, base64>  CREDENTIALS_FILE=<path>: vendor tokens kept encrypted",
    "  SANDBOX_TOKEN_TTL_S=3600: lifetime of the tokens the sandboxes' token endpoints issue",
    "",
    "Each connection has one credential mode, chosen by which of its variables are set: a static",
    "token, OAuth refresh (*_CLIENT_ID…), client credentials, a system user (*_SYSTEM_USER_TOKEN…),",
    "or the caller's own credential from a header (*_CALLER_HEADER). See docs/operations.md,",
    "\"Vendor credentials\".",
    "",
    "One connection per vendor (named default):",
    ...vendors,
    "",
    "Docs: README.md (vendors, configuration, errors), docs/operations.md (every server setting,",
    "health, metrics, logs, shutdown), docs/federation.md (running as a subgraph).",
    "",
  ].join("\n");
}

/** Comma-separated words, in lines of at most 96 columns. */
function wrap(words: readonly string[], indent: string): string[] {
  const lines = [indent];
  for (const [i, word] of words.entries()) {
    const piece = `${word}${i < words.length - 1 ? "," : ""}`;
    if (lines.at(-1)!.length + piece.length + 1 > 96) lines.push(indent);
    lines[lines.length - 1] += `${lines.at(-1) === indent ? "" : " "}${piece}`;
  }
  return lines;
}

function packageJson(): { name: string; version: string } {
  // ../package.json from src/ (tsx) and from dist/ (built) alike.
  return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; version: string };
}
