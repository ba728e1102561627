import { ConnectionCache } from "../connection-cache.js";
import type { RelationshipEnds } from "./map.js";

/** How long a relationship type's end profile types are trusted; definitions rarely change. */
export const DEFINITION_TTL_MS = 5 * 60_000;

const cache = new ConnectionCache<RelationshipEnds>(DEFINITION_TTL_MS);
const strongIdCache = new ConnectionCache<string[][]>(DEFINITION_TTL_MS);

/** The end profile types of relationship type `name`, fetched at most once per TTL per connection. */
export function cachedRelationshipEnds(
  tenant: object,
  name: string,
  fetch: () => Promise<RelationshipEnds | null>,
  now: number = Date.now(),
): Promise<RelationshipEnds | null> {
  // ARM resource names compare case-insensitively.
  return cache.get(tenant, name.toLowerCase(), fetch, now);
}

/** The strong ids (key property names) of profile type `name`, fetched at most once per TTL per connection. */
export function cachedStrongIds(
  tenant: object,
  name: string,
  fetch: () => Promise<string[][] | null>,
  now: number = Date.now(),
): Promise<string[][] | null> {
  return strongIdCache.get(tenant, name.toLowerCase(), fetch, now);
}
