import type { z } from "zod";
import { UpstreamError, type UpstreamTarget } from "../errors.js";
import { describe, type UpstreamResponse } from "../http/client.js";

/** Vendor text repeated to clients is capped: an HTML error page can be huge. */
const MESSAGE_MAX = 500;

export function capMessage(text: string): string {
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX - 3)}...` : text;
}

/** The vendor answered something the gateway cannot use; `what` completes "<Vendor (connection 'x')> …". */
export function badResponse(target: UpstreamTarget, what: string, status?: number): UpstreamError {
  return new UpstreamError("UPSTREAM_BAD_RESPONSE", capMessage(`${describe(target)} ${what}`), target, status);
}

/** A status the call cannot use (a read refused with 400, a 204 where a body was due), with the vendor's words. */
export function unexpectedStatus(target: UpstreamTarget, res: UpstreamResponse, call: string, messages: string[]): UpstreamError {
  const detail = messages.length > 0 ? `: ${messages.join("; ")}` : "";
  return badResponse(target, `answered ${call} with HTTP ${res.status}${detail}`, res.status);
}

/** The JSON body checked against the vendor's wire schema; a mismatch is UPSTREAM_BAD_RESPONSE. */
export function parseBody<S extends z.ZodType>(target: UpstreamTarget, res: UpstreamResponse, schema: S, call: string): z.output<S> {
  const parsed = schema.safeParse(res.json());
  if (!parsed.success) throw badResponse(target, `answered ${call} with a body of unexpected shape`, res.status);
  return parsed.data;
}
