import type { UpstreamResponse } from "../../http/client.js";
import { rejectionCode, VendorRejection, type UpstreamTarget } from "../../errors.js";
import { capMessage } from "../upstream-errors.js";
import { asObject } from "./map.js";

/**
 * The hub's message for a refusal: `error.message` of the Azure envelope when present,
 * else the raw text, trimmed and capped. Secrets are scrubbed in case the hub echoes them.
 */
export function hubMessages(res: UpstreamResponse, secrets: readonly string[]): string[] {
  let message: string | undefined;
  try {
    const error = asObject(asObject(JSON.parse(res.text))?.error);
    const text = error?.message;
    if (typeof text === "string" && text.trim()) message = text.trim();
  } catch {
    // Not JSON: the raw text is the message.
  }
  message ??= res.text.trim();
  for (const secret of secrets) if (secret) message = message.split(secret).join("[redacted]");
  message = capMessage(message);
  return message ? [message] : [];
}

/** A mutation the hub refused with a 4xx the HTTP core left to us (400, 404, 409, 412, 422, …). */
export function rejection(target: UpstreamTarget, res: UpstreamResponse, secrets: readonly string[]): VendorRejection {
  return new VendorRejection(target, res.status, hubMessages(res, secrets), rejectionCode(res.status));
}
