import type { UpstreamResponse } from "../../http/client.js";
import type { VendorErrorBodies } from "../vendor-errors.js";
import type { CreateContactRelationInput } from "./validate.js";
import { ErrorWire } from "./wire.js";

/**
 * The vendor's own words from an error answer: `ErrorMessage` of its error body, else the raw
 * text. Raw: the shared error helpers (../vendor-errors.ts) redact them on the way out.
 */
/**
 * SuperOffice answers an unknown id with its error body (ErrorType SoNotFoundException, or
 * another So… exception); a route the API lacks is an HttpException, which a right base URL never meets.
 */
export function isNotFound(res: UpstreamResponse): boolean {
  try {
    const type = ErrorWire.safeParse(JSON.parse(res.text)).data?.ErrorType;
    return typeof type === "string" && type !== "" && type !== "HttpException";
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
  const parsed = ErrorWire.safeParse(body);
  return [parsed.success && parsed.data.ErrorMessage ? parsed.data.ErrorMessage : text];
}

type InputField = keyof CreateContactRelationInput;

/** The input fields that may hold the id of a record SuperOffice names by type. */
const ID_FIELDS = new Map<string, InputField[]>([
  ["contact", ["sourceContactId", "destinationContactId"]],
  ["person", ["sourcePersonId", "destinationPersonId"]],
  ["relationdefinition", ["relationDefinitionId"]],
]);

/** The carrier fields of a `POST /Relation` body (lower case) and the input fields they come from. */
const CARRIER_FIELDS = new Map<string, InputField>([
  ["sourcecontactid", "sourceContactId"],
  ["sourcepersonid", "sourcePersonId"],
  ["destinationcontactid", "destinationContactId"],
  ["destinationpersonid", "destinationPersonId"],
  ["relationdefinitionid", "relationDefinitionId"],
  ["reversed", "reversed"],
  ["comment", "comment"],
]);

/**
 * The input field a refusal of `createContactRelation` blames. SuperOffice names a record by
 * type and id ("Contact id 99999 not found"; "Person id …", "RelationDefinition id …", with or
 * without "Entity", likewise):
 * the field is the one that holds that id (the source when both ends do). A rule of the body
 * names its carrier field ("SourceContactId is mandatory"). Anything else blames no field.
 */
export function createRelationFieldOf(input: CreateContactRelationInput): (message: string) => string[] | null {
  return (message) => {
    const text = message.trim();
    const record = /^(Contact|Person|RelationDefinition)(?:Entity)? id (\d+)\b/i.exec(text);
    const field = record
      ? ID_FIELDS.get(record[1]!.toLowerCase())?.find((name) => input[name] === Number(record[2]))
      : CARRIER_FIELDS.get(/^\w+/.exec(text)?.[0].toLowerCase() ?? "");
    return field ? [field] : null;
  };
}
