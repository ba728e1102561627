import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliAction } from "../../src/cli.js";
import { loadConfig } from "../../src/config.js";
import { GATEWAY_SETTINGS, knownSettingNames } from "../../src/config-settings.js";

/** `--help` and the misspelt-name check come from one list of settings; these tests hold it to the code. */

const SRC = new URL("../../src/", import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));

/** Every variable name the code reads: `env.X`, `env["X"]`, and the config helpers' `(env, "X"` calls; the vendors' come from their modules. */
function namesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  for (const file of files(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\benv\[\s*"([A-Z][A-Z0-9_]+)"\s*\]|\(env, "([A-Z][A-Z0-9_]+)"/g)) names.add((m[1] ?? m[2] ?? m[3])!);
    // Names passed on to a reader as values, e.g. `for (const key of ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", …]) value(env, key)`.
    for (const m of text.matchAll(/value\(env, (\w+)\)/g)) if (m[1] === "key") for (const k of text.matchAll(/"(OTEL_[A-Z_]+)"/g)) names.add(k[1]!);
  }
  return names;
}

const help = async () => {
  const action = await cliAction(["--help"]);
  if (action.kind !== "print") throw new Error("--help did not print");
  return action.text;
};

describe("--help", () => {
  it("lists every variable the code reads, and none it does not", async () => {
    const text = await help();
    const read = namesTheCodeReads();
    const known = knownSettingNames();
    expect([...read].filter((name) => !known.has(name)), "read by the code but not in --help").toEqual([]);
    const gateway = GATEWAY_SETTINGS.flatMap((g) => g.settings.map((s) => s.name));
    expect(gateway.filter((name) => !read.has(name)), "in --help but never read").toEqual([]);
    const printed = new Set(text.match(/\b[A-Z][A-Z0-9_]*\b/g));
    expect([...known].filter((name) => !printed.has(name)), "known but not printed").toEqual([]);
  });

  it("fits in 100 columns", async () => {
    expect(Math.max(...(await help()).split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  });
});

describe("names that look meant for the gateway but are no setting", () => {
  it.each([
    ["HIGHLEVEL_TOKN", "HIGHLEVEL_TOKEN"],
    ["SUPEROFFICE_BASEURL", "SUPEROFFICE_BASE_URL"],
    ["LOGLEVEL", "LOG_LEVEL"],
    ["log_level", "LOG_LEVEL"],
    ["MAX_QUERY_COSTS", "MAX_QUERY_COST"],
    ["CORS_ORIGIN", "CORS_ORIGINS"],
    ["CUSTOMER_INSIGHTS_HUB_ENDPIONT", "CUSTOMER_INSIGHTS_HUB_ENDPOINT"],
  ])("%s stops startup, suggesting %s", (typo, meant) => {
    expect(() => loadConfig({ [typo]: "x" })).toThrow(`${typo}: is not a setting of the gateway (did you mean ${meant}?)`);
  });

  it("a prefixed name with nothing close is refused too, without a guess", () => {
    expect(() => loadConfig({ UPSTREAM_SOMETHING_ELSE_ENTIRELY: "1" })).toThrow(/^UPSTREAM_SOMETHING_ELSE_ENTIRELY: is not a setting of the gateway; --help lists them all$/);
  });

  it("leaves the rest of the environment alone (shell, Kubernetes service links, other tools' OTEL_ and REDIS_ names)", () => {
    const env = {
      HOME: "/root",
      HOSTNAME: "pod-1",
      PATH: "/bin",
      KUBERNETES_SERVICE_HOST: "10.0.0.1",
      KUBERNETES_PORT_443_TCP_ADDR: "10.0.0.1",
      AUTH_SERVICE_HOST: "10.0.0.9",
      AUTH_PORT: "tcp://10.0.0.9:80",
      GATEWAY_PORT_4000_TCP_PROTO: "tcp",
      REDIS_PORT: "tcp://10.0.0.7:6379",
      OTEL_RESOURCE_ATTRIBUTES: "team=crm",
      NODE_OPTIONS: "--max-old-space-size=512",
    };
    expect(() => loadConfig(env)).not.toThrow();
  });
});

describe("a vendor given some settings but not what it needs", () => {
  it("HIGHLEVEL_LOCATION_ID alone names the missing token instead of serving the sandbox", () => {
    expect(() => loadConfig({ HIGHLEVEL_LOCATION_ID: "loc-1" })).toThrow(/^HIGHLEVEL_TOKEN: is required when HIGHLEVEL_LOCATION_ID is set$/);
  });

  it("a sandbox-applicable setting alone (SUPEROFFICE_LANGUAGE) still only tunes the sandbox", () => {
    const config = loadConfig({ SUPEROFFICE_LANGUAGE: "no" });
    expect(config.connections.SUPEROFFICE).toEqual({});
    expect(config.sandboxSettings.SUPEROFFICE).toEqual({ language: "no" });
  });
});

describe("docs/operations.md", () => {
  const doc = readFileSync(new URL("../../docs/operations.md", import.meta.url), "utf8");
  const section = doc.slice(doc.indexOf("### Configuration"), doc.indexOf("\n### ", doc.indexOf("### Configuration") + 1));

  it("has one unbroken settings table (a blank line would end it and print the rest as text)", () => {
    const lines = section.split("\n");
    const first = lines.findIndex((line) => line.startsWith("| Variable |"));
    const last = lines.findLastIndex((line) => line.startsWith("|"));
    expect(first).toBeGreaterThan(0);
    expect(lines.slice(first, last + 1).filter((line) => !line.startsWith("|"))).toEqual([]);
  });

  it("explains every gateway setting in that table (the OTEL_* details are in deploy.md)", () => {
    const documented = section.split("\n").filter((line) => line.startsWith("| `")).join("\n");
    const missing = GATEWAY_SETTINGS.flatMap((g) => g.settings.map((s) => s.name))
      .filter((name) => !name.startsWith("OTEL_") || name === "OTEL_EXPORTER_OTLP_ENDPOINT")
      .filter((name) => !documented.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

describe("the defaults --help shows", () => {
  it("are config.ts's own: spelling each one out changes nothing", () => {
    const plain = loadConfig({});
    for (const setting of GATEWAY_SETTINGS.flatMap((g) => g.settings)) {
      if (setting.default === undefined) continue;
      expect(loadConfig({ [setting.name]: setting.default }), `${setting.name}=${setting.default}`).toEqual(plain);
    }
  });
});
