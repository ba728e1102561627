import type DataLoader from "dataloader";
import type { z } from "zod";
import type { Contact, ContactRelation, JsonObject, NodeEntity, NodeRef, Page, Person, RelationType } from "../../domain/entities.js";
import type { QueryValue, UpstreamRequest, UpstreamResponse } from "../../http/client.js";
import { urlPath, type RequestPath } from "../../http/path.js";
import { RequestCatalogue } from "../catalogue.js";
import type { ConnectionHttp } from "../connection-http.js";
import type { PageRequest, VendorClient } from "../contract.js";
import { perKeyLoader, scopedRequest, type RequestScope } from "../request-scope.js";
import { badResponse, found, parseBody, parseEntity, probed, sendWrite, writeFailure } from "../vendor-errors.js";
import { createRelationFieldOf, vendorErrors } from "./errors.js";
import { toContact, toContactRelation, toContactRelationSave, toPerson, toListedRelationType, toRelationType } from "./map.js";
import type { SuperOfficeConnection } from "./module.js";
import {
  checkContactRelationEnds,
  pageWindow,
  parseNativeId,
  relationCursor,
  validateCreateContactRelation,
  validateRelationId,
  type CreateContactRelationInput,
} from "./validate.js";
import {
  ContactRelationWire,
  ContactWire,
  MdoListWire,
  PersonWire,
  PrincipalWire,
  RELATION_DEFINITION_LIST,
  RELATION_LIST_ORDER,
  RELATION_LIST_SELECT,
  RelationDefinitionWire,
  RelationListWire,
  type RelationRowWire,
} from "./wire.js";

export type { CreateContactRelationInput } from "./validate.js";

const EMPTY_PAGE: Page<ContactRelation> = { items: [], cursors: [], hasNextPage: false };
/** How many of the newest relations a reconciliation reads (each is one more GET). */
const RECONCILE_WINDOW = 20;
/** The vendor's clock may run behind the gateway's: relations this much older still count as new. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Most persons `personsOfContact` loads (one call each): a company's list has no paging, so the gateway bounds it. */
export const MAX_PERSONS = 100;
/** Relation definitions a catalogue read loads in full (one GET each); the cost estimate counts them. */
export const CATALOGUE_MAX_DEFINITIONS = 50;
/** A create's calls besides the catalogue: the write, and a keyed retry's reconciliation (a list and its relations). */
export const CREATE_CALLS = 1 + 1 + RECONCILE_WINDOW;

/**
 * SuperOffice CRM Web API v1 for one GraphQL request and one connection. Every entity read
 * goes through a per-request DataLoader, so a record touched many times is fetched once.
 */
export class SuperOfficeClient implements VendorClient {
  private readonly contacts: DataLoader<string, Contact | null>;
  private readonly persons: DataLoader<string, Person | null>;
  private readonly relations: DataLoader<string, ContactRelation | null>;
  private readonly definitions: DataLoader<string, RelationDefinitionWire | null>;
  private readonly catalogue: RequestCatalogue;
  /** The same for every call of the request: built once (the HTTP core merges it once too). */
  private readonly callHeaders: Record<string, string | undefined>;

  constructor(
    private readonly connection: SuperOfficeConnection,
    private readonly http: ConnectionHttp,
    private readonly scope: RequestScope,
  ) {
    const name = connection.name;
    this.callHeaders = this.headers();
    this.contacts = perKeyLoader(scope, "superoffice.contact", (id) => this.readEntity(urlPath`/Contact/${id}`, ContactWire, (w) => toContact(name, w)));
    this.persons = perKeyLoader(scope, "superoffice.person", (id) => this.readEntity(urlPath`/Person/${id}`, PersonWire, (w) => toPerson(name, w)));
    this.relations = perKeyLoader(scope, "superoffice.relation", (id) =>
      this.readEntity(urlPath`/Relation/${id}`, ContactRelationWire, (w) => toContactRelation(name, w)),
    );
    // Catalogue plumbing only: the mapped entries are what the catalogue cache keeps.
    this.definitions = perKeyLoader(scope, "superoffice.relationDefinition", (id) => this.read(urlPath`/RelationDefinition/${id}`, RelationDefinitionWire));
    // Definition texts are localised: one catalogue per language the connection is asked in.
    this.catalogue = new RequestCatalogue(http, `catalogue:${this.language() ?? ""}`, () => this.fetchCatalogue());
  }

