import type { UpstreamResponse } from "../../http/client.js";
import { asObject } from "./map.js";

/**
 * The hub's message for a refusal: `error.message` of the Azure envelope when present, else
 * the raw text. Raw: the shared error helpers (../vendor-errors.ts) redact it on the way out.
 */
export function hubMessages(res: UpstreamResponse): string[] {
  let message: string | undefined;
  try {
    const error = asObject(asObject(JSON.parse(res.text))?.error);
    const text = error?.message;
    if (typeof text === "string" && text.trim()) message = text.trim();
  } catch {
    // Not JSON: the raw text is the message.
  }
  message ??= res.text.trim();
  return message ? [message] : [];
}
