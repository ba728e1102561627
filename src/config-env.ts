import { ConfigError } from "./config-error.js";

/** Reading one environment variable: blank counts as unset; a bad value is a ConfigError naming the variable. */

export type Env = Record<string, string | undefined>;

/** The trimmed value; undefined when unset or blank. */
export function value(env: Env, key: string): string | undefined {
  const raw = env[key]?.trim();
  return raw ? raw : undefined;
}

export function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

export function flag(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["on", "true", "1", "yes"].includes(raw)) return true;
  if (["off", "false", "0", "no"].includes(raw)) return false;
  throw new ConfigError(key, `must be on or off${key === "SANDBOX" ? " or auto" : ""} (got "${raw}")`);
}

export function oneOf(env: Env, key: string, fallback: string, allowed: string[]): string {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(key, `must be one of ${allowed.join(", ")} (got "${raw}")`);
  return raw;
}

/** A value that must be given because another setting is (`because` names that one). */
export function required(env: Env, key: string, because: string): string {
  const given = value(env, key);
  if (given === undefined || given.replace(/[\s,]/g, "") === "") throw new ConfigError(key, `is required when ${because} is set`);
  return given;
}