  /** `POST /Relation`; never retried (a second POST would create a second relation). */
  async createContactRelation(input: CreateContactRelationInput): Promise<ContactRelation> {
    validateCreateContactRelation(input);
    const path = urlPath`/Relation`;
    const send = () => this.send({ method: "POST", path, body: toContactRelationSave(input), idempotent: false });
    return sendWrite(this.http, send, (res) => {
      if (res.status !== 200 && res.status !== 201) {
        throw writeFailure(this.http, res, path.template, vendorErrors, { fieldOf: createRelationFieldOf(input) });
      }
      const relation = toContactRelation(this.connection.name, this.parse(res, ContactRelationWire, path));
      this.relations.prime(String(relation.relationId), relation);
      return relation;
    });
  }

  /**
   * The checks of a create that need the catalogue, made before it is sent: the input's own
   * rules, then the definition exists and allows a company or person at each end. When the
   * catalogue cannot be read, SuperOffice's own check of the POST applies.
   */
  async checkCreateContactRelation(input: CreateContactRelationInput): Promise<void> {
    validateCreateContactRelation(input);
    const type = await this.catalogue.typeForCreate(String(input.relationDefinitionId), ["relationDefinitionId"], this.http.name);
    if (type) checkContactRelationEnds(type, input);
  }

  /**
   * `DELETE /Relation/{id}` (204). An id that is not a positive int32 is a VALIDATION error; an
   * unknown one NOT_FOUND. Sent once: a repeat of a delete that happened answers 404.
   */
  async deleteContactRelation(relationId: number): Promise<void> {
    const id = validateRelationId(relationId);
    const path = urlPath`/Relation/${id}`;
    await sendWrite(
      this.http,
      () => this.send({ method: "DELETE", path, idempotent: false }),
      (res) => {
        if (res.status !== 204 && res.status !== 200) throw writeFailure(this.http, res, path.template, vendorErrors);
        this.relations.clear(String(id));
      },
    );
  }

  /** Null for a 404, and without a call for an id SuperOffice could never hold. */
  contact(id: string): Promise<Contact | null> {
    return this.byId(this.contacts, id);
  }

  person(id: string): Promise<Person | null> {
    return this.byId(this.persons, id);
  }

  relation(id: string): Promise<ContactRelation | null> {
    return this.byId(this.relations, id);
  }

  /** The persons of a company, from its `Persons` rows, each loaded in full through the person loader (the first MAX_PERSONS). */
  async personsOfContact(contactId: string): Promise<Person[]> {
    const contact = await this.contact(contactId);
    const rows = (contact?.properties as ContactWire | undefined)?.Persons ?? [];
    const ids = [...new Set(rows.map((row) => row.PersonId).filter((id) => id > 0))].slice(0, MAX_PERSONS);
    const persons = await Promise.all(ids.map((id) => this.person(String(id))));
    return persons.filter((p): p is Person => p !== null);
  }

  /** `GET User/currentPrincipal`: the signed-in user, documented for every installation and read from the session alone. */
  async probe(): Promise<void> {
    const path = urlPath`/User/currentPrincipal`;
    const res = await this.send({ method: "GET", path, idempotent: true });
    probed(this.http, res, path.template, vendorErrors);
    this.parse(res, PrincipalWire, path);
  }

  /** The relation definitions a contact relation can use (cached; see ../catalogue.ts). */
  relationTypes(): Promise<RelationType[]> {
    return this.catalogue.all();
  }

  relationType(id: string): Promise<RelationType | null> {
    return parseNativeId(id) === null ? Promise.resolve(null) : this.catalogue.find(id);
  }

  relationsOfContact(id: string, page: Partial<PageRequest> & { first: number }): Promise<Page<ContactRelation>> {
    return this.relationList("Contact", id, page);
  }

  relationsOfPerson(id: string, page: Partial<PageRequest> & { first: number }): Promise<Page<ContactRelation>> {
    return this.relationList("Person", id, page);
  }

