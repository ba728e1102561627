import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import { ValidationError } from "../../errors.js";

/**
 * Where an item sat in the hub's paging: the OData options of its page (`$top`, `$skiptoken`, …),
 * its index there and its RelationshipId. Resuming re-reads that page and continues after the item.
 */
export interface ListPosition {
  query: Array<[string, string]>;
  index: number;
  relationshipId: string | null;
}

// Only OData system options travel in a cursor: a forged one cannot add other parameters.
const ODATA_OPTION = /^\$[A-Za-z]+$/;

export function encodePosition(position: ListPosition): string {
  return encodeCursor({ q: position.query, i: position.index, id: position.relationshipId });
}

export function decodePosition(cursor: string, field: string[] = ["after"]): ListPosition {
  const value = decodeCursor(cursor, field) as { q?: unknown; i?: unknown; id?: unknown } | null;
  const query = value?.q;
  const index = value?.i;
  const id = value?.id;
  const validQuery =
    Array.isArray(query) &&
    query.every(
      (pair): pair is [string, string] =>
        Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && ODATA_OPTION.test(pair[0]) && typeof pair[1] === "string",
    );
  if (!validQuery || !Number.isInteger(index) || (index as number) < 0 || (id !== null && typeof id !== "string")) {
    throw new ValidationError(`'${cursor.slice(0, 40)}' is not a cursor of this list`, field);
  }
  return { query, index: index as number, relationshipId: id };
}

/** The OData options of a page's query (what a cursor keeps to re-read that page). */
export function pageOptions(query: Iterable<[string, string]>): Array<[string, string]> {
  return [...query].filter(([key]) => ODATA_OPTION.test(key));
}
