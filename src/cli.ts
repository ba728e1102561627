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
  const { GATEWAY_SETTINGS, vendorSettingNames } = await import("./config-settings.js");
  const { name, version } = packageJson();
  const gateway = GATEWAY_SETTINGS.flatMap((group) => {
    const names = group.settings.map((s) => (s.default === undefined ? s.name : `${s.name}=${s.default}`));
    const width = Math.max(...names.map((n) => n.length));
    return [`  ${group.title}:`, ...group.settings.map((s, i) => `    ${names[i]!.padEnd(width)}  ${s.help}`)];
  });
  const vendors = vendorSettingNames().flatMap(({ label, names }) => [`  ${label}:`, ...wrap(names, "    ")]);
  return [
    `${name} ${version}: one GraphQL endpoint over the CRM vendors' relation APIs.`,
    "",
    "Usage: npm start             (builds dist/ when src/ changed, then runs it)",
    "       node dist/main.js [--help | --version]",
    "",
    "Serves GraphQL at http://HOST:PORT/graphql and the playground at http://HOST:PORT/. Every",
    "vendor without a connection is served by its built-in sandbox (not under NODE_ENV=production).",
    "All settings are environment variables (defaults after =); a name that looks meant for the",
    "gateway but is none of these stops startup:",
    "",
    ...gateway,
    "",
    "Each connection has one credential mode, chosen by which of its variables are set: a static",
    "token, OAuth refresh (*_CLIENT_ID…), client credentials, a system user (*_SYSTEM_USER_TOKEN…),",
    "or the caller's own credential from a header (*_CALLER_HEADER). See docs/operations.md,",
    "\"Vendor credentials\".",
    "",
    "One connection per vendor (named default; GATEWAY_CONFIG for several):",
    ...vendors,
    "",
    "Docs: README.md (vendors, configuration, authentication, errors), docs/operations.md (every",
    "server setting, health, metrics, logs, shutdown), docs/federation.md (running as a subgraph).",
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
