import type DataLoader from "dataloader";
import type { z } from "zod";
import { encodeCursor } from "../../domain/cursor.js";
import type { Contact, ContactRelation, NodeEntity, NodeRef, Page, Person } from "../../domain/entities.js";
import type { HttpClient, UpstreamRequest, UpstreamResponse } from "../../http/client.js";
import { urlPath, type RequestPath } from "../../http/path.js";
import type { PageRequest, VendorClient } from "../contract.js";
import { perKeyLoader, type RequestScope } from "../request-scope.js";
import { badResponse, parseBody, unexpectedStatus, writeFailure } from "../vendor-errors.js";
import { vendorMessages } from "./errors.js";
import { toContact, toContactRelation, toContactRelationSave, toPerson } from "./map.js";
import type { SuperOfficeConnection } from "./module.js";
import { pageWindow, parseNativeId, validateCreateContactRelation, validateRelationId, type CreateContactRelationInput } from "./validate.js";
import {
  ContactRelationWire,
  ContactWire,
  PersonWire,
  RELATION_LIST_ORDER,
  RELATION_LIST_SELECT,
  RelationListWire,
  type RelationRowWire,
} from "./wire.js";

export type { CreateContactRelationInput } from "./validate.js";

const EMPTY_PAGE: Page<ContactRelation> = { items: [], cursors: [], hasNextPage: false };

/** Most persons `personsOfContact` loads (one call each): a company's list has no paging, so the gateway bounds it. */
export const MAX_PERSONS = 100;

/**
 * SuperOffice CRM Web API v1 for one GraphQL request and one connection. Every entity read
 * goes through a per-request DataLoader, so a record touched many times is fetched once.
 */
export class SuperOfficeClient implements VendorClient {
  private readonly contacts: DataLoader<string, Contact | null>;
  private readonly persons: DataLoader<string, Person | null>;
  private readonly relations: DataLoader<string, ContactRelation | null>;

  constructor(
    private readonly connection: SuperOfficeConnection,
    private readonly http: HttpClient,
    private readonly scope: RequestScope,
  ) {
    const name = connection.name;
    this.contacts = perKeyLoader(scope, "superoffice.contact", async (id) => {
      const wire = await this.read(urlPath`/Contact/${id}`, ContactWire);
      return wire && toContact(name, wire);
    });
    this.persons = perKeyLoader(scope, "superoffice.person", async (id) => {
      const wire = await this.read(urlPath`/Person/${id}`, PersonWire);
      return wire && toPerson(name, wire);
    });
    this.relations = perKeyLoader(scope, "superoffice.relation", async (id) => {
      const wire = await this.read(urlPath`/Relation/${id}`, ContactRelationWire);
      return wire && toContactRelation(name, wire);
    });
  }

  /** `POST /Relation`; never retried (a second POST would create a second relation). */
  async createContactRelation(input: CreateContactRelationInput): Promise<ContactRelation> {
    validateCreateContactRelation(input);
    const path = urlPath`/Relation`;
    const res = await this.send({ method: "POST", path, body: toContactRelationSave(input), idempotent: false });
    if (res.status !== 200 && res.status !== 201) throw writeFailure(this.http, res, path.template, vendorMessages(res));
    const relation = toContactRelation(this.connection.name, this.parse(res, ContactRelationWire, path));
    this.relations.prime(String(relation.relationId), relation);
    return relation;
  }

  /** `DELETE /Relation/{id}` (204). An id that is not a positive int32 is a VALIDATION error; an unknown one NOT_FOUND. */
  async deleteContactRelation(relationId: number): Promise<void> {
    const id = validateRelationId(relationId);
    const path = urlPath`/Relation/${id}`;
    const res = await this.send({ method: "DELETE", path, idempotent: true });
    if (res.status !== 204 && res.status !== 200) throw writeFailure(this.http, res, path.template, vendorMessages(res));
    this.relations.clear(String(id));
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
      default:
        return Promise.resolve(null);
    }
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
   * One page of the Relation archive under a contact or person: `$top`/`$skip` (one row more
   * than asked, to learn whether a next page exists), ordered by relationId for stable
   * offsets; each row's relation is then loaded in full (batched, deduped).
   */
  private async relationList(
    owner: "Contact" | "Person",
    id: string,
    page: Partial<PageRequest> & { first: number },
  ): Promise<Page<ContactRelation>> {
    const { skip, size } = pageWindow(page);
    const key = parseNativeId(id);
    if (key === null) return EMPTY_PAGE;
    const path = owner === "Contact" ? urlPath`/Contact/${key}/Relations` : urlPath`/Person/${key}/Relations`;
    const res = await this.send({
      method: "GET",
      path,
      query: { $select: RELATION_LIST_SELECT, $orderBy: RELATION_LIST_ORDER, $top: size + 1, $skip: skip },
      idempotent: true,
    });
    if (res.status === 404) return EMPTY_PAGE;
    if (res.status !== 200) throw unexpectedStatus(this.http, res, path.template, vendorMessages(res));
    const rows = this.parse(res, RelationListWire, path).value;
    // The archive merges several sub-providers; a relation listed twice is shown once.
    const seen = new Set<number>();
    const wanted: Array<{ relationId: number; offset: number }> = [];
    rows.slice(0, size).forEach((row, i) => {
      const relationId = this.rowRelationId(row, path);
      if (!seen.has(relationId)) wanted.push({ relationId, offset: skip + i });
      seen.add(relationId);
    });
    const loaded = await Promise.all(wanted.map((w) => this.relations.load(String(w.relationId))));
    const result: Page<ContactRelation> = { items: [], cursors: [], hasNextPage: rows.length > size };
    loaded.forEach((relation, i) => {
      // A relation deleted between the list and the read is left out.
      if (!relation) return;
      result.items.push(relation);
      result.cursors.push(encodeCursor(wanted[i]!.offset));
    });
    return result;
  }

  private rowRelationId(row: RelationRowWire, path: RequestPath): number {
    const raw = row.relationId ?? row.PrimaryKey;
    const id = raw === null || raw === undefined ? null : parseNativeId(String(raw).trim());
    if (id === null) throw badResponse(this.http, `listed a relation without a relationId (GET ${path.template})`, 200);
    return id;
  }

  /** GET of one entity: 200 → the record, 404 → null. */
  private async read<S extends z.ZodType>(path: RequestPath, schema: S): Promise<z.output<S> | null> {
    const res = await this.send({ method: "GET", path, idempotent: true });
    if (res.status === 404) return null;
    if (res.status !== 200) throw unexpectedStatus(this.http, res, path.template, vendorMessages(res));
    return this.parse(res, schema, path);
  }

  private send(req: Omit<UpstreamRequest, "headers" | "requestId">): Promise<UpstreamResponse> {
    return this.http.request({ ...req, headers: this.headers(), requestId: this.scope.requestId, budget: this.scope.budget });
  }

  /** Auth as configured; the app token only when there is one; the client's language, else the configured one. */
  private headers(): Record<string, string | undefined> {
    const { authorization, appToken, language, culture, timeZone } = this.connection;
    return {
      authorization,
      "so-apptoken": appToken || undefined,
      "accept-language": this.scope.acceptLanguage || language || undefined,
      "so-culture": culture || undefined,
      "so-timezone": timeZone || undefined,
    };
  }

  private parse<S extends z.ZodType>(res: UpstreamResponse, schema: S, path: RequestPath): z.output<S> {
    return parseBody(this.http, res, schema, path.template);
  }
}
