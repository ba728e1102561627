import { ValidationError } from "../errors.js";

/** Opaque Relay cursors: base64url JSON, so adapters can keep whatever resumes their paging. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Decodes a cursor the gateway issued; anything else is a VALIDATION error on `field`. */
export function decodeCursor(cursor: string, field: string[] = ["after"]): unknown {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("not base64url");
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new ValidationError(`'${cursor.slice(0, 40)}' is not a cursor this gateway issued`, field);
  }
}
