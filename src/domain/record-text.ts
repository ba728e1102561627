import type { JsonObject } from "./entities.js";

/**
 * Keeps an entity's `properties` (the vendor's whole record) as the JSON text it arrived in,
 * parsed again only when read: when a client selects `properties`, or an adapter looks into
 * the record. Why: every entity a request loads lives as long as the request (its loaders
 * cache them), and a parsed record is hundreds of small objects; under load those survive
 * young-generation collections and get promoted, while one string per record is a single
 * object to copy. For entities whose record was a response body on its own.
 */
export function keepAsText<E extends { properties: JsonObject }>(entity: E, text: string): E {
  let parsed: JsonObject | undefined;
  return Object.defineProperty(entity, "properties", {
    get: () => (parsed ??= JSON.parse(text) as JsonObject),
    enumerable: true,
    configurable: true,
  });
}
