import type { UpstreamResponse } from "../../http/client.js";
import { capMessage } from "../upstream-errors.js";
import { ErrorWire } from "./wire.js";

/** The vendor's own words from an error answer: `ErrorMessage` of its error body, else the raw text. */
export function vendorMessages(res: UpstreamResponse): string[] {
  const text = res.text.trim();
  if (text === "") return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [capMessage(text)];
  }
  const parsed = ErrorWire.safeParse(body);
  if (parsed.success && parsed.data.ErrorMessage) return [parsed.data.ErrorMessage];
  return [capMessage(text)];
}
