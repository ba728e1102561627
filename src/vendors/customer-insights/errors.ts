import { describe, type UpstreamResponse } from "../../http/client.js";
import { rejectionCode, UpstreamError, VendorRejection, type UpstreamTarget } from "../../errors.js";
import { asObject } from "./map.js";

const MESSAGE_MAX = 500;

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
  if (message.length > MESSAGE_MAX) message = `${message.slice(0, MESSAGE_MAX - 3)}...`;
  return message ? [message] : [];
}

/** A mutation the hub refused with a 4xx the HTTP core left to us (400, 404, 409, 412, 422, …). */
export function rejection(target: UpstreamTarget, res: UpstreamResponse, secrets: readonly string[]): VendorRejection {
  return new VendorRejection(target, res.status, hubMessages(res, secrets), rejectionCode(res.status));
}

/** A status a call does not expect (a read refused with 400, a 204 where a body was due, …). */
export function unexpectedStatus(
  target: UpstreamTarget,
  res: UpstreamResponse,
  secrets: readonly string[],
  call: string,
): UpstreamError {
  const [message] = hubMessages(res, secrets);
  return new UpstreamError(
    "UPSTREAM_BAD_RESPONSE",
    `${describe(target)} answered ${call} with HTTP ${res.status}${message ? `: ${message}` : ""}`,
    target,
    res.status,
  );
}

export function badResponse(target: UpstreamTarget, what: string, status?: number): UpstreamError {
  return new UpstreamError("UPSTREAM_BAD_RESPONSE", `${describe(target)} ${what}`, target, status);
}
