import type DataLoader from "dataloader";
import type {
  NodeEntity,
  NodeRef,
  OperationStatus,
  Page,
  Profile,
  RelationEntity,
  RelationshipInstance,
  RelationshipLink,
} from "../../domain/entities.js";
import { ValidationError, type UpstreamTarget } from "../../errors.js";
import type { HttpClient, QueryValue, UpstreamResponse } from "../../http/client.js";
import { urlPath, type RequestPath } from "../../http/path.js";
import type { PageRequest as ContractPage, VendorClient } from "../contract.js";
import { perKeyLoader, type RequestScope } from "../request-scope.js";
import type { CustomerInsightsConnection } from "./module.js";
import { decodePosition, encodePosition, pageOptions } from "./cursor.js";
import { cachedRelationshipEnds } from "./definitions.js";
import { badResponse, unexpectedStatus, writeFailure } from "../vendor-errors.js";
import { vendorMessages } from "./errors.js";
import {
  asObject,
  profileKeySegment,
  readString,
  relationshipIdOf,
  relationshipKeySegment,
  toCreateInstanceBody,
  toLinkBody,
  toProfile,
  toRelationshipEnds,
  toRelationshipInstance,
  toRelationshipLink,
  type RelationshipEnds,
} from "./map.js";
import {
  assertName,
  assertNonEmpty,
  assertPage,
  assertProfileType,
  validateCreateInstance,
  validateLinkInput,
  type CreateRelationshipInstanceInput,
  type PageRequest,
  type UpsertRelationshipLinkInput,
} from "./validate.js";
import { API_VERSION, NAME_MAX } from "./wire.js";

/** The hub's list page size. */
const HUB_PAGE_MAX = 30;

/**
 * One GraphQL request's client of one Customer Insights hub connection. Single reads go
 * through per-request loaders; relationship type definitions are cached per connection.
 */
export class CustomerInsightsClient implements VendorClient {
  private readonly target: UpstreamTarget;
  private readonly profiles: DataLoader<string, Profile | null>;
  private readonly relationships: DataLoader<string, RelationshipInstance | null>;
  private readonly links: DataLoader<string, RelationshipLink | null>;
  private readonly definitions: DataLoader<string, RelationshipEnds | null>;

  constructor(
    private readonly connection: CustomerInsightsConnection,
    private readonly http: HttpClient,
    private readonly scope: RequestScope,
  ) {
    this.target = { vendor: "CUSTOMER_INSIGHTS", connection: connection.name };
    this.profiles = perKeyLoader(scope, "ci.profile", (key) => {
      const [profileType, profileId] = JSON.parse(key) as [string, string];
      return this.fetchProfile(profileType, profileId);
    });
    this.relationships = perKeyLoader(scope, "ci.relationship", (id) => this.fetchRelationship(id));
    this.links = perKeyLoader(scope, "ci.relationshipLink", (name) => this.fetchLink(name));
    this.definitions = perKeyLoader(scope, "ci.relationshipType", (name) =>
      cachedRelationshipEnds(this.http, name, () => this.fetchRelationshipEnds(name)),
    );
  }

  // ---- mutations ----

  /** POST /data/Relationships (an upsert on the hub). Not retried: POST is not idempotent. */
  async createRelationshipInstance(input: CreateRelationshipInstanceInput): Promise<RelationshipInstance> {
    validateCreateInstance(input);
    const res = await this.call({
      method: "POST",
      path: urlPath`/data/Relationships`,
      body: toCreateInstanceBody(input),
      idempotent: false,
    });
    if (res.status !== 200 && res.status !== 201 && res.status !== 202) throw this.mutationFailure(res, "the relationship create");
    const wire = res.text.trim() ? res.json() : undefined;
    const type = typeOf(wire) || input.relationshipType;
    // The instance exists now: a failed definition lookup costs only the end refs.
    const ends = await this.relationshipEnds(type).catch(() => null);
    const status: OperationStatus = res.status === 202 ? "ACCEPTED" : "COMPLETED";
    const instance = toRelationshipInstance(this.target, wire, ends, status);
    if (!instance) throw badResponse(this.http, "accepted the relationship but its answer held no RelationshipId", res.status);
    const id = relationshipIdOf(wire)!;
    this.relationships.clear(id).prime(id, instance);
    return instance;
  }

