import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, unconfiguredVendors } from "../../src/config.js";
import { configError } from "../support/config-error.js";

const SECRET = "super-secret-token-123";

describe("loadConfig", () => {
  it("defaults: 127.0.0.1:4000, sandboxes on, 10 s upstream deadline, no connections", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: "127.0.0.1", port: 4000, sandbox: true, upstreamTimeoutMs: 10_000 });
    expect(unconfiguredVendors(config.connections)).toEqual(["CUSTOMER_INSIGHTS", "SUPEROFFICE", "HIGHLEVEL"]);
  });

  it("upstream safety settings: defaults, env vars and their bounds", () => {
    expect(loadConfig({})).toMatchObject({
      requestTimeoutMs: 10_000,
      requestMaxConcurrentCalls: 32,
      upstreamMaxResponseBytes: 2 * 1024 * 1024,
      requestReadTimeoutMs: 10_000,
      readyCacheMs: 5_000,
      maxRequestBytes: 256 * 1024,
      limits: { maxDepth: 10, maxAliases: 30, maxRootFields: 10, maxIds: 100, maxCost: 650, maxTokens: 2000 },
    });
    expect(
      loadConfig({
        REQUEST_TIMEOUT_MS: "2500",
        REQUEST_MAX_CONCURRENT_CALLS: "8",
        UPSTREAM_MAX_RESPONSE_BYTES: "65536",
        REQUEST_READ_TIMEOUT_MS: "3000",
        READY_CACHE_MS: "0",
        MAX_REQUEST_BYTES: "4096",
      }),
    ).toMatchObject({ requestTimeoutMs: 2_500, requestMaxConcurrentCalls: 8, upstreamMaxResponseBytes: 65_536, requestReadTimeoutMs: 3_000, readyCacheMs: 0, maxRequestBytes: 4096 });
    expect(configError({ MAX_REQUEST_BYTES: "100" }).message).toBe('MAX_REQUEST_BYTES: must be an integer from 1024 to 67108864 (got "100")');
    expect(configError({ REQUEST_TIMEOUT_MS: "0" }).message).toBe('REQUEST_TIMEOUT_MS: must be an integer from 1 to 600000 (got "0")');
    expect(configError({ UPSTREAM_MAX_RESPONSE_BYTES: "10" }).setting).toBe("UPSTREAM_MAX_RESPONSE_BYTES");
  });

  it("LOG_BUFFER_MAX_BYTES: 4 MiB by default, at least 64 KiB", () => {
    expect(loadConfig({}).logBufferMaxBytes).toBe(4 * 1024 * 1024);
    expect(loadConfig({ LOG_BUFFER_MAX_BYTES: "65536" }).logBufferMaxBytes).toBe(65_536);
    expect(configError({ LOG_BUFFER_MAX_BYTES: "1000" }).message).toBe('LOG_BUFFER_MAX_BYTES: must be an integer from 65536 to 1073741824 (got "1000")');
  });

  it("SANDBOX=auto (the default) serves sandboxes unless NODE_ENV=production; on and off override", () => {
    expect(loadConfig({}).sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: "auto" }).sandbox).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).sandbox).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SANDBOX: "auto" }).sandbox).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SANDBOX: "on" }).sandbox).toBe(true);
    expect(loadConfig({ NODE_ENV: "development", SANDBOX: "off" }).sandbox).toBe(false);
    expect(configError({ SANDBOX: "sometimes" }).message).toBe('SANDBOX: must be on or off or auto (got "sometimes")');
  });

  it("builds each vendor's default connection from env vars", () => {
    const config = loadConfig({
      CUSTOMER_INSIGHTS_HUB_ENDPOINT: "https://hub.example.com/",
      CUSTOMER_INSIGHTS_TOKEN: "t1",
      SUPEROFFICE_BASE_URL: "https://online.example.com/Cust1/api/v1",
      SUPEROFFICE_AUTHORIZATION: "SOTicket 7T:abc",
      SUPEROFFICE_APP_TOKEN: "app",
      SUPEROFFICE_LANGUAGE: "en",
      SUPEROFFICE_TIMEZONE: "CET",
      HIGHLEVEL_TOKEN: "pit-1",
      HIGHLEVEL_LOCATION_ID: "loc1",
    });
    expect(config.connections.CUSTOMER_INSIGHTS.default).toEqual({
      name: "default",
      hubEndpoint: "https://hub.example.com",
      token: "t1",
      tenantId: undefined,
      sandbox: false,
    });
    expect(config.connections.SUPEROFFICE.default).toMatchObject({
      authorization: "SOTicket 7T:abc",
      appToken: "app",
      language: "en",
      timeZone: "CET",
      culture: undefined,
    });
    expect(config.connections.HIGHLEVEL.default).toMatchObject({
      baseUrl: "https://services.leadconnectorhq.com",
      token: "pit-1",
      locationId: "loc1",
    });
    expect(unconfiguredVendors(config.connections)).toEqual([]);
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ SANDBOX: "maybe" }, "SANDBOX"],
    [{ UPSTREAM_TIMEOUT_MS: "0" }, "UPSTREAM_TIMEOUT_MS"],
    [{ CUSTOMER_INSIGHTS_HUB_ENDPOINT: "not a url", CUSTOMER_INSIGHTS_TOKEN: SECRET }, "CUSTOMER_INSIGHTS_HUB_ENDPOINT"],
    [{ CUSTOMER_INSIGHTS_HUB_ENDPOINT: "https://hub.example.com" }, "CUSTOMER_INSIGHTS_TOKEN"],
    [{ SUPEROFFICE_BASE_URL: "https://so.example.com/api/v1", SUPEROFFICE_AUTHORIZATION: SECRET }, "SUPEROFFICE_AUTHORIZATION"],
    [{ HIGHLEVEL_BASE_URL: "ftp://x" }, "HIGHLEVEL_BASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("rejects %j naming %s, without repeating secrets", (env, setting) => {
    const error = configError(env);
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain("\n");
  });

  it.each([
    [{ SUPEROFFICE_AUTHORIZATION: `SOTicket ${SECRET}` }, "SUPEROFFICE_BASE_URL", "SUPEROFFICE_AUTHORIZATION"],
    [{ CUSTOMER_INSIGHTS_TOKEN: SECRET }, "CUSTOMER_INSIGHTS_HUB_ENDPOINT", "CUSTOMER_INSIGHTS_TOKEN"],
    [{ HIGHLEVEL_BASE_URL: "https://hl.example.com" }, "HIGHLEVEL_TOKEN", "HIGHLEVEL_BASE_URL"],
  ])("a credential or URL without the rest of its connection (%j) names both variables", (env, missing, given) => {
    const error = configError(env);
    expect(error.message).toBe(`${missing}: is required when ${given} is set`);
  });

  it("SUPEROFFICE_LANGUAGE, _CULTURE and _TIMEZONE apply to the sandbox connection too, without configuring SuperOffice", () => {
    expect(loadConfig({}).sandboxSettings).toEqual({});
    const config = loadConfig({ SUPEROFFICE_LANGUAGE: " no ", SUPEROFFICE_TIMEZONE: "CET", SUPEROFFICE_CULTURE: "" });
    expect(config.sandboxSettings).toEqual({ SUPEROFFICE: { language: "no", timeZone: "CET" } });
    expect(unconfiguredVendors(config.connections)).toContain("SUPEROFFICE");
    // Credentials and URLs never reach a sandbox: they configure the vendor.
    expect(loadConfig({ HIGHLEVEL_TOKEN: "pit-1" }).sandboxSettings).toEqual({});
  });

  it("reads named connections from a YAML file and lets env vars add the default", () => {
    const dir = mkdtempSync(join(tmpdir(), "gw-config-"));
    const file = join(dir, "gateway.yaml");
    writeFileSync(
      file,
      [
        "superoffice:",
        "  eu:",
        "    baseUrl: https://eu.example.com/Cust1/api/v1",
        "    authorization: Bearer abc",
        "highlevel:",
        "  agency-a:",
        "    token: pit-a",
        "    locationId: locA",
      ].join("\n"),
    );
    const config = loadConfig({ GATEWAY_CONFIG: file, SUPEROFFICE_BASE_URL: "https://x.example.com/api/v1", SUPEROFFICE_AUTHORIZATION: "Basic eDp5" });
    expect(Object.keys(config.connections.SUPEROFFICE).sort()).toEqual(["default", "eu"]);
    expect(config.connections.HIGHLEVEL["agency-a"]).toMatchObject({ token: "pit-a", baseUrl: "https://services.leadconnectorhq.com" });
  });

  it("names the file key at fault", () => {
    const dir = mkdtempSync(join(tmpdir(), "gw-config-"));
    const file = join(dir, "gateway.json");
    writeFileSync(file, JSON.stringify({ highlevel: { main: { token: "" } } }));
    const error = configError({ GATEWAY_CONFIG: file });
    expect(error.message).toBe(`GATEWAY_CONFIG file ${file}, key highlevel.main.token: must not be empty`);
  });
});

