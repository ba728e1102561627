import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ensureBuilt, MAIN } from "../support/dist.js";
import { runNode, waitFor, type RunningProcess } from "../support/process.js";
import { configError } from "../support/config-error.js";

/**
 * Secure by default: production with a vendor configured refuses to start open unless AUTH=off
 * says so; outside production nothing changes. And the settings' own checks.
 */

const VENDOR = { HIGHLEVEL_TOKEN: "hl-token-secret", HIGHLEVEL_LOCATION_ID: "loc1" };
const JWKS = { AUTH_JWKS_URL: "https://login.example.com/keys", AUTH_ISSUER: "https://login.example.com/", AUTH_AUDIENCE: "api://gw, gw2" };

describe("the production default", () => {
  it("refuses a vendor configured without caller authentication, naming AUTH_JWKS_URL and AUTH=off", () => {
    const error = configError({ NODE_ENV: "production", ...VENDOR });
    expect(error.message).toMatch(/^AUTH_JWKS_URL: /);
    expect(error.message).toContain("AUTH=off");
    expect(error.message).not.toContain("hl-token-secret");
  });

  it("starts open with AUTH=off, and with authentication configured", () => {
    expect(loadConfig({ NODE_ENV: "production", ...VENDOR, AUTH: "off" }).auth).toEqual({ mode: "off" });
    expect(loadConfig({ NODE_ENV: "production", ...VENDOR, ...JWKS }).auth).toMatchObject({
      mode: "jwt",
      issuer: "https://login.example.com/",
      audience: ["api://gw", "gw2"],
      algorithms: ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"],
      connectionsClaim: "connections",
    });
  });

  it("changes nothing outside production or with no vendor configured", () => {
    expect(loadConfig({ ...VENDOR }).auth).toEqual({ mode: "off" });
    expect(loadConfig({ NODE_ENV: "production" }).auth).toEqual({ mode: "off" });
  });

  it("never allows the development key pair in production", () => {
    expect(configError({ NODE_ENV: "production", AUTH_DEV: "on" }).message).toMatch(/^AUTH_DEV: .*NODE_ENV=production/);
  });
});

describe("the settings", () => {
  it.each([
    [{ AUTH: "maybe" }, /^AUTH: must be on or off/],
    [{ AUTH: "on" }, /^AUTH_JWKS_URL: is required when AUTH=on/],
    [{ AUTH: "off", ...JWKS }, /^AUTH: is off, but AUTH_JWKS_URL is set/],
    [{ ...JWKS, AUTH_ISSUER: "" }, /^AUTH_ISSUER: is required when AUTH_JWKS_URL is set/],
    [{ ...JWKS, AUTH_AUDIENCE: " , " }, /^AUTH_AUDIENCE: is required/],
    [{ ...JWKS, AUTH_JWKS_URL: "http://login.example.com/keys" }, /^AUTH_JWKS_URL: must be an https URL/],
    [{ ...JWKS, AUTH_JWKS_URL: "https://user:pw@login.example.com/keys" }, /^AUTH_JWKS_URL: .*without credentials/],
    [{ ...JWKS, AUTH_ALGORITHMS: "RS256,HS256" }, /^AUTH_ALGORITHMS: .*\(got "HS256"\)/],
    [{ ...JWKS, AUTH_ALGORITHMS: "none" }, /^AUTH_ALGORITHMS: /],
    [{ ...JWKS, AUTH_CONNECTIONS_CLAIM: "a b" }, /^AUTH_CONNECTIONS_CLAIM: /],
    [{ ...JWKS, AUTH_DEV: "on" }, /^AUTH_DEV: cannot be on together with AUTH_JWKS_URL/],
    [{ ...JWKS, AUTH_JWKS_TIMEOUT_MS: "5" }, /^AUTH_JWKS_TIMEOUT_MS: /],
  ])("%j is refused", (env, message) => {
    expect(configError(env).message).toMatch(message);
  });

  it("AUTH_ALGORITHMS narrows the list; http is accepted on loopback; the claim name is settable", () => {
    const auth = loadConfig({ ...JWKS, AUTH_ALGORITHMS: "ES256, RS256", AUTH_JWKS_URL: "http://127.0.0.1:8080/jwks", AUTH_CONNECTIONS_CLAIM: "https://example.com/connections" }).auth;
    expect(auth).toMatchObject({ algorithms: ["ES256", "RS256"], jwksUrl: new URL("http://127.0.0.1:8080/jwks"), connectionsClaim: "https://example.com/connections" });
  });
});

describe("node dist/main.js under NODE_ENV=production", () => {
  const procs: RunningProcess[] = [];
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
  });

  it("exits 1 with one line naming AUTH_JWKS_URL and AUTH=off", async () => {
    const proc = runNode([MAIN], { NODE_ENV: "production", PORT: "0", ...VENDOR });
    procs.push(proc);
    expect(await proc.exited()).toBe(1);
    const lines = proc.err().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: AUTH_JWKS_URL: .*AUTH=off/);
  });

  it("starts with AUTH=off", async () => {
    const proc = runNode([MAIN], { NODE_ENV: "production", PORT: "0", ...VENDOR, AUTH: "off" });
    procs.push(proc);
    await waitFor(() => /Gateway ready at/.exec(proc.out())?.[0]);
    expect(proc.out()).toMatch(/"level":"warn",.*Caller authentication: off \(AUTH=off\)/);
    proc.child.kill("SIGTERM");
    const [code] = (await once(proc.child, "exit")) as [number];
    expect(code).toBe(0);
  });
});

describe("--help", () => {
  it("lists the caller authentication settings", async () => {
    const { cliAction } = await import("../../src/cli.js");
    const action = await cliAction(["--help"]);
    expect(action.kind).toBe("print");
    const text = action.kind === "print" ? action.text : "";
    for (const name of ["AUTH_JWKS_URL", "AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_CONNECTIONS_CLAIM", "AUTH_ALGORITHMS", "AUTH_JWKS_TIMEOUT_MS", "AUTH=off", "AUTH_DEV"]) {
      expect(text).toContain(name);
    }
    expect(Math.max(...text.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
  });
});
