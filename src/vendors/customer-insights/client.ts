import type DataLoader from "dataloader";
import type { z } from "zod";
import type {
  NodeEntity,
  NodeRef,
  OperationStatus,
  Page,
  Profile,
  RelationEntity,
  RelationshipInstance,
  RelationshipLink,
  RelationType,
} from "../../domain/entities.js";
import type { QueryValue, UpstreamRequest, UpstreamResponse } from "../../http/client.js";
import { urlPath, type RequestPath } from "../../http/path.js";
import { ValidationIssues } from "../../validation-issues.js";
import { RequestCatalogue, wrongEnd } from "../catalogue.js";
import type { ConnectionHttp } from "../connection-http.js";
import type { PageRequest as ContractPage, VendorClient } from "../contract.js";
import { perKeyLoader, scopedRequest, type RequestScope } from "../request-scope.js";
import { badResponse, found, missingForWrite, parseBody, probed, sendWrite, writeFailure } from "../vendor-errors.js";
import { decodePosition, encodePosition, pageOptions } from "./cursor.js";
import { cachedRelationshipEnds, cachedStrongIds } from "./definitions.js";
import { createInstanceFieldOf, upsertLinkFieldOf, vendorErrors } from "./errors.js";
import {
  profileKeySegment,
  relationshipKeySegment,
  toCreateInstanceBody,
  toLinkBody,
  toProfile,
  toRelationshipEnds,
  toDeleteInstanceBody,
  toRelationshipInstance,
  toRelationshipLink,
  toRelationType,
  toStrongIds,
  type EndKeys,
  type RelationshipEnds,
} from "./map.js";
import type { CustomerInsightsConnection } from "./module.js";
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
import {
  API_VERSION,
  NAME_MAX,
  ProfileTypeWire,
  ProfileWire,
  RelationshipDefinitionWire,
  RelationshipInstanceWire,
  RelationshipLinkWire,
  RelationshipListWire,
  RelationshipTypeListWire,
} from "./wire.js";

/** The hub's list page size. */
const HUB_PAGE_MAX = 30;
/** Pages of relationship types the catalogue follows at most (30 a page). */
/** Most pages one catalogue read makes (the cost estimate counts them). */
export const CATALOGUE_MAX_PAGES = 20;

/**
 * Most hub pages one list read follows: enough for `first` items at the hub's page size, plus
 * one for a resumed cursor's page (re-read from its start) or a short page. The request's page
 * size bounds the paging, never the hub's next links (a self-referencing one ends here).
 */
export function maxListPages(first: number): number {
  return first <= 0 ? 0 : Math.ceil(first / HUB_PAGE_MAX) + 1;
}

/**
 * One GraphQL request's client of one Customer Insights hub connection. Single reads go
 * through per-request loaders; relationship type definitions are cached per connection.
 */
export class CustomerInsightsClient implements VendorClient {
  private readonly profiles: DataLoader<string, Profile | null>;
  private readonly relationships: DataLoader<string, RelationshipInstance | null>;
  private readonly links: DataLoader<string, RelationshipLink | null>;
  private readonly definitions: DataLoader<string, RelationshipEnds | null>;
  private readonly strongIds: DataLoader<string, string[][] | null>;
  private readonly catalogue: RequestCatalogue;

  /** The same for every call of the request but deletes: built once (the HTTP core merges it once too). */
  private readonly callHeaders: Record<string, string>;

  constructor(
    private readonly connection: CustomerInsightsConnection,
    private readonly http: ConnectionHttp,
    private readonly scope: RequestScope,
  ) {
    // The credential's Authorization is added per call by the connection's ConnectionHttp.
    this.callHeaders = {};
    this.profiles = perKeyLoader(scope, "ci.profile", (key) => {
      const [profileType, profileId] = JSON.parse(key) as [string, string];
      return this.fetchProfile(profileType, profileId);
    });
    this.relationships = perKeyLoader(scope, "ci.relationship", (id) => this.fetchRelationship(id));
    this.links = perKeyLoader(scope, "ci.relationshipLink", (name) => this.fetchLink(name));
    this.definitions = perKeyLoader(scope, "ci.relationshipType", (name) =>
      cachedRelationshipEnds(this.http.tenant, name, () => this.fetchRelationshipEnds(name)),
    );
    this.strongIds = perKeyLoader(scope, "ci.profileType", (name) => cachedStrongIds(this.http.tenant, name, () => this.fetchStrongIds(name)));
    // ARM resource names compare case-insensitively.
    this.catalogue = new RequestCatalogue(http, "catalogue", () => this.fetchCatalogue(), (name) => name.toLowerCase());
  }

