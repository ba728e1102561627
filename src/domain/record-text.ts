import type { JsonObject } from "./entities.js";

/** Where an entity kept as text holds its record (a symbol, not enumerable: invisible to spreads, JSON and equality checks). */
const SOURCE = Symbol("record source");

class RecordSource {
  private parsed: JsonObject | undefined;

  constructor(
    private readonly text: string,
    private readonly pick: ((body: JsonObject) => JsonObject) | undefined,
  ) {}

  read(): JsonObject {
    if (!this.parsed) {
      const body = JSON.parse(this.text) as JsonObject;
      this.parsed = this.pick ? this.pick(body) : body;
    }
    return this.parsed;
  }
}

/** One getter for every entity, so entities of a kind keep sharing one hidden class. */
const PROPERTIES: PropertyDescriptor = {
  get(this: { [SOURCE]: RecordSource }) {
    return this[SOURCE].read();
  },
  enumerable: true,
  configurable: true,
};

/**
 * Keeps an entity's `properties` (the vendor's whole record) as the JSON text it arrived in,
 * parsed again only when read: when a client selects `properties`, or an adapter looks into
 * the record. Why: every entity a request loads lives as long as the request (its loaders
 * cache them), and a parsed record is hundreds of small objects; under load those survive
 * young-generation collections and get promoted, while one string per record is a single
 * object to copy. `text` is the response body; `pick` finds the record in it when the vendor
 * wraps it (`{ "contact": {…} }`). Only for records the wire check kept as they came.
 *
 * The entity is copied without its `properties` and the getter added as a new property:
 * turning the existing data property into an accessor would make every entity a dictionary
 * (slower to read, four times the cost to make).
 */
export function keepAsText<E extends { properties: JsonObject }>(entity: E, text: string, pick?: (body: JsonObject) => JsonObject): E {
  const { properties: _parsed, ...rest } = entity;
  Object.defineProperty(rest, SOURCE, { value: new RecordSource(text, pick) });
  return Object.defineProperty(rest, "properties", PROPERTIES) as E;
}
