import { z } from "zod";
import type { CredentialMode } from "../credentials/credential.js";
import { httpUrl, optionalText, secret } from "./settings.js";

/**
 * The credential settings every vendor's connection may carry besides its static token, and the
 * rule that a connection has exactly one credential mode (chosen by which settings are present).
 */

/** An OAuth client's refresh-token grant. */
export const oauthRefreshSettings = z
  .object({
    clientId: secret,
    clientSecret: secret,
    refreshToken: secret,
    /** Default: the vendor's token endpoint. */
    tokenUrl: httpUrl.optional(),
    redirectUri: optionalText,
  })
  .strict();

/** The incoming request header that brings the caller's own vendor credential. */
export const callerHeader = z
  .string("must be text")
  .trim()
  .regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name (letters, digits and '-')")
  .refine((name) => !["authorization", "cookie", "host", "content-type", "content-length"].includes(name.toLowerCase()), "must not be a standard header")
  .transform((name) => name.toLowerCase())
  .optional();

/** The settings that select each mode, in the order messages name them. */
export type ModeSettings = Partial<Record<CredentialMode, string>>;

/**
 * Exactly one of a connection's modes must be present: `modes` maps each mode to the setting that
 * selects it. Two present: an issue on the second naming the first (config.ts words it with env
 * var names); none: the static setting is required.
 */
export function oneCredentialMode(modes: ModeSettings) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const present = Object.entries(modes).filter(([, setting]) => value[setting!] !== undefined);
    if (present.length > 1) {
      const [first, second] = present.map(([, setting]) => setting!);
      ctx.addIssue({ code: "custom", path: [second!], message: `cannot be set together with ${first} (a connection has one credential mode)`, params: { conflict: first } });
    } else if (present.length === 0 && modes.static) {
      const others = Object.entries(modes).flatMap(([mode, setting]) => (mode === "static" ? [] : [setting]));
      ctx.addIssue({ code: "custom", path: [modes.static], message: `is required (or ${others.join(" or ")})` });
    }
  };
}

/** A connection's mode, from the settings present (after `oneCredentialMode` passed). */
export function modeOf(modes: ModeSettings, value: object): CredentialMode {
  const found = Object.entries(modes).find(([, setting]) => (value as Record<string, unknown>)[setting!] !== undefined);
  return (found?.[0] ?? "static") as CredentialMode;
}
