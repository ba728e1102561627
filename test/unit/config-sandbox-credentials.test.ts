import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { configError as configErrorOf } from "../support/config-error.js";

/** SANDBOX_CREDENTIALS: which mode each sandboxed vendor's connection gets, and what stops startup naming the variable. */

/** The message of the ConfigError these settings stop startup with. */
const configError = (env: Record<string, string>): string => configErrorOf(env).message;

describe("SANDBOX_CREDENTIALS", () => {
  it("unset: static for every sandboxed vendor; none while sandboxes are off", () => {
    expect(loadConfig({}).sandboxCredentials).toEqual({ CUSTOMER_INSIGHTS: "static", SUPEROFFICE: "static", HIGHLEVEL: "static" });
    expect(loadConfig({ SANDBOX: "off" }).sandboxCredentials).toEqual({});
  });

  it("oauth is each vendor's own minted mode", () => {
    expect(loadConfig({ SANDBOX_CREDENTIALS: "oauth" }).sandboxCredentials).toEqual({
      CUSTOMER_INSIGHTS: "client-credentials",
      SUPEROFFICE: "oauth",
      HIGHLEVEL: "oauth",
    });
  });

  it("VENDOR=mode items win over the mode for every vendor, in any order, with spaces around", () => {
    expect(loadConfig({ SANDBOX_CREDENTIALS: "SUPEROFFICE = system-user, caller ,HIGHLEVEL=oauth" }).sandboxCredentials).toEqual({
      CUSTOMER_INSIGHTS: "caller",
      SUPEROFFICE: "system-user",
      HIGHLEVEL: "oauth",
    });
    expect(loadConfig({ SANDBOX_CREDENTIALS: "CUSTOMER_INSIGHTS=client-credentials" }).sandboxCredentials).toMatchObject({ CUSTOMER_INSIGHTS: "client-credentials", HIGHLEVEL: "static" });
    expect(loadConfig({ SANDBOX_CREDENTIALS: "CUSTOMER_INSIGHTS=oauth" }).sandboxCredentials).toMatchObject({ CUSTOMER_INSIGHTS: "client-credentials" });
  });

  it("a mode for every vendor leaves the vendors configured for real alone", () => {
    const config = loadConfig({ SANDBOX_CREDENTIALS: "oauth", HIGHLEVEL_TOKEN: "pit-123" });
    expect(config.sandboxCredentials).toEqual({ CUSTOMER_INSIGHTS: "client-credentials", SUPEROFFICE: "oauth" });
  });

  it.each([
    [{ SANDBOX_CREDENTIALS: "HIGHLEVEL=oauth", HIGHLEVEL_TOKEN: "pit-123" }, "SANDBOX_CREDENTIALS: names HIGHLEVEL, which is configured for real: its connection is no sandbox's"],
    [{ SANDBOX_CREDENTIALS: "HIGHLEVEL=system-user" }, "SANDBOX_CREDENTIALS: HIGHLEVEL=system-user: the HighLevel sandbox offers static, oauth, caller"],
    [{ SANDBOX_CREDENTIALS: "CUSTOMER_INSIGHTS=system-user" }, "SANDBOX_CREDENTIALS: CUSTOMER_INSIGHTS=system-user: the Customer Insights sandbox offers static, client-credentials, caller"],
    [{ SANDBOX_CREDENTIALS: "refresh" }, 'SANDBOX_CREDENTIALS: "refresh" is no mode: use static, oauth or caller, or VENDOR=mode (e.g. CUSTOMER_INSIGHTS=static)'],
    [{ SANDBOX_CREDENTIALS: "oauth,caller" }, 'SANDBOX_CREDENTIALS: names two modes for every vendor ("oauth" and "caller")'],
    [{ SANDBOX_CREDENTIALS: "HIGHLEVL=oauth" }, 'SANDBOX_CREDENTIALS: "HIGHLEVL=oauth" names no vendor: use CUSTOMER_INSIGHTS, SUPEROFFICE, HIGHLEVEL (did you mean HIGHLEVEL?)'],
    [{ SANDBOX_CREDENTIALS: "__proto__=oauth" }, 'SANDBOX_CREDENTIALS: "__proto__=oauth" names no vendor: use CUSTOMER_INSIGHTS, SUPEROFFICE, HIGHLEVEL'],
    [{ SANDBOX_CREDENTIALS: "HIGHLEVEL=oauth,HIGHLEVEL=caller" }, "SANDBOX_CREDENTIALS: names HIGHLEVEL twice"],
    [{ SANDBOX_CREDENTIALS: "oauth,,caller" }, 'SANDBOX_CREDENTIALS: "" is no mode: use static, oauth or caller, or VENDOR=mode (e.g. CUSTOMER_INSIGHTS=static)'],
    [{ SANDBOX_CREDENTIALS: "oauth", SANDBOX: "off" }, "SANDBOX_CREDENTIALS: has no effect with sandboxes off (SANDBOX=off, or NODE_ENV=production without SANDBOX=on)"],
  ])("%o stops startup: %s", (env, message) => {
    expect(configError(env)).toBe(message);
  });
});
