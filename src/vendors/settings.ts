import { z } from "zod";

/** Building blocks of the vendor modules' connection settings (one schema serves file and env). */

export const httpUrl = z
  .string({ error: (issue) => (issue.input === undefined ? "is required (an http(s) URL)" : "must be an http(s) URL") })
  .trim()
  .refine((value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL")
  .transform((value) => value.replace(/\/+$/, ""));

/** A credential: required, and never repeated in a message. */
export const secret = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
  .trim()
  .min(1, "must not be empty");

/** Free text that may be left out; blank counts as left out. */
export const optionalText = z
  .string("must be text")
  .trim()
  .transform((value) => value || undefined)
  .optional();
