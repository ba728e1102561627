import type { RelationType } from "../domain/entities.js";
import { ValidationError } from "../errors.js";
import type { ConnectionHttp } from "./connection-http.js";
import { ConnectionCache } from "./connection-cache.js";

/**
 * A connection's relation-type catalogue (the relation types, definitions or associations a
 * create accepts). Catalogues change rarely: one read serves every request of the connection
 * (of the same tenant: a caller's catalogue is never served to another) for CATALOGUE_TTL_MS, and a request reads it at most once however many relations ask for
 * their type. A failed read is not kept (the next request tries again).
 */
export const CATALOGUE_TTL_MS = 5 * 60_000;

/** How many valid types an "unknown type" error lists. */
const LISTED_TYPES = 10;

/**
 * A fresh read before refusing an unknown type is made at most this often per connection and
 * key: a client sending unknown types cannot turn each refusal into a vendor call.
 */
export const CATALOGUE_REFRESH_MIN_MS = 10_000;

const cache = new ConnectionCache<RelationType[]>(CATALOGUE_TTL_MS);
const refreshed = new WeakMap<object, Map<string, number>>();

export class RequestCatalogue {
  private current: Promise<RelationType[]> | null = null;

  /**
   * `key` tells apart catalogues of one connection that differ by request (e.g. its language);
   * `normalise` maps a native id to the form ids compare in (e.g. lower case where the vendor's are case-insensitive).
   */
  constructor(
    private readonly http: Pick<ConnectionHttp, "tenant">,
    private readonly key: string,
    private readonly fetch: () => Promise<RelationType[]>,
    private readonly normalise: (nativeId: string) => string = (id) => id,
  ) {}

  all(): Promise<RelationType[]> {
    this.current ??= cache.get(this.http.tenant, this.key, this.fetch).then((types) => types ?? []);
    return this.current;
  }

  /** The entry with this native id; null when the catalogue has none. */
  async find(nativeId: string): Promise<RelationType | null> {
    const wanted = this.normalise(nativeId);
    return (await this.all()).find((t) => this.normalise(t.nativeId) === wanted) ?? null;
  }

  /**
   * Reads the catalogue again, past the cache (a type created at the vendor since the cached
   * read), unless that was done for this connection and key within CATALOGUE_REFRESH_MIN_MS.
   */
  refresh(now: number = Date.now()): Promise<RelationType[]> {
    let times = refreshed.get(this.http.tenant);
    if (!times) refreshed.set(this.http.tenant, (times = new Map()));
    if (now - (times.get(this.key) ?? -Infinity) < CATALOGUE_REFRESH_MIN_MS) return this.all();
    times.set(this.key, now);
    cache.delete(this.http.tenant, this.key);
    this.current = null;
    return this.all();
  }

  /**
   * The entry a create names, for checking the create against it. An id the catalogue lacks is
   * looked up once more in a fresh read before it is refused (VALIDATION on `field`, naming it and
   * up to ten valid ones; `owner` names the connection, e.g. the HttpClient's name). Null when the catalogue cannot be read: then the vendor's own check applies.
   */
  async typeForCreate(nativeId: string, field: string[], owner: string): Promise<RelationType | null> {
    let types: RelationType[];
    try {
      types = await this.all();
      if (!types.some((t) => this.normalise(t.nativeId) === this.normalise(nativeId))) types = await this.refresh();
    } catch {
      return null;
    }
    const found = types.find((t) => this.normalise(t.nativeId) === this.normalise(nativeId));
    if (found) return found;
    const listed = types.slice(0, LISTED_TYPES).map((t) => `${t.nativeId} (${t.name})`);
    const more = types.length > LISTED_TYPES ? ` and ${types.length - LISTED_TYPES} more` : "";
    throw new ValidationError(
      types.length === 0
        ? `${field.at(-1)} '${cap(nativeId)}' is not a relation type of ${owner}, which has none`
        : `${field.at(-1)} '${cap(nativeId)}' is not a relation type of ${owner}; valid: ${listed.join(", ")}${more}`,
      field,
    );
  }
}

/** An end the type does not allow: VALIDATION on `field`, naming what the type takes there. */
export function wrongEnd(field: string[], got: string, type: RelationType, end: "source" | "target", note = ""): ValidationError {
  const allowed = end === "source" ? type.sourceKinds : type.targetKinds;
  const where = end === "source" ? "first" : "second";
  const takes = allowed.length > 0 ? allowed.join(" or ") : "nothing";
  return new ValidationError(
    `${field.at(-1)} is ${got}, but relation type ${type.nativeId} (${type.name}) takes ${takes} at its ${where} end${note}`,
    field,
  );
}

/** Input echoed in messages is shortened so a huge value cannot flood logs. */
function cap(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
