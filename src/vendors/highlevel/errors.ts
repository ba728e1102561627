import type { UserErrorCode } from "../../errors.js";
import type { UpstreamResponse } from "../../http/client.js";
import type { VendorErrorBodies } from "../vendor-errors.js";
import { CREATE_RELATION_FIELDS } from "./validate.js";
import { ErrorBodyWire, type CreateRelationBody } from "./wire.js";

/**
 * The vendor's own words from an error answer: `message` (a string on 400, a list on 422),
 * else `error`, else the raw text of a body that is not HighLevel's error JSON (an HTML page
 * from a proxy, say). Raw: ../vendor-errors.ts redacts them on the way out.
 */
/**
 * HighLevel's NotFoundDTO (`{ statusCode: 404, message }`); "Cannot GET /path" is its framework's
 * answer for a route it does not have, which a right base URL never meets.
 */
export function isNotFound(res: UpstreamResponse): boolean {
  const body = errorBody(res.text.trim());
  if (!body || (body.statusCode === undefined && body.message === undefined)) return false;
  const message = Array.isArray(body.message) ? body.message.join(" ") : (body.message ?? "");
  return !/^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \//.test(message);
}

export const vendorErrors: VendorErrorBodies = { messages: vendorMessages, isNotFound };

export function vendorMessages(res: UpstreamResponse): string[] {
  const text = res.text.trim();
  if (text === "") return [];
  const body = errorBody(text);
  if (!body) return [text];
  const message = body.message;
  const messages = (Array.isArray(message) ? message : message ? [message] : []).filter((m) => m.trim() !== "");
  if (messages.length > 0) return messages;
  return body.error ? [body.error] : [];
}

/** HighLevel answers a repeated pair with 400 and this wording, not 409. */
export function isDuplicateRelation(messages: string[]): boolean {
  return messages.some((m) => /duplicate relation/i.test(m));
}

/** The input field a refusal names: when its every message starts with the same one. */
export function blamedField(messages: string[], fields: readonly string[]): string[] | null {
  if (messages.length === 0) return null;
  const field = fields.find((name) => messages.every((m) => m.startsWith(`${name} `)));
  return field ? [field] : null;
}

/** The code and field of a refused write; `fields` are the input fields a message may name. */
export function refusal(messages: string[], fields: readonly string[] = []): { code?: UserErrorCode; field: string[] | null } {
  return { code: isDuplicateRelation(messages) ? "CONFLICT" : undefined, field: blamedField(messages, fields) };
}

/**
 * The input field one message of a refused create blames: the field it starts with (a DTO rule,
 * "firstRecordId … is not a record of contact"), else, for a record the vendor did not find
 * ("Association with id … not found", "Contact with id … not found"), the one field whose value
 * it names. Anything else (a duplicate pair names the association too) blames no field.
 */
export function createRelationFieldOf(body: CreateRelationBody): (message: string) => string[] | null {
  return (message) => {
    const named = CREATE_RELATION_FIELDS.find((name) => message.startsWith(`${name} `));
    if (named) return [named];
    if (!/\bnot found\b/i.test(message)) return null;
    const holding = CREATE_RELATION_FIELDS.filter((name) => body[name] !== "" && namesValue(message, body[name]));
    return holding.length === 1 ? [holding[0]!] : null;
  };
}

/** Whether `message` holds `value` as a word of its own (not inside a longer id). */
function namesValue(message: string, value: string): boolean {
  let at = message.indexOf(value);
  while (at !== -1) {
    const before = message[at - 1] ?? " ";
    const after = message[at + value.length] ?? " ";
    if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) return true;
    at = message.indexOf(value, at + 1);
  }
  return false;
}

function errorBody(text: string): ErrorBodyWire | null {
  try {
    const parsed = ErrorBodyWire.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
