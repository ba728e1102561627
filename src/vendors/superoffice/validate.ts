import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import type { EntityKind, RelationType } from "../../domain/entities.js";
import { ValidationError } from "../../errors.js";
import { collectIssues } from "../../validation-issues.js";
import { wrongEnd } from "../catalogue.js";

/** What the gateway asks of SuperOffice, and the checks it makes before calling; field paths are relative to the input. */

export interface CreateContactRelationInput {
  sourceContactId: number;
  sourcePersonId?: number | null;
  destinationContactId: number;
  destinationPersonId?: number | null;
  relationDefinitionId: number;
  reversed?: boolean | null;
  comment?: string | null;
}

/** SuperOffice ids are int32 primary keys; 0 means "none" on the vendor side. */
const INT32_MAX = 2_147_483_647;

/**
 * `relations.relcomment` is String(254) in SuperOffice's database reference
 * (docs/en/database/tables/relations.md): longer comments cannot be stored.
 */
export const COMMENT_MAX_LENGTH = 254;

/** Largest page this adapter asks for in one call (the resolvers cap `first` lower). */
export const MAX_PAGE_SIZE = 500;

/**
 * A native id as a number, or null when it cannot name a SuperOffice record (then nothing is
 * fetched). Only the canonical spelling: "0001000" is not relation 1000, so that one record has
 * one id (and one cache key, one idempotency fingerprint).
 */
export function parseNativeId(id: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(id)) return null;
  const value = Number(id);
  return value <= INT32_MAX ? value : null;
}

/** Every SuperOffice key is one int32 id (contacts, persons, relations), written without leading zeros. */
export function validateKey(_kind: EntityKind, key: readonly string[]): void {
  const id = key[0] ?? "";
  if (key.length !== 1 || parseNativeId(id) === null) {
    const zeros = /^0+[1-9]\d*$/.test(id) ? " without leading zeros" : "";
    throw new ValidationError(`id must be a positive SuperOffice id${zeros} (got "${id.length > 20 ? `${id.slice(0, 17)}...` : id}")`, ["id"]);
  }
}

/** Every field of a create checked in one pass: a VALIDATION error naming each bad one. */
export function validateCreateContactRelation(input: CreateContactRelationInput): void {
  collectIssues((issues) => {
    issues.check(() => requiredId(input.sourceContactId, "sourceContactId"));
    issues.check(() => optionalId(input.sourcePersonId, "sourcePersonId"));
    issues.check(() => requiredId(input.destinationContactId, "destinationContactId"));
    issues.check(() => optionalId(input.destinationPersonId, "destinationPersonId"));
    issues.check(() => requiredId(input.relationDefinitionId, "relationDefinitionId"));
    issues.check(() => checkReversed(input.reversed));
    issues.check(() => checkComment(input.comment));
  });
}

function checkReversed(reversed: unknown): void {
  if (reversed !== undefined && reversed !== null && typeof reversed !== "boolean") {
    throw new ValidationError("reversed must be true or false", ["reversed"]);
  }
}

function checkComment(comment: unknown): void {
  if (comment === undefined || comment === null) return;
  if (typeof comment !== "string") throw new ValidationError("comment must be a string", ["comment"]);
  if (comment.length > COMMENT_MAX_LENGTH) {
    throw new ValidationError(`comment is ${comment.length} characters; SuperOffice stores at most ${COMMENT_MAX_LENGTH}`, ["comment"]);
  }
}

/**
 * A create's ends against its definition (a catalogue entry): an end with a person where the
 * definition takes only companies there, or the reverse, is refused. With `reversed` the
 * relation's source stands at the definition's second end and its destination at the first
 * ("Is direction reversed relative to definition").
 */
export function checkContactRelationEnds(type: RelationType, input: CreateContactRelationInput): void {
  const reversed = input.reversed === true;
  const ends = [
    { person: input.sourcePersonId, field: "sourcePersonId", end: reversed ? "target" : "source" },
    { person: input.destinationPersonId, field: "destinationPersonId", end: reversed ? "source" : "target" },
  ] as const;
  collectIssues((issues) => {
    for (const { person, field, end } of ends) {
      const kind = person ? "PERSON" : "CONTACT";
      const allowed = end === "source" ? type.sourceKinds : type.targetKinds;
      if (allowed.includes(kind)) continue;
      const got = person ? `a person (${person})` : "empty (the company itself)";
      issues.add(wrongEnd([field], got, type, end, reversed ? " (the relation is reversed)" : ""));
    }
  });
}

/** A relation id to delete: a positive int32, else a VALIDATION error on `id`. */
export function validateRelationId(relationId: number): number {
  const id = Number.isInteger(relationId) ? parseNativeId(String(relationId)) : null;
  if (id === null) throw new ValidationError(`id must be a positive SuperOffice id (got ${relationId})`, ["id"]);
  return id;
}

/**
 * `first`/`after` as a keyset window over the archive ordered by relationId: the cursor holds the
 * relationId of the item it marks, and the next page is `relationId gt` it, so a relation deleted
 * or added before that point neither skips nor repeats one after it (an offset would).
 */
export function pageWindow(page: { first: number; after?: string | null }): { afterId: number | null; size: number } {
  if (!Number.isInteger(page.first) || page.first < 0 || page.first > MAX_PAGE_SIZE) {
    throw new ValidationError(`first must be an integer from 0 to ${MAX_PAGE_SIZE}`, ["first"]);
  }
  if (page.after === undefined || page.after === null) return { afterId: null, size: page.first };
  const afterId = (decodeCursor(page.after, ["after"]) as { relationId?: unknown } | null)?.relationId;
  if (typeof afterId !== "number" || !Number.isInteger(afterId) || afterId <= 0 || afterId > INT32_MAX) {
    throw new ValidationError("after is not a cursor of this list", ["after"]);
  }
  return { afterId, size: page.first };
}

/** The cursor of a listed relation (see pageWindow). */
export function relationCursor(relationId: number): string {
  return encodeCursor({ relationId });
}

function requiredId(value: unknown, field: string): void {
  if (value === undefined || value === null) throw new ValidationError(`${field} is required`, [field]);
  checkId(value, field);
}

/** A person end is optional: null means the relation is with the company itself. */
function optionalId(value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  checkId(value, field, "; leave it null for the company itself");
}

function checkId(value: unknown, field: string, hint = ""): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > INT32_MAX) {
    throw new ValidationError(`${field} must be a positive SuperOffice id (got ${String(value)})${hint}`, [field]);
  }
}
