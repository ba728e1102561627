import { ConfigError, loadConfig } from "../../src/config.js";

/** The ConfigError loadConfig throws for these settings; fails the test when it accepts them. */
export function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError: loadConfig accepted the settings");
}