  // ---- mutations ----

  /** POST /data/Relationships (an upsert on the hub). Not retried: POST is not idempotent. */
  async createRelationshipInstance(input: CreateRelationshipInstanceInput): Promise<RelationshipInstance> {
    validateCreateInstance(input);
    const call = "the relationship create";
    const send = () => this.send({ method: "POST", path: urlPath`/data/Relationships`, body: toCreateInstanceBody(input), idempotent: false });
    return sendWrite(this.http, send, async (res) => {
      if (!isSuccess(res)) throw writeFailure(this.http, res, call, vendorErrors, { fieldOf: createInstanceFieldOf(input) });
      const wire = res.text.trim() ? parseBody(this.http, res, RelationshipInstanceWire, call) : null;
      // The instance exists now: a failed definition lookup costs only the end refs.
      const ends = await this.relationshipEnds(typeOf(wire) || input.relationshipType).catch(() => null);
      const instance = wire && toRelationshipInstance(this.connection.name, wire, ends, statusOf(res));
      const id = wire?.RelationshipId;
      if (!instance || !id) throw badResponse(this.http, "accepted the relationship but its answer held no RelationshipId", res.status);
      this.relationships.clear(id).prime(id, instance);
      return instance;
    });
  }

  /**
   * The checks of a create that need the catalogue, made before it is sent: the input's own
   * rules, the relationship type exists in the hub, and each mapping names a strong-id key of
   * the profile type the type takes at that end (profile type definitions, cached). What cannot
   * be read leaves the check to the hub's own.
   */
  async checkCreateRelationshipInstance(input: CreateRelationshipInstanceInput): Promise<void> {
    validateCreateInstance(input);
    const type = await this.catalogue.typeForCreate(input.relationshipType, ["relationshipType"], this.http.name);
    if (!type) return;
    const ends = [
      { key: "profileStrongIdFieldMappings", mappings: input.profileStrongIdFieldMappings, profileType: type.sourceKinds[0], end: "source" },
      { key: "relatedProfileStrongIdFieldMappings", mappings: input.relatedProfileStrongIdFieldMappings, profileType: type.targetKinds[0], end: "target" },
    ] as const;
    const issues = new ValidationIssues();
    for (const { key, mappings, profileType, end } of ends) {
      const strongIds = profileType ? await this.strongIds.load(profileType).catch(() => null) : null;
      if (!strongIds) continue;
      const keys = strongIds.flat();
      mappings.forEach((mapping, i) => {
        if (keys.includes(mapping.strongIdKeyProperty)) return;
        const got = `'${mapping.strongIdKeyProperty}', no strong id key of profile type ${profileType}`;
        issues.add(wrongEnd([key, String(i), "strongIdKeyProperty"], got, type, end));
      });
    }
    issues.throwIfAny();
  }

  /**
   * Deletes an instance: POST /data/Relationships with `X-HTTP-Method: DELETE` and the body of
   * a create (type, strong-id mappings, the mapped values). The id alone does not address it,
   * so the instance is read first, then its ends' profiles and their types' strong ids (cached)
   * tell which of its fields hold their keys. Sent once: a repeat after a delete answers 404.
   */
  async deleteRelationshipInstance(id: string): Promise<void> {
    assertNonEmpty(id, ["id"], "id");
    const instance = await this.relationship(id);
    if (!instance) throw missingForWrite(this.http, `${this.http.name} has no relationship instance '${id}'`);
    const cannot = (why: string) => badResponse(this.http, `holds relationship instance '${id}' in a form the gateway cannot delete: ${why}`);
    if (!instance.sourceRef || !instance.targetRef) throw cannot("its type names no profile types");
    const [source, target] = await Promise.all([this.endKeys(instance.sourceRef), this.endKeys(instance.targetRef)]);
    if (!source || !target) throw cannot("a profile at its ends, or its profile type, cannot be read");
    const body = toDeleteInstanceBody(instance.relationshipType, instance.properties, source, target);
    if (!body) throw cannot("no field holds a strong id of a profile at its ends");
    const call = "the relationship delete";
    const send = () => this.send({ method: "POST", path: urlPath`/data/Relationships`, headers: { "x-http-method": "DELETE" }, body, idempotent: false });
    await sendWrite(this.http, send, (res) => {
      this.relationships.clear(id);
      if (res.status !== 200 && res.status !== 204) throw writeFailure(this.http, res, call, vendorErrors);
    });
  }

