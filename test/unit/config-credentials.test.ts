import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { configError as configErrorOf } from "../support/config-error.js";

/** Credential modes from env vars: which settings choose a mode, what each needs, and what stops startup. */

const KEY = randomBytes(32).toString("base64");
const HL_OAUTH = { HIGHLEVEL_CLIENT_ID: "hl-client", HIGHLEVEL_CLIENT_SECRET: "hl-client-secret-1", HIGHLEVEL_REFRESH_TOKEN: "hl-refresh-seed-1" };

/** The message of the ConfigError these settings stop startup with. */
const configError = (env: Record<string, string>): string => configErrorOf(env).message;

describe("credential modes", () => {
  it("HighLevel OAuth refresh from its variables, the token URL defaulting to the base URL's, no static token needed", () => {
    const config = loadConfig({ ...HL_OAUTH, CREDENTIALS_FILE: "/tmp/creds.json", CREDENTIALS_KEY: KEY });
    expect(config.connections.HIGHLEVEL.default).toMatchObject({
      token: undefined,
      oauth: { clientId: "hl-client", clientSecret: "hl-client-secret-1", refreshToken: "hl-refresh-seed-1" },
    });
    expect(config.credentials).toEqual({ key: Buffer.from(KEY, "base64"), file: "/tmp/creds.json" });
  });

  it("two modes' settings at once stop startup naming both variables", () => {
    expect(configError({ ...HL_OAUTH, HIGHLEVEL_TOKEN: "pit-123456", REDIS_URL: "redis://127.0.0.1:1", CREDENTIALS_KEY: KEY })).toBe(
      "HIGHLEVEL_CLIENT_ID: cannot be set together with HIGHLEVEL_TOKEN (a connection has one credential mode)",
    );
    expect(configError({ SUPEROFFICE_BASE_URL: "https://sod.superoffice.com/Cust1/api/v1", SUPEROFFICE_AUTHORIZATION: "Bearer x1234", SUPEROFFICE_CALLER_HEADER: "x-so" })).toBe(
      "SUPEROFFICE_CALLER_HEADER: cannot be set together with SUPEROFFICE_AUTHORIZATION (a connection has one credential mode)",
    );
  });

  it("a rotating refresh token with neither REDIS_URL nor CREDENTIALS_FILE stops startup naming both", () => {
    const message = configError({ ...HL_OAUTH });
    expect(message).toMatch(/^REDIS_URL: or CREDENTIALS_FILE must be set: HighLevel connection 'default' rotates its refresh token/);
    expect(message).not.toContain("hl-refresh-seed-1");
  });

  it("a store without a key stops startup naming CREDENTIALS_KEY; a bad key is not echoed", () => {
    expect(configError({ ...HL_OAUTH, CREDENTIALS_FILE: "/tmp/creds.json" })).toMatch(/^CREDENTIALS_KEY: is required/);
    expect(configError({ CREDENTIALS_FILE: "/tmp/creds.json" })).toMatch(/^CREDENTIALS_KEY: is required/);
    const short = randomBytes(16).toString("base64");
    const message = configError({ CREDENTIALS_KEY: short });
    expect(message).toMatch(/^CREDENTIALS_KEY: must be 32 bytes in base64/);
    expect(message).not.toContain(short);
  });

  it("a missing part of a mode names its variable", () => {
    expect(configError({ HIGHLEVEL_CLIENT_ID: "c", HIGHLEVEL_REFRESH_TOKEN: "r", CREDENTIALS_FILE: "/tmp/c", CREDENTIALS_KEY: KEY })).toMatch(
      /^HIGHLEVEL_CLIENT_SECRET: /,
    );
    expect(configError({ CUSTOMER_INSIGHTS_HUB_ENDPOINT: "https://hub.example", CUSTOMER_INSIGHTS_CLIENT_ID: "c", CUSTOMER_INSIGHTS_CLIENT_SECRET: "s1234" })).toBe(
      "CUSTOMER_INSIGHTS_AAD_TENANT: is required (or the token URL)",
    );
  });

  it("SuperOffice OAuth needs a token URL when the base URL is no SuperOffice environment; numbered hosts map to theirs", () => {
    const oauth = { SUPEROFFICE_CLIENT_ID: "c", SUPEROFFICE_CLIENT_SECRET: "s1234", SUPEROFFICE_REFRESH_TOKEN: "r1234" };
    expect(configError({ ...oauth, SUPEROFFICE_BASE_URL: "https://crm.example.com/Cust1/api/v1" })).toMatch(/^SUPEROFFICE_TOKEN_URL: is required/);
    expect(() => loadConfig({ ...oauth, SUPEROFFICE_BASE_URL: "https://sod2.superoffice.com/Cust1/api/v1" })).not.toThrow();
  });

  it("a SuperOffice system user: its key loads from PEM text or a file, the app token and tenant are required or derived", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const file = join(mkdtempSync(join(tmpdir(), "gw-key-")), "app.pem");
    writeFileSync(file, privateKey);
    const base = { SUPEROFFICE_BASE_URL: "https://online.superoffice.com/Cust42/api/v1", SUPEROFFICE_SYSTEM_USER_TOKEN: "App-sys-1234", SUPEROFFICE_APP_TOKEN: "app-secret-1" };
    expect(loadConfig({ ...base, SUPEROFFICE_PRIVATE_KEY_FILE: file }).connections.SUPEROFFICE.default?.systemUser).toMatchObject({ privateKeyFile: file });
    expect(() => loadConfig({ ...base, SUPEROFFICE_PRIVATE_KEY: privateKey })).not.toThrow();
    const bad = configError({ ...base, SUPEROFFICE_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----" });
    expect(bad).toBe("SUPEROFFICE_PRIVATE_KEY: is not a readable RSA private key in PEM form");
    expect(configError({ ...base, SUPEROFFICE_APP_TOKEN: "", SUPEROFFICE_PRIVATE_KEY_FILE: file })).toMatch(/^SUPEROFFICE_APP_TOKEN: is required/);
  });

  it("a caller header must be a header name, and not a standard one", () => {
    expect(configError({ HIGHLEVEL_CALLER_HEADER: "x bad" })).toMatch(/^HIGHLEVEL_CALLER_HEADER: must be an HTTP header name/);
    expect(configError({ HIGHLEVEL_CALLER_HEADER: "Authorization" })).toBe("HIGHLEVEL_CALLER_HEADER: must not be a standard header");
    expect(loadConfig({ HIGHLEVEL_CALLER_HEADER: "X-HighLevel-Token" }).connections.HIGHLEVEL.default?.callerHeader).toBe("x-highlevel-token");
  });

  it("SANDBOX_TOKEN_TTL_S: an hour by default, whole seconds", () => {
    expect(loadConfig({}).sandboxTokenTtlSeconds).toBe(3_600);
    expect(loadConfig({ SANDBOX_TOKEN_TTL_S: "5" }).sandboxTokenTtlSeconds).toBe(5);
    expect(configError({ SANDBOX_TOKEN_TTL_S: "0" })).toMatch(/^SANDBOX_TOKEN_TTL_S: must be an integer/);
  });
});