describe("GATEWAY_CONFIG errors: one line naming the file, the key path (or line and column) and what is expected", () => {
  const dir = mkdtempSync(join(tmpdir(), "gw-config-"));
  function fileError(name: string, content: string): string {
    const file = join(dir, name);
    writeFileSync(file, content);
    const message = configError({ GATEWAY_CONFIG: file }).message;
    expect(message).not.toContain("\n");
    expect(message).not.toContain(SECRET);
    return message.replace(file, "<file>");
  }

  it.each([
    [
      "a setting's typo, and not the setting it leaves missing",
      "superoffice:\n  default:\n    baseURL: https://so.example.com/api/v1\n    authorization: SOTicket abc\n",
      'GATEWAY_CONFIG file <file>, key superoffice.default.baseURL: unknown key; did you mean "baseUrl"?',
    ],
    [
      "a vendor section's typo",
      "superofice:\n  default: { baseUrl: https://so.example.com/api/v1 }\n",
      'GATEWAY_CONFIG file <file>, key superofice: unknown key; did you mean "superoffice"?',
    ],
    [
      "an unknown setting with nothing close: the settings there",
      "superoffice:\n  default: { baseUrl: https://so.example.com/api/v1, authorization: SOTicket abc, colour: red }\n",
      "GATEWAY_CONFIG file <file>, key superoffice.default.colour: unknown key; expected one of baseUrl, authorization, oauth, systemUser, callerHeader, appToken, language, culture, timeZone",
    ],
    [
      "a missing setting",
      'highlevel:\n  clinic: { locationId: loc1 }\n',
      "GATEWAY_CONFIG file <file>, key highlevel.clinic.token: is required (or oauth or callerHeader)",
    ],
    [
      "a missing URL",
      "customerInsights:\n  emea: { token: abc }\n",
      "GATEWAY_CONFIG file <file>, key customerInsights.emea.hubEndpoint: is required (an http(s) URL)",
    ],
    [
      "a value of the wrong type, without echoing it",
      `highlevel:\n  main:\n    token: [${SECRET}]\n`,
      "GATEWAY_CONFIG file <file>, key highlevel.main.token: must be text (got a list)",
    ],
    [
      "settings without a connection name",
      "superoffice:\n  baseUrl: https://so.example.com/api/v1\n",
      "GATEWAY_CONFIG file <file>, key superoffice.baseUrl: must be a mapping (got text); settings go under a connection name, e.g. superoffice.default.baseUrl",
    ],
    [
      "a bad connection name",
      'highlevel:\n  "main office": { token: abc }\n',
      `GATEWAY_CONFIG file <file>, key highlevel."main office": connection names use letters, digits, '_' and '-'`,
    ],
    [
      "a file that is not a mapping",
      "- superoffice\n",
      "GATEWAY_CONFIG file <file>: must be a mapping with customerInsights, superoffice, highlevel (got a list)",
    ],
  ])("%s", (_case, yaml, expected) => {
    expect(fileError("gateway.yaml", yaml)).toBe(expected);
  });

  it.each([
    ["gateway.yaml", ""],
    ["gateway.yaml", "# nothing here yet\n"],
    ["gateway.json", " \n"],
  ])("an empty file (%s %j) is an error", (name, content) => {
    expect(fileError(name, content)).toBe("GATEWAY_CONFIG file <file>: is empty; expected connections under customerInsights, superoffice, highlevel");
  });

  it("a YAML syntax error gives line, column and the offending line", () => {
    expect(fileError("gateway.yaml", "superoffice:\n  default:\n    baseUrl: a: b\n")).toBe(
      "GATEWAY_CONFIG file <file>, line 3, column 14: Nested mappings are not allowed in compact mappings in 'baseUrl: a: b'",
    );
  });

  it("a YAML syntax error at the end of the file points at the last line, with credentials masked", () => {
    const line2 = `  emea: { hubEndpoint: https://hub.example.com, token: "${SECRET}`;
    expect(fileError("gateway.yaml", `customerInsights:\n${line2}\n\n`)).toBe(
      `GATEWAY_CONFIG file <file>, line 2, column ${line2.length + 1}: Missing closing "quote in 'emea: { hubEndpoint: https://hub.example.com, token: …'`,
    );
  });

  it("a JSON syntax error gives line, column and the offending line", () => {
    expect(fileError("gateway.json", `{\n  "highlevel": {\n    "main": { "token": "${SECRET}", }\n  }\n}\n`)).toMatch(
      /^GATEWAY_CONFIG file <file>, line 3, column \d+: .+ in '"main": \{ "token": …'$/,
    );
  });

  it("a file that cannot be read names the variable and the path", () => {
    expect(configError({ GATEWAY_CONFIG: join(dir, "missing.yaml") }).message).toMatch(/^GATEWAY_CONFIG: cannot read .*missing\.yaml: ENOENT/);
  });
});
