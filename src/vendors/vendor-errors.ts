import type { z } from "zod";
import { UpstreamError, VendorRejection, type UpstreamTarget, type UserErrorCode } from "../errors.js";
import type { UpstreamResponse } from "../http/client.js";
import { redactVendorText } from "./vendor-text.js";
import type { JsonObject } from "../domain/entities.js";
import { keepAsText } from "../domain/record-text.js";
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

/**
 * How an adapter words a refusal beyond its status: its user-error code, and the input field it
 * blames — `field` for the whole refusal, or `fieldOf` per message (read from the raw text, in
 * the adapter's errors.ts: e.g. the end whose record the vendor did not find).
 */
export interface RefusalOptions {
  code?: UserErrorCode;
  field?: string[] | null;
  fieldOf?: (message: string) => string[] | null;
}

/** The vendor refused a write; `messages` are its raw texts (redacted here, after `fieldOf` read them). */
export function vendorRejection(source: VendorSource, res: UpstreamResponse, messages: string[], options: RefusalOptions = {}): VendorRejection {
  const issues = messages
    .map((raw) => ({ text: redactVendorText(raw, source.secrets), field: options.fieldOf?.(raw) ?? options.field ?? null }))
    .filter((issue) => issue.text !== "");
  const fields = issues.map((issue) => issue.field);
  const field = options.field ?? sameField(fields);
  return new VendorRejection(source.target, res.status, issues.map((i) => i.text), options.code ?? rejectionCode(res.status), field, fields);
}

/** The field every message blames, when they all blame the same one. */
function sameField(fields: ReadonlyArray<string[] | null>): string[] | null {
  const [first] = fields;
  return first && fields.every((f) => f !== null && f.join(".") === first.join(".")) ? first : null;
}

/** The record a write is for is gone, as a read before the write found (404 there): NOT_FOUND, like the write's own 404. */
export function missingForWrite(source: VendorSource, message: string): VendorRejection {
  return new VendorRejection(source.target, 404, [redactVendorText(message, source.secrets)], "NOT_FOUND", null);
}

/**
 * A write's answer that is not a success: a refusal when its status is one (a 404 only when it
 * is the vendor's own, see found()), else an unusable answer.
 */
export function writeFailure(
  source: VendorSource,
  res: UpstreamResponse,
  call: string,
  errors: VendorErrorBodies,
  options: RefusalOptions = {},
): Error {
  if (res.status === 404 && !errors.isNotFound(res)) return notTheVendorsApi(source, res, call);
  const messages = errors.messages(res);
  return REJECTION_STATUSES.has(res.status) ? vendorRejection(source, res, messages, options) : unexpectedStatus(source, res, call, messages);
}

/** The statuses the HTTP core raises that are refusals the vendors document: it did not act on the request. */
const CORE_REFUSALS: ReadonlySet<number> = new Set([401, 403, 429]);

/**
 * A write that is not safe to repeat (a create, a delete): `send` sends it, `read` reads its
 * answer. Whether a call that got no answer may have reached the vendor is the HTTP core's to
 * say (it marks those `writeOutcome: "UNKNOWN"`). Once an answer came, the request reached the
 * vendor, so anything but a refusal the vendor documents (a VendorRejection; 401, 403 or 429)
 * leaves the write's outcome unknown: a body cut short, of the wrong shape or without the id, a
 * status the call does not expect (a redirect too). The one rule for every adapter's writes; a
 * keyed retry then reconciles.
 */
export async function sendWrite<T>(source: VendorSource, send: () => Promise<UpstreamResponse>, read: (res: UpstreamResponse) => T | Promise<T>): Promise<T> {
  let res: UpstreamResponse;
  try {
    res = await send();
  } catch (error) {
    // An answer the HTTP core turned into an error (a redirect, a 5xx) came from the vendor all the same.
    if (error instanceof UpstreamError && error.status !== undefined && !CORE_REFUSALS.has(error.status)) error.writeOutcome = "UNKNOWN";
    throw error;
  }
  try {
    return await read(res);
  } catch (error) {
    if (error instanceof VendorRejection) throw error;
    const failure = error instanceof UpstreamError ? error : badResponse(source, "answered a write with something the gateway could not read", res.status);
    failure.writeOutcome = "UNKNOWN";
    throw failure;
  }
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

/** How an adapter reads its vendor's error bodies (its errors.ts). */
export interface VendorErrorBodies {
  /** The texts of an error body (the whole text when it is not the vendor's shape). */
  messages(res: UpstreamResponse): string[];
  /** Whether a 404 is the vendor's own "no such record", as it documents it. */
  isNotFound(res: UpstreamResponse): boolean;
}

/**
 * A read's status: 200 → true, the vendor's own 404 → false (no such record), anything else
 * UPSTREAM_BAD_RESPONSE with the vendor's own words. A 404 the vendor's API would never send (an
 * HTML page, an empty body, a body of another shape, a route the API does not have) says the
 * base URL does not lead to the vendor's API: an error pointing there, never an empty answer.
 */
export function found(source: VendorSource, res: UpstreamResponse, call: string, errors: VendorErrorBodies): boolean {
  if (res.status === 404) {
    if (errors.isNotFound(res)) return false;
    throw notTheVendorsApi(source, res, call);
  }
  if (res.status !== 200) throw unexpectedStatus(source, res, call, errors.messages(res));
  return true;
}

/**
 * A probe read's answer (/ready): only a 200 proves the connection. The vendor's own 404 to a
 * path it documents for every tenant says as little as an empty tenant would: an error too.
 */
export function probed(source: VendorSource, res: UpstreamResponse, call: string, errors: VendorErrorBodies): void {
  if (!found(source, res, call, errors)) throw unexpectedStatus(source, res, call, errors.messages(res));
}

/** A 404 with no sign of the vendor's API behind it: the connection's base URL is the likely cause. */
function notTheVendorsApi(source: VendorSource, res: UpstreamResponse, call: string): UpstreamError {
  const text = res.text.trim();
  const body = text === "" ? "an empty body" : /^<(!doctype|html|\?xml)|<\/?(html|body|head)\b/i.test(text) ? "an HTML page" : "a body that is not its error shape";
  const error = badResponse(source, `answered ${call} with HTTP 404 and ${body}, not as its API answers a missing record: check the connection's base URL`, 404);
  error.hint = "BASE_URL";
  return error;
}

/**
 * The JSON body checked against the vendor's wire schema; a mismatch is UPSTREAM_BAD_RESPONSE.
 * Schemas whose output is their input are checked without copying the record (./wire-check.ts).
 */
export function parseBody<S extends z.ZodType>(source: VendorSource, res: UpstreamResponse, schema: S, call: string): z.output<S> {
  const body = res.json();
  const check = checkerOf(schema);
  if (check) {
    if (check(body)) return body as z.output<S>;
    throw badResponse(source, `answered ${call} with a body of unexpected shape`, res.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badResponse(source, `answered ${call} with a body of unexpected shape`, res.status);
  return parsed.data as z.output<S>;
}

/**
 * parseBody for one entity's GET: the record mapped, and its `properties` kept as the body's
 * text (../domain/record-text.ts), `pick` finding the record when the vendor wraps it.
 */
export function parseEntity<S extends z.ZodType, E extends { properties: JsonObject }>(
  source: VendorSource,
  res: UpstreamResponse,
  schema: S,
  call: string,
  map: (wire: z.output<S>) => E,
  pick?: (body: JsonObject) => JsonObject,
): E {
  return keepAsText(map(parseBody(source, res, schema, call)), res.text, pick);
}