  /** PUT /manage/model/relationshipLinks/{name}: 200 done, 202 still provisioning. */
  async upsertRelationshipLink(input: UpsertRelationshipLinkInput): Promise<{ status: OperationStatus; link: RelationshipLink }> {
    validateLinkInput(input);
    const res = await this.call({
      method: "PUT",
      path: urlPath`/manage/model/relationshipLinks/${input.name}`,
      body: toLinkBody(input, this.connection.tenantId),
      idempotent: true,
    });
    if (res.status !== 200 && res.status !== 201 && res.status !== 202) throw this.mutationFailure(res, "the relationship link upsert");
    const wire = res.text.trim() ? res.json() : undefined;
    const link = toRelationshipLink(this.target, input.name, wire, { input, tenantId: this.connection.tenantId });
    // A later read in this request must see the hub's state, not the pre-upsert one.
    this.links.clear(input.name);
    return { status: res.status === 202 ? "ACCEPTED" : "COMPLETED", link };
  }

  // ---- reads ----

  async profile(profileType: string, profileId: string): Promise<Profile | null> {
    assertProfileType(profileType, ["profileType"]);
    assertNonEmpty(profileId, ["profileId"], "profileId");
    return this.profiles.load(JSON.stringify([profileType, profileId]));
  }

  async relationship(id: string): Promise<RelationshipInstance | null> {
    assertNonEmpty(id, ["id"], "id");
    return this.relationships.load(id);
  }

  async relationshipLink(name: string): Promise<RelationshipLink | null> {
    assertName(name, ["name"], "name", NAME_MAX);
    return this.links.load(name);
  }

  /**
   * Relationship instances with the profile at either end, `first` at a time. Follows the
   * hub's nextLinks across its 30-item pages; `after` resumes right after that item.
   */
  async relationshipsOfProfile(profileType: string, profileId: string, page: PageRequest): Promise<Page<RelationshipInstance>> {
    assertProfileType(profileType, ["profileType"]);
    assertNonEmpty(profileId, ["profileId"], "profileId");
    assertPage(page);
    const resume = page.after ? decodePosition(page.after) : null;
    const result: Page<RelationshipInstance> = { items: [], cursors: [], hasNextPage: false };
    if (page.first === 0) return result;

    const listPath = urlPath`/data/${profileKeySegment(profileType, profileId)}/Relationships`;
    // $top only shrinks the first page; above the hub's page size its default is the better guess.
    let query: Array<[string, string]> = resume?.query ?? (page.first + 1 <= HUB_PAGE_MAX ? [["$top", String(page.first + 1)]] : []);
    let path: RequestPath = listPath;
    let skipThrough = resume;

    for (;;) {
      const res = await this.call({ method: "GET", path, query: toQuery(query), idempotent: true });
      if (res.status === 404) return result;
      if (res.status !== 200) throw this.unexpected(res, "a relationship list");
      const { value, nextLink } = this.readList(res);

      let start = 0;
      if (skipThrough) {
        const at = skipThrough.relationshipId ? value.findIndex((v) => relationshipIdOf(v) === skipThrough!.relationshipId) : -1;
        start = at >= 0 ? at + 1 : skipThrough.index + 1;
        skipThrough = null;
      }
      const ends = await this.endsOf(value.slice(start, start + page.first - result.items.length));
      const cursorQuery = pageOptions(query);
      let index = start;
      for (; index < value.length && result.items.length < page.first; index++) {
        const wire = value[index];
        const type = typeOf(wire);
        if (!ends.has(type)) ends.set(type, await this.relationshipEnds(type));
        const instance = toRelationshipInstance(this.target, wire, ends.get(type) ?? null, "COMPLETED");
        // An item without a RelationshipId could never be loaded again: it is left out.
        if (!instance) continue;
        const id = relationshipIdOf(wire)!;
        this.relationships.prime(id, instance);
        result.items.push(instance);
        result.cursors.push(encodePosition({ query: cursorQuery, index, relationshipId: id }));
      }

      if (result.items.length >= page.first) {
        result.hasNextPage = index < value.length || nextLink !== null;
        return result;
      }
      if (nextLink === null) return result;
      const next = this.vetNextLink(nextLink, listPath);
      path = next.path;
      query = next.query;
    }
  }

  /** Any node of this vendor the gateway issued a ref for; null for refs the hub could never hold. */
  async load(ref: NodeRef): Promise<NodeEntity | null> {
    if (ref.vendor !== "CUSTOMER_INSIGHTS" || ref.connection !== this.connection.name) return null;
    const [first, second] = ref.key;
    try {
      switch (ref.kind) {
        case "Profile":
          return first && second ? await this.profile(first, second) : null;
        case "RelationshipInstance":
          return first ? await this.relationship(first) : null;
        case "RelationshipLink":
          return first ? await this.relationshipLink(first) : null;
        default:
          return null;
      }
    } catch (error) {
      if (error instanceof ValidationError) return null;
      throw error;
    }
  }

  relationsOf(ref: NodeRef, page: ContractPage): Promise<Page<RelationEntity>> | null {
    const [profileType, profileId] = ref.key;
    if (ref.kind !== "Profile" || !profileType || !profileId) return null;
    return this.relationshipsOfProfile(profileType, profileId, page);
  }