  /** Any SuperOffice node by ref (node(id:), relation ends, federation); null for refs it cannot hold. */
  load(ref: NodeRef): Promise<NodeEntity | null> {
    if (ref.vendor !== "SUPEROFFICE" || ref.connection !== this.connection.name) return Promise.resolve(null);
    const id = ref.key[0] ?? "";
    switch (ref.kind) {
      case "Contact":
        return this.contact(id);
      case "Person":
        return this.person(id);
      case "ContactRelation":
        return this.relation(id);
      case "RelationType":
        return this.relationType(id);
      default:
        return Promise.resolve(null);
    }
  }

  deleteRelation(ref: NodeRef): Promise<void> | null {
    // The registry has checked the key; a canonical id only, so "0001000" could never delete relation 1000.
    return ref.kind === "ContactRelation" ? this.deleteContactRelation(parseNativeId(ref.key[0] ?? "") ?? Number.NaN) : null;
  }

  relationsOf(ref: NodeRef, page: PageRequest): Promise<Page<ContactRelation>> | null {
    const id = ref.key[0] ?? "";
    if (ref.kind === "Contact") return this.relationsOfContact(id, page);
    if (ref.kind === "Person") return this.relationsOfPerson(id, page);
    return null;
  }

  private byId<T>(loader: DataLoader<string, T | null>, id: string): Promise<T | null> {
    const key = parseNativeId(id);
    return key === null ? Promise.resolve(null) : loader.load(String(key));
  }

  /**
   * The relation a lost attempt of `input` made (the gateway's request timed out after it was
   * sent): the newest relations of the source contact or person, loaded in full, matched on both
   * ends, definition, direction and comment, created since `since` (less a margin for the
   * vendor's clock). POST /Relation is no upsert and SuperOffice accepts duplicates, so a retry
   * looks here before it writes again.
   */
  async findCreatedRelation(input: CreateContactRelationInput, since: Date): Promise<ContactRelation | null> {
    validateCreateContactRelation(input);
    const owner = input.sourcePersonId ? (["Person", input.sourcePersonId] as const) : (["Contact", input.sourceContactId] as const);
    const rows = await this.relationRows(owner[0], owner[1], { $orderBy: `${RELATION_LIST_ORDER} desc`, $top: RECONCILE_WINDOW });
    const wanted = toContactRelationSave(input);
    const after = since.getTime() - CLOCK_SKEW_MS;
    const loaded = await Promise.all((rows ?? []).map((id) => this.relations.load(String(id))));
    return (
      loaded.find(
        (r) =>
          r !== null &&
          (r.createdDate?.getTime() ?? 0) >= after &&
          (r.sourceContactId ?? 0) === wanted.SourceContactId &&
          (r.sourcePersonId ?? 0) === wanted.SourcePersonId &&
          (r.destinationContactId ?? 0) === wanted.DestinationContactId &&
          (r.destinationPersonId ?? 0) === wanted.DestinationPersonId &&
          r.relationDefinitionId === wanted.RelationDefinitionId &&
          r.reversed === (wanted.Reversed === 1) &&
          (r.comment ?? "") === wanted.Comment,
      ) ?? null
    );
  }

  /**
   * One page of the Relation archive under a contact or person, ordered by relationId: `$top`
   * (one row more than asked, to learn whether a next page exists) after the cursor's relationId
   * (`$filter=relationId gt …`, a keyset: see pageWindow); each row's relation is then loaded in
   * full (batched, deduped).
   */
  private async relationList(
    owner: "Contact" | "Person",
    id: string,
    page: Partial<PageRequest> & { first: number },
  ): Promise<Page<ContactRelation>> {
    const { afterId, size } = pageWindow(page);
    const key = parseNativeId(id);
    if (key === null) return EMPTY_PAGE;
    const query: Record<string, string | number> = { $orderBy: RELATION_LIST_ORDER, $top: size + 1 };
    if (afterId !== null) query.$filter = `${RELATION_LIST_ORDER} gt ${afterId}`;
    const rows = await this.relationRows(owner, key, query);
    if (rows === null) return EMPTY_PAGE;
    // The archive merges several sub-providers; a relation listed twice is shown once.
    const wanted = [...new Set(rows.slice(0, size))];
    const loaded = await Promise.all(wanted.map((relationId) => this.relations.load(String(relationId))));
    const result: Page<ContactRelation> = { items: [], cursors: [], hasNextPage: rows.length > size };
    loaded.forEach((relation, i) => {
      // A relation deleted between the list and the read is left out.
      if (!relation) return;
      result.items.push(relation);
      result.cursors.push(relationCursor(wanted[i]!));
    });
    return result;
  }

