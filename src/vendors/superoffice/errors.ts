import type { UpstreamResponse } from "../../http/client.js";
import { ErrorWire } from "./wire.js";

/** Longest raw (non-JSON) error text repeated to clients; HTML error pages can be huge. */
const RAW_TEXT_LIMIT = 500;

/** The vendor's own words from an error answer: `ErrorMessage` of its error body, else the raw text. */
export function vendorMessages(res: UpstreamResponse): string[] {
  const text = res.text.trim();
  if (text === "") return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [text.slice(0, RAW_TEXT_LIMIT)];
  }
  const parsed = ErrorWire.safeParse(body);
  if (parsed.success && parsed.data.ErrorMessage) return [parsed.data.ErrorMessage];
  return [text.slice(0, RAW_TEXT_LIMIT)];
}
