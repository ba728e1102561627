import { createHash } from "node:crypto";

/** A credential's stand-in for keys and comparisons: one-way, so a key never holds the credential itself. */
export function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 32);
}