  /** The relation ids of one archive page (null when the owner does not exist). */
  private async relationRows(owner: "Contact" | "Person", id: number, query: Record<string, string | number>): Promise<number[] | null> {
    const path = owner === "Contact" ? urlPath`/Contact/${id}/Relations` : urlPath`/Person/${id}/Relations`;
    const res = await this.send({ method: "GET", path, query: { $select: RELATION_LIST_SELECT, ...query }, idempotent: true });
    if (!found(this.http, res, path.template, vendorErrors)) return null;
    return this.parse(res, RelationListWire, path).value.map((row) => this.rowRelationId(row, path));
  }

  private rowRelationId(row: RelationRowWire, path: RequestPath): number {
    const raw = row.relationId ?? row.PrimaryKey;
    const id = raw === null || raw === undefined ? null : parseNativeId(String(raw).trim());
    if (id === null) throw badResponse(this.http, `listed a relation without a relationId (GET ${path.template})`, 200);
    return id;
  }

  /**
   * The catalogue: the `relationdefinition` MDO list names every definition (id and active
   * text, no ends), and GET RelationDefinition/{id} of each gives its passive text and the
   * kinds of record it relates (Source, Destination). The REST API has no plain list of
   * definitions; see README.md.
   */
  private async fetchCatalogue(): Promise<RelationType[]> {
    const items = await this.read(urlPath`/MDOList/${RELATION_DEFINITION_LIST}`, MdoListWire, { flat: "true" });
    const listed = [...new Map((items ?? []).filter((item) => !item.Deleted && item.Id > 0).map((item) => [item.Id, item])).values()];
    // Each definition is one more GET: past the cap, entries come from the list alone (ends unknown).
    const read = listed.slice(0, CATALOGUE_MAX_DEFINITIONS);
    const definitions = await Promise.all(read.map((item) => this.definitions.load(String(item.Id))));
    const types = definitions.flatMap((wire) => {
      const type = wire && toRelationType(this.connection.name, wire);
      return type ? [type] : [];
    });
    return [...types, ...listed.slice(CATALOGUE_MAX_DEFINITIONS).map((item) => toListedRelationType(this.connection.name, item))];
  }

  /** GET of one record: 200 → the record, 404 → null. */
  private async read<S extends z.ZodType>(path: RequestPath, schema: S, query?: Record<string, QueryValue>): Promise<z.output<S> | null> {
    const res = await this.send({ method: "GET", path, query, idempotent: true });
    return found(this.http, res, path.template, vendorErrors) ? this.parse(res, schema, path) : null;
  }

  /** GET of one entity: 200 → mapped (parseEntity), 404 → null. */
  private async readEntity<S extends z.ZodType, E extends { properties: JsonObject }>(path: RequestPath, schema: S, map: (wire: z.output<S>) => E): Promise<E | null> {
    const res = await this.send({ method: "GET", path, idempotent: true });
    return found(this.http, res, path.template, vendorErrors) ? parseEntity(this.http, res, schema, path.template, map) : null;
  }

  private send(req: Omit<UpstreamRequest, "headers" | "requestId">): Promise<UpstreamResponse> {
    return this.http.request(scopedRequest(req, this.callHeaders, this.scope));
  }

  /** The client's language, else the configured one; none: SuperOffice answers texts encoded. */
  private language(): string | undefined {
    return this.scope.acceptLanguage || this.connection.language || undefined;
  }

  /** The request's language and the connection's formats (the credential and app token are added per call by the ConnectionHttp). */
  private headers(): Record<string, string | undefined> {
    const { culture, timeZone } = this.connection;
    return {
      "accept-language": this.language(),
      "so-culture": culture || undefined,
      "so-timezone": timeZone || undefined,
    };
  }

  private parse<S extends z.ZodType>(res: UpstreamResponse, schema: S, path: RequestPath): z.output<S> {
    return parseBody(this.http, res, schema, path.template);
  }
}
