import type DataLoader from "dataloader";
import type { z } from "zod";
import { encodeCursor } from "../../domain/cursor.js";
import type { AssociationRelation, Contact, HlRecord, JsonObject, NodeEntity, NodeRef, Page, RelationType } from "../../domain/entities.js";
import { ValidationError } from "../../errors.js";
import { collectIssues } from "../../validation-issues.js";
import type { QueryValue, UpstreamRequest, UpstreamResponse } from "../../http/client.js";
import { urlPath, type RequestPath } from "../../http/path.js";
import { RequestCatalogue, wrongEnd } from "../catalogue.js";
import { ConnectionCache } from "../connection-cache.js";
import type { ConnectionHttp } from "../connection-http.js";
import type { PageRequest, VendorClient } from "../contract.js";
import { perKeyLoader, scopedRequest, type RequestScope } from "../request-scope.js";
import { found, parseBody, parseEntity, probed, sendWrite, writeFailure } from "../vendor-errors.js";
import { createRelationFieldOf, refusal, vendorErrors, vendorMessages } from "./errors.js";
import {
  CONTACT_OBJECT_KEY,
  CUSTOM_OBJECT_PREFIX,
  normaliseObjectKey,
  toAssociationDefinition,
  toContact,
  toCreatedRelation,
  toListedRelation,
  toRecord,
  toRelationType,
  type AssociationDefinition,
} from "./map.js";
import type { HighLevelConnection } from "./module.js";
import {
  checkCreateRelation,
  checkId,
  checkObjectKey,
  checkPage,
  CREATE_RELATION_FIELDS,
  isValidKey,
  type CreateRelationInput,
  type PageInput,
} from "./validate.js";
import {
  AssociationListWire,
  AssociationWire,
  ContactResponseWire,
  HIGHLEVEL_API_VERSION,
  RecordResponseWire,
  RelationListWire,
  RelationWire,
  type CreateRelationBody,
} from "./wire.js";

/** Association definitions rarely change: kept per connection and tenant. */
const associationCache = new ConnectionCache<AssociationDefinition>(5 * 60_000);

/** Page size used when reading a record's whole relation list (to find one relation by id). */
const SCAN_PAGE_SIZE = 100;
const SCAN_MAX_RELATIONS = 1_000;
/** The catalogue is read in pages of this size (the vendor documents no maximum), at most this many associations. */
const CATALOGUE_PAGE_SIZE = 100;
const CATALOGUE_MAX = 1_000;
/** Most pages one catalogue read makes (the cost estimate counts them). */
export const CATALOGUE_MAX_PAGES = CATALOGUE_MAX / CATALOGUE_PAGE_SIZE;
/** Most list pages one relation-by-id read makes (the cost estimate counts them). */
export const SCAN_MAX_PAGES = SCAN_MAX_RELATIONS / SCAN_PAGE_SIZE;

/**
 * HighLevel API v2 for one GraphQL request and one connection (one location): create and
 * list association relations, read contacts, object records and association definitions.
 * Every single fetch goes through a per-request DataLoader.
 */
export class HighLevelClient implements VendorClient {
  private readonly contacts: DataLoader<string, Contact | null>;
  private readonly records: DataLoader<string, HlRecord | null>;
  private readonly associations: DataLoader<string, AssociationDefinition | null>;
  /** A record's whole relation list, for loading one AssociationRelation by ref (mapped without association definitions). */
  private readonly relationLists: DataLoader<string, AssociationRelation[]>;
  private readonly catalogue: RequestCatalogue;

  /** The same for every call of the request: built once (the HTTP core merges it once too). */
  private readonly callHeaders: Record<string, string>;

