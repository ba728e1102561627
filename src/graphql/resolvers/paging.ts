import type { Page, RelationEntity } from "../../domain/entities.js";
import { ValidationError } from "../../errors.js";
import type { RelationConnection } from "../relations/connection.js";

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first: number;
  after: string | null;
}

/**
 * Checks Relay paging arguments; `first` above the cap is an error, not a silent cut, and so is
 * 0 (a page that can hold nothing cannot move a Relay loop forward).
 */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!isPageSize(size)) {
    throw new ValidationError(`first must be between 1 and ${MAX_PAGE_SIZE} (got ${size})`, ["first"]);
  }
  return { first: size, after: after ?? null };
}

/** Whether the resolvers take `first` (the limits' estimate prices only what they take). */
export function isPageSize(first: number): boolean {
  return Number.isInteger(first) && first >= 1 && first <= MAX_PAGE_SIZE;
}

/**
 * A page as a Relay connection. Paging is forward only (`first`/`after`): a page asked for
 * `after` a cursor has that cursor's item before it, so `hasPreviousPage` is true exactly then.
 * A page without edges has no cursor to go on from, so it never says another page follows.
 */
export function toConnection(page: Page<RelationEntity>, request: PageRequest): RelationConnection {
  const edges = page.items.map((node, i) => ({ node, cursor: page.cursors[i]! }));
  return {
    edges,
    nodes: page.items,
    pageInfo: {
      hasNextPage: page.hasNextPage && edges.length > 0,
      hasPreviousPage: request.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
