import type { UpstreamResponse } from "../../http/client.js";
import { ErrorWire } from "./wire.js";

/**
 * The vendor's own words from an error answer: `ErrorMessage` of its error body, else the raw
 * text. Raw: the shared error helpers (../vendor-errors.ts) redact them on the way out.
 */
export function vendorMessages(res: UpstreamResponse): string[] {
  const text = res.text.trim();
  if (text === "") return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [text];
  }
  const parsed = ErrorWire.safeParse(body);
  return [parsed.success && parsed.data.ErrorMessage ? parsed.data.ErrorMessage : text];
}
