import type { UpstreamResponse } from "../../http/client.js";
import type { VendorErrorBodies } from "../vendor-errors.js";
import type { JsonObject } from "../../domain/entities.js";
import type { CreateRelationshipInstanceInput, StrongIdFieldMapping, UpsertRelationshipLinkInput } from "./validate.js";
import { ErrorWire } from "./wire.js";

/**
 * The hub's words from an error answer: `error.message` of the Azure envelope when present,
 * else the raw text. Raw: the shared error helpers (../vendor-errors.ts) redact them on the way out.
 */
/** The hub answers a missing instance or profile with the Azure error envelope (`{ error: { code, message } }`). */
export function isNotFound(res: UpstreamResponse): boolean {
  try {
    const error = ErrorWire.safeParse(JSON.parse(res.text)).data?.error;
    return typeof error?.code === "string" || typeof error?.message === "string";
  } catch {
    return false;
  }
}

export const vendorErrors: VendorErrorBodies = { messages: vendorMessages, isNotFound };

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

/** A refusal that says something does not exist ("… is not defined in hub …", "… was not found", "No … profile with …"). */
const MISSING = /\bnot (?:defined|found)\b|^No\b/i;

/**
 * The input field a refusal of `createRelationshipInstance` blames: the relationship type the hub
 * does not know, or the end whose profile it did not find by the strong id the mappings give
 * ("No Contact profile with ContactId='C9999'": the end whose mapped values the message names,
 * when only one end's do). Anything else blames no field.
 */
export function createInstanceFieldOf(input: CreateRelationshipInstanceInput): (message: string) => string[] | null {
  return (message) => {
    if (!MISSING.test(message)) return null;
    if (/\bprofile\b/i.test(message)) {
      const ends = (["profileStrongIdFieldMappings", "relatedProfileStrongIdFieldMappings"] as const).filter((key) =>
        namesEnd(message, input[key], input.properties),
      );
      return ends.length === 1 ? [ends[0]!] : null;
    }
    return quotes(message, input.relationshipType) ? ["relationshipType"] : null;
  };
}

/**
 * The input field a refusal of `upsertRelationshipLink` blames: the interaction type or the
 * relationship (the link's two ends) the hub does not know, named by its value in quotes.
 */
export function upsertLinkFieldOf(input: UpsertRelationshipLinkInput): (message: string) => string[] | null {
  return (message) => {
    if (!MISSING.test(message)) return null;
    const named = (["interactionType", "relationshipName"] as const).filter((key) => quotes(message, input[key]));
    return named.length === 1 ? [named[0]!] : null;
  };
}

/** Whether the message names the strong id an end's mappings give: each mapped value, in quotes. */
function namesEnd(message: string, mappings: readonly StrongIdFieldMapping[], properties: JsonObject): boolean {
  const values = mappings.map((m) => properties[m.fieldName]);
  return values.length > 0 && values.every((value) => (typeof value === "string" || typeof value === "number") && quotes(message, String(value)));
}

function quotes(message: string, value: string): boolean {
  return value !== "" && (message.includes(`'${value}'`) || message.includes(`"${value}"`));
}
