import type { UpstreamResponse } from "../../http/client.js";
import { ErrorWire } from "./wire.js";

/**
 * The hub's words from an error answer: `error.message` of the Azure envelope when present,
 * else the raw text. Raw: the shared error helpers (../vendor-errors.ts) redact them on the way out.
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
  const message = ErrorWire.safeParse(body).data?.error?.message?.trim();
  return [message || text];
}