  constructor(
    private readonly connection: HighLevelConnection,
    private readonly http: ConnectionHttp,
    private readonly scope: RequestScope,
  ) {
    // The credential's Authorization is added per call by the connection's ConnectionHttp.
    this.callHeaders = { version: HIGHLEVEL_API_VERSION };
    const name = connection.name;
    this.contacts = perKeyLoader(scope, "highlevel.contact", (id) =>
      this.readEntity(urlPath`/contacts/${id}`, ContactResponseWire, (w) => toContact(name, w.contact), (body) => body.contact as JsonObject),
    );
    this.records = perKeyLoader(scope, "highlevel.record", (key) => {
      const [objectKey, id] = JSON.parse(key) as [string, string];
      const path = urlPath`/objects/${objectKey}/records/${id}`;
      return this.readEntity(path, RecordResponseWire, (w) => toRecord(name, w.record, objectKey), (body) => body.record as JsonObject);
    });
    this.associations = perKeyLoader(scope, "highlevel.association", (id) =>
      associationCache.get(this.http.tenant, id, async () => {
        const wire = await this.read(urlPath`/associations/${id}`, AssociationWire);
        return wire && toAssociationDefinition(name, wire);
      }),
    );
    this.relationLists = perKeyLoader(scope, "highlevel.relationsOfRecord", (id) => this.fetchAllRelations(id));
    this.catalogue = new RequestCatalogue(http, "catalogue", () => this.fetchCatalogue());
  }

  /**
   * The checks of a create that need the catalogue, made before it is sent: the input's own
   * rules, the association exists in the location, and each contact or custom-object record is
   * one of the object the association takes at that end (read through the record loaders, which
   * the answer's ends reuse). What cannot be read leaves the check to HighLevel's own.
   */
  async checkCreateAssociationRelation(input: CreateRelationInput): Promise<void> {
    const body = checkCreateRelation(input, this.connection.locationId);
    const type = await this.catalogue.typeForCreate(body.associationId, ["associationId"], this.http.name);
    if (!type) return;
    const ends = [
      { recordId: body.firstRecordId, objectKey: type.sourceKinds[0], field: "firstRecordId", end: "source" },
      { recordId: body.secondRecordId, objectKey: type.targetKinds[0], field: "secondRecordId", end: "target" },
    ] as const;
    const wrong = await Promise.all(
      ends.map(async ({ recordId, objectKey, field, end }) => {
        // Only objects whose record endpoint is documented are checked; other standard objects are HighLevel's to check.
        if (!objectKey || (objectKey !== CONTACT_OBJECT_KEY && !objectKey.startsWith(CUSTOM_OBJECT_PREFIX))) return null;
        let found: Contact | HlRecord | null;
        try {
          found = objectKey === CONTACT_OBJECT_KEY ? await this.contact(recordId) : await this.record(objectKey, recordId);
        } catch {
          return null;
        }
        return found ? null : wrongEnd([field], `no ${objectKey} record of this location ('${recordId}')`, type, end);
      }),
    );
    // Both ends are reported when both are wrong.
    collectIssues((issues) => wrong.forEach((error) => error && issues.add(error)));
  }

  /** The location a create goes to when its input names none. */
  get defaultLocationId(): string | undefined {
    return this.connection.locationId;
  }

  /** POST /associations/relations. Not idempotent (a repeat is a duplicate): never retried. */
  async createAssociationRelation(input: CreateRelationInput, options: { adoptDuplicate?: boolean } = {}): Promise<AssociationRelation> {
    const body = checkCreateRelation(input, this.connection.locationId);
    const path = urlPath`/associations/relations`;
    return sendWrite(
      this.http,
      () => this.send({ method: "POST", path, body, idempotent: false }),
      async (res) => {
        if (res.status === 201 || res.status === 200) {
          return toCreatedRelation(this.connection.name, this.parse(AssociationWire, res, path), body);
        }
        const messages = vendorMessages(res);
        const failure = { ...refusal(messages, CREATE_RELATION_FIELDS), fieldOf: createRelationFieldOf(body) };
        if (options.adoptDuplicate && failure.code === "CONFLICT") {
          // The pair exists (an earlier attempt of this write made it): answer that relation.
          const existing = await this.findRelation(body);
          if (existing) return existing;
        }
        throw writeFailure(this.http, res, path.template, vendorErrors, failure);
      },
    );
  }

  /** The relation of `body`'s association between its two records, read from the first record's relations. */
  private async findRelation(body: CreateRelationBody): Promise<AssociationRelation | null> {
    const relations = await this.relationLists.load(body.firstRecordId);
    const found = relations.find(
      (r) => r.associationId === body.associationId && r.firstRecordId === body.firstRecordId && r.secondRecordId === body.secondRecordId,
    );
    // Read again through relation(): the list maps rows without their association's definition.
    return found ? this.relation(found.relationId, body.firstRecordId) : null;
  }

