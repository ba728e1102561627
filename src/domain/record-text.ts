import type { JsonObject } from "./entities.js";

/**
 * Keeps an entity's `properties` (the vendor's whole record) as the JSON text it arrived in,
 * parsed again only when read: when a client selects `properties`, or an adapter looks into
 * the record. Why: every entity a request loads lives as long as the request (its loaders
 * cache them), and a parsed record is hundreds of small objects; under load those survive
 * young-generation collections and get promoted, while one string per record is a single
 * object to copy. `text` is the response body; `pick` finds the record in it when the vendor
 * wraps it (`{ "contact": {…} }`). Only for records the wire check kept as they came.
 */
export function keepAsText<E extends { properties: JsonObject }>(entity: E, text: string, pick: (body: JsonObject) => JsonObject = (body) => body): E {
  let parsed: JsonObject | undefined;
  return Object.defineProperty(entity, "properties", {
    get: () => (parsed ??= pick(JSON.parse(text) as JsonObject)),
    enumerable: true,
    configurable: true,
  });
}
