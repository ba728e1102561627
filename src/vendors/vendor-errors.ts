import type { z } from "zod";
import { UpstreamError, VendorRejection, type UpstreamTarget, type UserErrorCode } from "../errors.js";
import type { UpstreamResponse } from "../http/client.js";
import { redactVendorText } from "./vendor-text.js";
import { checkerOf } from "./wire-check.js";

/**
 * The errors every adapter raises from a vendor's answer, built in one place so that one rule
 * decides what a refusal is and every vendor text passes `redactVendorText` on its way out.
 * Adapters read their vendor's error body (their errors.ts) and hand the raw texts here.
 */

/** Who answered: the connection's labels, its name for messages and the secrets to scrub. */
export interface VendorSource {
  readonly target: UpstreamTarget;
  readonly name: string;
  readonly secrets: readonly string[];
}

/**
 * Statuses with which a vendor refuses a write: reported as userErrors. (The HTTP core has
 * already turned 401, 403, 429 and 5xx into UpstreamErrors.)
 */
export const REJECTION_STATUSES: ReadonlySet<number> = new Set([400, 404, 409, 412, 422]);

/** The user-error code for a refusal status. */
export function rejectionCode(status: number): UserErrorCode {
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  return "UPSTREAM_REJECTED";
}

/** The vendor refused a write; `messages` are its raw texts (redacted here). */
export function vendorRejection(
  source: VendorSource,
  res: UpstreamResponse,
  messages: string[],
  options: { code?: UserErrorCode; field?: string[] | null } = {},
): VendorRejection {
  const texts = messages.map((m) => redactVendorText(m, source.secrets)).filter((m) => m !== "");
  return new VendorRejection(source.target, res.status, texts, options.code ?? rejectionCode(res.status), options.field ?? null);
}

/** The record a write is for is gone, as a read before the write found (404 there): NOT_FOUND, like the write's own 404. */
export function missingForWrite(source: VendorSource, message: string): VendorRejection {
  return new VendorRejection(source.target, 404, [redactVendorText(message, source.secrets)], "NOT_FOUND", null);
}

/** A write's answer that is not a success: a refusal when its status is one, else an unusable answer. */
export function writeFailure(
  source: VendorSource,
  res: UpstreamResponse,
  call: string,
  messages: string[],
  options: { code?: UserErrorCode; field?: string[] | null } = {},
): Error {
  return REJECTION_STATUSES.has(res.status) ? vendorRejection(source, res, messages, options) : unexpectedStatus(source, res, call, messages);
}

/** The vendor answered something the gateway cannot use; `what` completes "<Vendor (connection 'x')> …". */
export function badResponse(source: VendorSource, what: string, status?: number): UpstreamError {
  return new UpstreamError("UPSTREAM_BAD_RESPONSE", redactVendorText(`${source.name} ${what}`, source.secrets), source.target, status);
}

/** A status the call cannot use (a read refused with 400, a 204 where a body was due), with the vendor's words. */
export function unexpectedStatus(source: VendorSource, res: UpstreamResponse, call: string, messages: string[]): UpstreamError {
  const detail = messages.length > 0 ? `: ${messages.join("; ")}` : "";
  return badResponse(source, `answered ${call} with HTTP ${res.status}${detail}`, res.status);
}

/**
 * The JSON body checked against the vendor's wire schema; a mismatch is UPSTREAM_BAD_RESPONSE.
 * Schemas whose output is their input are checked without copying the record (./wire-check.ts).
 */
export function parseBody<S extends z.ZodType>(source: VendorSource, res: UpstreamResponse, schema: S, call: string): z.output<S> {
  const body = res.json();
  const checker = checkerOf(schema);
  const parsed = (checker ?? schema).safeParse(body);
  if (!parsed.success) throw badResponse(source, `answered ${call} with a body of unexpected shape`, res.status);
  return checker ? (body as z.output<S>) : (parsed.data as z.output<S>);
}