  /** DELETE /associations/relations/{relationId}?locationId. Sent once: a repeat of a delete that happened answers 404. */
  async deleteAssociationRelation(relationId: string, locationId?: string | null): Promise<void> {
    checkId(relationId, ["relationId"]);
    const location = checkId(locationId ?? this.locationId(["locationId"]), ["locationId"]);
    const path = urlPath`/associations/relations/${relationId}`;
    const send = () => this.send({ method: "DELETE", path, query: { locationId: location }, idempotent: false });
    await sendWrite(this.http, send, (res) => {
      // Relation lists read earlier in this request still hold it.
      this.relationLists.clearAll();
      if (res.status === 200 || res.status === 204) return;
      const messages = vendorMessages(res);
      throw writeFailure(this.http, res, path.template, vendorErrors, refusal(messages));
    });
  }

  async contact(id: string): Promise<Contact | null> {
    return this.contacts.load(checkId(id, ["id"]));
  }

  /** `objectKey` with or without the `custom_objects.` prefix; the entity keeps the prefixed form. */
  async record(objectKey: string, id: string): Promise<HlRecord | null> {
    const key = normaliseObjectKey(checkObjectKey(objectKey));
    return this.records.load(JSON.stringify([key, checkId(id, ["id"])]));
  }

  /** The first of the location's associations (`GET /associations/`, one row): proves the location id too. */
  async probe(): Promise<void> {
    const path = urlPath`/associations/`;
    const res = await this.send({ method: "GET", path, query: { locationId: this.locationId(null), skip: 0, limit: 1 }, idempotent: true });
    probed(this.http, res, path.template, vendorErrors);
    this.parse(AssociationListWire, res, path);
  }

  /** The location's associations (cached; see ../catalogue.ts). */
  relationTypes(): Promise<RelationType[]> {
    return this.catalogue.all();
  }

  relationType(id: string): Promise<RelationType | null> {
    return this.catalogue.find(checkId(id, ["id"]));
  }

  /** An association definition (relation type), null when unknown. */
  async association(id: string): Promise<AssociationDefinition | null> {
    return this.associations.load(checkId(id, ["associationId"]));
  }

  /** Relations with the record at either end; ends typed by the association's object keys. */
  async relationsOfRecord(recordId: string, page: PageInput): Promise<Page<AssociationRelation>> {
    checkId(recordId, ["id"]);
    const { skip, first } = checkPage(page);
    // The vendor needs limit ≥ 1; a first of 0 still learns whether anything follows.
    const limit = Math.max(first, 1);
    const { rows, total } = await this.fetchRelationPage(recordId, skip, limit);
    const items = rows.slice(0, first);
    return {
      items,
      cursors: items.map((_, i) => encodeCursor({ skip: skip + i + 1 })),
      hasNextPage: total !== null ? skip + items.length < total : rows.length > items.length || rows.length >= limit,
    };
  }

  /** Dispatches a ref of this connection; refs of other connections or kinds are null. */
  async load(ref: NodeRef): Promise<NodeEntity | null> {
    if (ref.vendor !== "HIGHLEVEL" || ref.connection !== this.connection.name) return null;
    // The registry checks keys before load; a ref handed to the client directly names no node when it could not.
    if (!isValidKey(ref.kind, ref.key)) return null;
    const [a = "", b = ""] = ref.key;
    switch (ref.kind) {
      case "Contact":
        return this.contact(a);
      case "Record":
        return this.record(a, b);
      case "AssociationRelation":
        return this.relation(a, b);
      case "RelationType":
        return this.relationType(a);
      default:
        return null;
    }
  }

  /** An AssociationRelation ref holds the relation id and a record at one end; the delete needs only the id. */
  deleteRelation(ref: NodeRef): Promise<void> | null {
    return ref.kind === "AssociationRelation" ? this.deleteAssociationRelation(ref.key[0] ?? "") : null;
  }

  relationsOf(ref: NodeRef, page: PageRequest): Promise<Page<AssociationRelation>> | null {
    if (ref.kind !== "Contact" && ref.kind !== "Record") return null;
    return this.relationsOfRecord(ref.key.at(-1) ?? "", page);
  }

  /**
   * One relation by id, found in the relation list of a record at one of its ends. Only that
   * relation reads its association definition: a scan of up to 1,000 rows costs at most
   * SCAN_MAX_PAGES list calls and one definition.
   */
  async relation(relationId: string, recordId: string): Promise<AssociationRelation | null> {
    checkId(relationId, ["relationId"]);
    const relations = await this.relationLists.load(checkId(recordId, ["recordId"]));
    const found = relations.find((r) => r.relationId === relationId);
    // `properties` holds the vendor's row as listed; mapped again, now with its definition.
    return found ? this.toRelation(RelationWire.parse(found.properties), true) : null;
  }