  /** PUT /manage/model/relationshipLinks/{name}: 200 done, 202 still provisioning. */
  async upsertRelationshipLink(input: UpsertRelationshipLinkInput): Promise<{ status: OperationStatus; link: RelationshipLink }> {
    validateLinkInput(input);
    const res = await this.send({
      method: "PUT",
      path: urlPath`/manage/model/relationshipLinks/${input.name}`,
      body: toLinkBody(input, this.connection.tenantId),
      idempotent: true,
    });
    if (!isSuccess(res)) throw writeFailure(this.http, res, "the relationship link upsert", vendorErrors, { fieldOf: upsertLinkFieldOf(input) });
    // The answer only adds to the input: without one that reads as a resource, the input is the link.
    const wire = res.text.trim() ? (RelationshipLinkWire.safeParse(res.json()).data ?? null) : null;
    const link = toRelationshipLink(this.connection.name, wire, input.name, { input, tenantId: this.connection.tenantId });
    // A later read in this request must see the hub's state, not the pre-upsert one.
    this.links.clear(input.name);
    return { status: statusOf(res), link };
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

  /** The first page of the hub's relationship types (`GET /manage/model/relationships`, what the catalogue reads). */
  async probe(): Promise<void> {
    const call = "the relationship type list";
    const res = await this.send({ method: "GET", path: urlPath`/manage/model/relationships`, idempotent: true });
    probed(this.http, res, call, vendorErrors);
    parseBody(this.http, res, RelationshipTypeListWire, call);
  }

  /** The hub's relationship types (cached; see ../catalogue.ts). */
  relationTypes(): Promise<RelationType[]> {
    return this.catalogue.all();
  }

  relationType(name: string): Promise<RelationType | null> {
    assertName(name, ["id"], "id", NAME_MAX);
    return this.catalogue.find(name);
  }

  async relationshipLink(name: string): Promise<RelationshipLink | null> {
    assertName(name, ["name"], "name", NAME_MAX);
    return this.links.load(name);
  }

  /**
   * Relationship instances with the profile at either end, `first` at a time. Follows the
   * hub's nextLinks across its 30-item pages, at most `maxListPages(first)` of them; `after`
   * resumes right after that item.
   */
  async relationshipsOfProfile(profileType: string, profileId: string, page: PageRequest): Promise<Page<RelationshipInstance>> {
    assertProfileType(profileType, ["profileType"]);
    assertNonEmpty(profileId, ["profileId"], "profileId");
    assertPage(page);
    const resume = page.after ? decodePosition(page.after) : null;
    if (page.first === 0) {
      // Relay's hasNextPage holds for an empty page too: whether any item follows, learnt from one.
      const probe = await this.relationshipsOfProfile(profileType, profileId, { first: 1, after: page.after });
      return { items: [], cursors: [], hasNextPage: probe.items.length > 0 };
    }
    const result: Page<RelationshipInstance> = { items: [], cursors: [], hasNextPage: false };

    const call = "a relationship list";
    const listPath = urlPath`/data/${profileKeySegment(profileType, profileId)}/Relationships`;
    // $top only shrinks the first page; above the hub's page size its default is the better guess. A resumed
    // page is re-read from the same start with a $top of our choosing (a cursor's own could be 1), so the
    // page bound holds; positions within it do not move.
    let query = resume ? withTop(resume.query, resume.index + page.first + 2) : withTop([], page.first + 1);
    let path: RequestPath = listPath;
    let skipThrough = resume;

    for (let pages = 1; ; pages++) {
      const res = await this.send({ method: "GET", path, query: toQuery(query), idempotent: true });
      if (!found(this.http, res, call, vendorErrors)) return result;
      const { value, nextLink } = parseBody(this.http, res, RelationshipListWire, call);

      let start = 0;
      if (skipThrough) {
        const id = skipThrough.relationshipId;
        const at = id ? value.findIndex((wire) => wire?.RelationshipId === id) : -1;
        start = at >= 0 ? at + 1 : skipThrough.index + 1;
        skipThrough = null;
      }
      const ends = await this.endsOf(value.slice(start, start + page.first - result.items.length));
      const cursorQuery = pageOptions(query);
      let index = start;
      for (; index < value.length && result.items.length < page.first; index++) {
        const wire = value[index];
        // An item that is no instance, or has no RelationshipId, could never be loaded again: it is left out.
        if (!wire) continue;
        const type = typeOf(wire);
        if (!ends.has(type)) ends.set(type, await this.relationshipEnds(type));
        const instance = toRelationshipInstance(this.connection.name, wire, ends.get(type) ?? null, "COMPLETED");
        const id = wire.RelationshipId;
        if (!instance || !id) continue;
        this.relationships.prime(id, instance);
        result.items.push(instance);
        result.cursors.push(encodePosition({ query: cursorQuery, index, relationshipId: id }));
      }

      if (result.items.length >= page.first || pages >= maxListPages(page.first)) {
        result.hasNextPage = index < value.length || !!nextLink;
        // Short of `first` at the page bound, the client goes on from the last cursor; with none, the hub's paging is broken.
        if (result.items.length === 0 && result.hasNextPage) {
          throw badResponse(this.http, `answered ${pages} list pages without items and kept linking to more; they were not followed`);
        }
        return result;
      }
      if (!nextLink) return result;
      const next = this.vetNextLink(nextLink, listPath);
      path = next.path;
      query = next.query;
    }
  }

  /** Any node of this connection by ref (its key already passed `validateKey`); null for refs of other vendors, connections or kinds. */
  load(ref: NodeRef): Promise<NodeEntity | null> {
    if (ref.vendor !== "CUSTOMER_INSIGHTS" || ref.connection !== this.connection.name) return Promise.resolve(null);
    const [first = "", second = ""] = ref.key;
    switch (ref.kind) {
      case "Profile":
        return this.profile(first, second);
      case "RelationshipInstance":
        return this.relationship(first);
      case "RelationshipLink":
        return this.relationshipLink(first);
      case "RelationType":
        return this.relationType(first);
      default:
        return Promise.resolve(null);
    }
  }

  deleteRelation(ref: NodeRef): Promise<void> | null {
    return ref.kind === "RelationshipInstance" ? this.deleteRelationshipInstance(ref.key[0] ?? "") : null;
  }

  /** Profiles are the only relation ends of this vendor. */
  relationsOf(ref: NodeRef, page: ContractPage): Promise<Page<RelationEntity>> | null {
    if (ref.kind !== "Profile") return null;
    const [profileType = "", profileId = ""] = ref.key;
    return this.relationshipsOfProfile(profileType, profileId, page);
  }

  // ---- fetches behind the loaders ----

  private async fetchProfile(profileType: string, profileId: string): Promise<Profile | null> {
    const wire = await this.read(urlPath`/data/${profileKeySegment(profileType, profileId)}`, ProfileWire, "a profile read");
    return wire && toProfile(this.connection.name, wire, profileType, profileId);
  }

  private async fetchRelationship(id: string): Promise<RelationshipInstance | null> {
    const wire = await this.read(urlPath`/data/${relationshipKeySegment(id)}`, RelationshipInstanceWire, "a relationship read");
    if (!wire) return null;
    const instance = toRelationshipInstance(this.connection.name, wire, await this.relationshipEnds(typeOf(wire)), "COMPLETED");
    if (!instance) throw badResponse(this.http, "answered a relationship read without a RelationshipId", 200);
    return instance;
  }

  private async fetchLink(name: string): Promise<RelationshipLink | null> {
    const wire = await this.read(urlPath`/manage/model/relationshipLinks/${name}`, RelationshipLinkWire, "a relationship link read");
    return wire && toRelationshipLink(this.connection.name, wire, name);
  }

  private async fetchRelationshipEnds(name: string): Promise<RelationshipEnds | null> {
    const wire = await this.read(urlPath`/manage/model/relationships/${name}`, RelationshipDefinitionWire, "a relationship type read");
    return wire && toRelationshipEnds(wire);
  }

  private async fetchStrongIds(profileType: string): Promise<string[][] | null> {
    const wire = await this.read(urlPath`/manage/model/profiles/${profileType}`, ProfileTypeWire, "a profile type read");
    return wire && toStrongIds(wire);
  }

  /** What addresses one end of an instance: its profile's values and its type's strong ids; null when either cannot be read. */
  private async endKeys(ref: NodeRef): Promise<EndKeys | null> {
    const [profileType = "", profileId = ""] = ref.key;
    const [profile, strongIds] = await Promise.all([this.profile(profileType, profileId), this.strongIds.load(profileType)]);
    return profile && strongIds ? { values: profile.properties, strongIds } : null;
  }

  /** GET /manage/model/relationships, following its nextLinks (the hub's model API, same origin only). */
  private async fetchCatalogue(): Promise<RelationType[]> {
    const call = "the relationship type list";
    const listPath = urlPath`/manage/model/relationships`;
    let path: RequestPath = listPath;
    let query: Array<[string, string]> = [];
    const types: RelationType[] = [];
    for (let page = 0; page < CATALOGUE_MAX_PAGES; page++) {
      const res = await this.send({ method: "GET", path, query: toQuery(query), idempotent: true });
      if (!found(this.http, res, call, vendorErrors)) break;
      const { value, nextLink } = parseBody(this.http, res, RelationshipTypeListWire, call);
      for (const wire of value) {
        const type = wire && toRelationType(this.connection.name, wire);
        if (type) types.push(type);
      }
      if (!nextLink) break;
      ({ path, query } = this.vetNextLink(nextLink, listPath, "/manage/model/relationships"));
    }
    return types;
  }

  /** End profile types of a relationship type; null for an unnamed or undefined type. */
  private relationshipEnds(type: string): Promise<RelationshipEnds | null> {
    return type ? this.definitions.load(type) : Promise.resolve(null);
  }

  private async endsOf(wires: Array<RelationshipInstanceWire | null>): Promise<Map<string, RelationshipEnds | null>> {
    const types = [...new Set(wires.map(typeOf).filter((t) => t !== ""))];
    const found = await Promise.all(types.map((t) => this.relationshipEnds(t)));
    return new Map(types.map((t, i) => [t, found[i] ?? null]));
  }

  // ---- plumbing ----

  /** GET of one resource: 200 → the record, 404 → null. */
  private async read<S extends z.ZodType>(path: RequestPath, schema: S, call: string): Promise<z.output<S> | null> {
    const res = await this.send({ method: "GET", path, idempotent: true });
    return found(this.http, res, call, vendorErrors) ? parseBody(this.http, res, schema, call) : null;
  }

  private send(req: Omit<UpstreamRequest, "requestId">): Promise<UpstreamResponse> {
    const headers = req.headers ? { ...req.headers, ...this.callHeaders } : this.callHeaders;
    return this.http.request(scopedRequest({ ...req, query: { "api-version": API_VERSION, ...req.query } }, headers, this.scope));
  }

  /** A next link must stay on this hub's API under `prefix` (the list's own); anything else is refused, never followed. */
  private vetNextLink(nextLink: string, listPath: RequestPath, prefix = "/data/"): { path: RequestPath; query: Array<[string, string]> } {
    let url: URL;
    try {
      url = new URL(nextLink);
    } catch {
      throw badResponse(this.http, "answered a list with a nextLink that is not a URL");
    }
    const relative = this.http.owns(url) ? this.http.relativePath(url).split("?")[0]! : null;
    if (relative === null || !relative.startsWith(prefix) || url.username || url.password) {
      throw badResponse(this.http, `answered a list with a nextLink outside ${prefix}; it was not followed`);
    }
    const query = [...url.searchParams.entries()].filter(([key]) => key.toLowerCase() !== "api-version");
    return { path: { path: relative, template: listPath.template }, query };
  }
}

function typeOf(wire: RelationshipInstanceWire | null): string {
  return wire?.RelationshipType || "";
}

function isSuccess(res: UpstreamResponse): boolean {
  return res.status === 200 || res.status === 201 || res.status === 202;
}

/** 202: the hub accepted the write and finishes it later. */
function statusOf(res: UpstreamResponse): OperationStatus {
  return res.status === 202 ? "ACCEPTED" : "COMPLETED";
}

/** `query` with its $top set to `top`, or without one when `top` exceeds the hub's page size. */
function withTop(query: Array<[string, string]>, top: number): Array<[string, string]> {
  const rest = query.filter(([key]) => key.toLowerCase() !== "$top");
  return top <= HUB_PAGE_MAX ? [...rest, ["$top", String(top)]] : rest;
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