  // ---- fetches behind the loaders ----

  private async fetchProfile(profileType: string, profileId: string): Promise<Profile | null> {
    const res = await this.call({ method: "GET", path: urlPath`/data/${profileKeySegment(profileType, profileId)}`, idempotent: true });
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.unexpected(res, "a profile read");
    const wire = res.json();
    if (!asObject(wire)) throw badResponse(this.http, "answered a profile read with a body that is not an object", res.status);
    return toProfile(this.target, profileType, profileId, wire);
  }

  private async fetchRelationship(id: string): Promise<RelationshipInstance | null> {
    const res = await this.call({ method: "GET", path: urlPath`/data/${relationshipKeySegment(id)}`, idempotent: true });
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.unexpected(res, "a relationship read");
    const wire = res.json();
    const ends = await this.relationshipEnds(typeOf(wire));
    const instance = toRelationshipInstance(this.target, wire, ends, "COMPLETED");
    if (!instance) throw badResponse(this.http, "answered a relationship read without a RelationshipId", res.status);
    return instance;
  }

  private async fetchLink(name: string): Promise<RelationshipLink | null> {
    const res = await this.call({ method: "GET", path: urlPath`/manage/model/relationshipLinks/${name}`, idempotent: true });
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.unexpected(res, "a relationship link read");
    const wire = res.json();
    if (!asObject(wire)) throw badResponse(this.http, "answered a relationship link read with a body that is not an object", res.status);
    return toRelationshipLink(this.target, name, wire);
  }

  private async fetchRelationshipEnds(name: string): Promise<RelationshipEnds | null> {
    const res = await this.call({ method: "GET", path: urlPath`/manage/model/relationships/${name}`, idempotent: true });
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.unexpected(res, "a relationship type read");
    return toRelationshipEnds(res.json());
  }

  /** End profile types of a relationship type; null for an unnamed or undefined type. */
  private relationshipEnds(type: string): Promise<RelationshipEnds | null> {
    return type ? this.definitions.load(type) : Promise.resolve(null);
  }

  private async endsOf(wires: unknown[]): Promise<Map<string, RelationshipEnds | null>> {
    const types = [...new Set(wires.map(typeOf).filter((t) => t !== ""))];
    const found = await Promise.all(types.map((t) => this.relationshipEnds(t)));
    return new Map(types.map((t, i) => [t, found[i] ?? null]));
  }

  // ---- plumbing ----

  private call(req: { method: "GET" | "POST" | "PUT"; path: RequestPath; query?: Record<string, QueryValue>; body?: unknown; idempotent: boolean }) {
    return this.http.request({
      ...req,
      query: { "api-version": API_VERSION, ...req.query },
      headers: { authorization: `Bearer ${this.connection.token}` },
      requestId: this.scope.requestId,
    });
  }

  private mutationFailure(res: UpstreamResponse, call: string) {
    return writeFailure(this.http, res, call, vendorMessages(res));
  }

  private unexpected(res: UpstreamResponse, call: string) {
    return unexpectedStatus(this.http, res, call, vendorMessages(res));
  }

  private readList(res: UpstreamResponse): { value: unknown[]; nextLink: string | null } {
    const body = asObject(res.json());
    if (!body || !Array.isArray(body.value)) throw badResponse(this.http, "answered a list without a value array", res.status);
    const nextLink = typeof body.nextLink === "string" && body.nextLink !== "" ? body.nextLink : null;
    return { value: body.value, nextLink };
  }

  /** A next link must stay on this hub's data API; anything else is refused, never followed. */
  private vetNextLink(nextLink: string, listPath: RequestPath): { path: RequestPath; query: Array<[string, string]> } {
    let url: URL;
    try {
      url = new URL(nextLink);
    } catch {
      throw badResponse(this.http, "answered a list with a nextLink that is not a URL");
    }
    const relative = this.http.owns(url) ? this.http.relativePath(url).split("?")[0]! : null;
    if (relative === null || !relative.startsWith("/data/") || url.username || url.password) {
      throw badResponse(this.http, "answered a list with a nextLink outside the hub's data API; it was not followed");
    }
    const query = [...url.searchParams.entries()].filter(([key]) => key.toLowerCase() !== "api-version");
    return { path: { path: relative, template: listPath.template }, query };
  }
}

function typeOf(wire: unknown): string {
  const record = asObject(wire);
  return (record && readString(record, "RelationshipType")) ?? "";
}

/** Query pairs as the HTTP core takes them (repeated keys become arrays). */
function toQuery(pairs: Array<[string, string]>): Record<string, QueryValue> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of pairs) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}