  private async fetchRelationPage(
    recordId: string,
    skip: number,
    limit: number,
    withDefinitions = true,
  ): Promise<{ rows: AssociationRelation[]; total: number | null }> {
    const path = urlPath`/associations/relations/${recordId}`;
    const list = await this.read(path, RelationListWire, { locationId: this.locationId(null), skip, limit });
    if (!list) return { rows: [], total: 0 };
    const rows = await Promise.all(list.relations.map(async (row) => this.toRelation(row, withDefinitions)));
    return { rows, total: list.total ?? null };
  }

  private async toRelation(row: RelationWire, withDefinition: boolean): Promise<AssociationRelation> {
    // The definition adds key, labels and type; it is essential only when the row lacks the object keys.
    const definition = withDefinition ? this.associations.load(row.associationId) : Promise.resolve(null);
    const association = row.firstObjectKey && row.secondObjectKey ? await definition.catch(() => null) : await definition;
    return toListedRelation(this.connection.name, row, association, this.connection.locationId ?? "");
  }

  /** GET /associations/ of the connection's location, page by page (locationId, skip and limit are required). */
  private async fetchCatalogue(): Promise<RelationType[]> {
    const locationId = this.locationId(null);
    const types: RelationType[] = [];
    for (let skip = 0; skip < CATALOGUE_MAX; skip += CATALOGUE_PAGE_SIZE) {
      const page = await this.read(urlPath`/associations/`, AssociationListWire, { locationId, skip, limit: CATALOGUE_PAGE_SIZE });
      const rows = page?.associations ?? [];
      types.push(...rows.map((wire) => toRelationType(this.connection.name, wire)));
      if (rows.length < CATALOGUE_PAGE_SIZE || (page?.total != null && skip + rows.length >= page.total)) break;
    }
    return types;
  }

  private async fetchAllRelations(recordId: string): Promise<AssociationRelation[]> {
    const all: AssociationRelation[] = [];
    for (let skip = 0; skip < SCAN_MAX_RELATIONS; skip += SCAN_PAGE_SIZE) {
      const { rows, total } = await this.fetchRelationPage(recordId, skip, SCAN_PAGE_SIZE, false);
      all.push(...rows);
      if (rows.length < SCAN_PAGE_SIZE || (total !== null && all.length >= total)) break;
    }
    return all;
  }

  private locationId(field: string[] | null): string {
    const { locationId } = this.connection;
    if (!locationId) {
      throw new ValidationError(`HighLevel connection '${this.connection.name}' has no location id configured`, field);
    }
    return locationId;
  }

  /** A GET: 200 → the parsed body, 404 → null (undocumented by the vendor: "none"). */
  private async read<S extends z.ZodType>(path: RequestPath, schema: S, query?: Record<string, QueryValue>): Promise<z.output<S> | null> {
    const res = await this.send({ method: "GET", path, query, idempotent: true });
    return found(this.http, res, path.template, vendorErrors) ? this.parse(schema, res, path) : null;
  }

  /** A GET of one entity: 200 → mapped (parseEntity, `pick` unwrapping the record), 404 → null. */
  private async readEntity<S extends z.ZodType, E extends { properties: JsonObject }>(
    path: RequestPath,
    schema: S,
    map: (wire: z.output<S>) => E,
    pick: (body: JsonObject) => JsonObject,
  ): Promise<E | null> {
    const res = await this.send({ method: "GET", path, idempotent: true });
    return found(this.http, res, path.template, vendorErrors) ? parseEntity(this.http, res, schema, path.template, map, pick) : null;
  }

  private send(req: {
    method: UpstreamRequest["method"];
    path: RequestPath;
    query?: Record<string, QueryValue>;
    body?: CreateRelationBody;
    idempotent: boolean;
  }): Promise<UpstreamResponse> {
    return this.http.request(scopedRequest(req, this.callHeaders, this.scope));
  }

  private parse<S extends z.ZodType>(schema: S, res: UpstreamResponse, path: RequestPath): z.output<S> {
    return parseBody(this.http, res, schema, path.template);
  }
}
