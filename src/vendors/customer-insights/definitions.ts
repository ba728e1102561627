import type { HttpClient } from "../../http/client.js";
import type { RelationshipEnds } from "./map.js";

/** How long a relationship type's end profile types are trusted; definitions rarely change. */
export const DEFINITION_TTL_MS = 5 * 60_000;

interface Entry {
  expires: number;
  ends: Promise<RelationshipEnds | null>;
}

// Keyed by the connection's long-lived HttpClient, so the cache outlives requests but not the connection.
const cache = new WeakMap<HttpClient, Map<string, Entry>>();

/**
 * The end profile types of relationship type `name`, fetched at most once per TTL per connection.
 * Only found definitions are kept: a missing type may be defined a moment later, and failures retry.
 */
export function cachedRelationshipEnds(
  http: HttpClient,
  name: string,
  fetch: () => Promise<RelationshipEnds | null>,
  now: number = Date.now(),
): Promise<RelationshipEnds | null> {
  let entries = cache.get(http);
  if (!entries) cache.set(http, (entries = new Map()));
  // ARM resource names compare case-insensitively.
  const key = name.toLowerCase();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.ends;
  const ends = fetch();
  const entry = { expires: now + DEFINITION_TTL_MS, ends };
  entries.set(key, entry);
  const drop = () => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  ends.then((found) => found ?? drop(), drop);
  return ends;
}
