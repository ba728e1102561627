import { decodeCursor } from "../../domain/cursor.js";
import type { EntityKind } from "../../domain/entities.js";
import { ValidationError } from "../../errors.js";
import { collectIssues } from "../../validation-issues.js";
import { checkNativeText } from "../native-id.js";
import type { CreateRelationBody } from "./wire.js";

/** Gateway-side checks of HighLevel input: what fails here never reaches the vendor. */

const MAX_ID_LENGTH = 256;
const MAX_PAGE_SIZE = 100;

/** A vendor id: non-blank, no whitespace, slashes or control characters (HighLevel ids never hold them). */
export function checkId(value: unknown, field: string[]): string {
  const id = checkNativeText(value, field, MAX_ID_LENGTH);
  if (/[\s/\\]/.test(id)) throw new ValidationError(`${field.at(-1) ?? "id"} must not contain whitespace or slashes`, field);
  return id;
}

/** An object key like `contact`, `business`, `pets` or `custom_objects.pets`. */
export function checkObjectKey(value: unknown, field: string[] = ["objectKey"]): string {
  const key = checkId(value, field);
  if (!/^[A-Za-z0-9_.-]+$/.test(key)) {
    throw new ValidationError("objectKey may hold only letters, digits, '_', '-' and '.'", field);
  }
  return key;
}

/** Contact: [id]; Record: [objectKey, id]; AssociationRelation: [relationId, a record at one end]. */
export function validateKey(kind: EntityKind, key: readonly string[]): void {
  if (kind === "Record") {
    checkObjectKey(key[0], ["objectKey"]);
    checkId(key[1], ["id"]);
  } else if (kind === "AssociationRelation") {
    checkId(key[0], ["relationId"]);
    checkId(key[1], ["recordId"]);
  } else {
    checkId(key[0], ["id"]);
  }
}

/** Whether `key` could name a `kind` record here: for refs that reach a client without the registry's check. */
export function isValidKey(kind: EntityKind, key: readonly string[]): boolean {
  try {
    validateKey(kind, key);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}

export interface CreateRelationInput {
  locationId?: string | null;
  associationId: string;
  firstRecordId: string;
  secondRecordId: string;
}

/** The fields of a create the vendor's refusals may name (its messages start with the field). */
export const CREATE_RELATION_FIELDS = ["locationId", "associationId", "firstRecordId", "secondRecordId"] as const;

/**
 * The POST body, with the connection's location when the input names none; every field checked
 * in one pass (a VALIDATION error naming each bad one). Without a known connection
 * (`connectionLocationId` null) the input's own location is checked only when it names one.
 */
export function checkCreateRelation(input: CreateRelationInput, connectionLocationId: string | undefined | null): CreateRelationBody {
  return collectIssues((issues) => ({
    locationId: issues.check(() => checkLocation(input.locationId, connectionLocationId)) ?? "",
    associationId: issues.check(() => checkId(input.associationId, ["associationId"])) ?? "",
    firstRecordId: issues.check(() => checkId(input.firstRecordId, ["firstRecordId"])) ?? "",
    secondRecordId: issues.check(() => checkId(input.secondRecordId, ["secondRecordId"])) ?? "",
  }));
}

function checkLocation(locationId: string | null | undefined, connectionLocationId: string | undefined | null): string {
  if (connectionLocationId === null && (locationId === undefined || locationId === null)) return "";
  const location = locationId ?? connectionLocationId;
  if (location === undefined || location === null || location === "") {
    throw new ValidationError("locationId is required: the connection has no default location", ["locationId"]);
  }
  return checkId(location, ["locationId"]);
}

export interface PageInput {
  first: number;
  after?: string | null;
}

/** skip/limit for a Relay page: the cursor holds the skip to resume from. */
export function checkPage(page: PageInput): { skip: number; first: number } {
  if (!Number.isInteger(page.first) || page.first < 0 || page.first > MAX_PAGE_SIZE) {
    throw new ValidationError(`first must be between 0 and ${MAX_PAGE_SIZE}`, ["first"]);
  }
  if (page.after === undefined || page.after === null) return { skip: 0, first: page.first };
  const decoded = decodeCursor(page.after, ["after"]);
  const skip = (decoded as { skip?: unknown } | null)?.skip;
  if (typeof skip !== "number" || !Number.isInteger(skip) || skip < 0) {
    throw new ValidationError("after is not a cursor of this list", ["after"]);
  }
  return { skip, first: page.first };
}
