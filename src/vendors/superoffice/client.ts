import type DataLoader from "dataloader";
import type { z } from "zod";
import type { SuperOfficeConnection } from "../../config.js";
import { encodeCursor } from "../../domain/cursor.js";
import type { Contact, ContactRelation, NodeRef, Page, Person } from "../../domain/entities.js";
import { rejectionCode, ValidationError, VendorRejection, type UpstreamError } from "../../errors.js";
import type { HttpClient, UpstreamRequest, UpstreamResponse } from "../../http/client.js";
import { urlPath, type RequestPath } from "../../http/path.js";
import { perKeyLoader, type RequestScope } from "../request-scope.js";
import { badResponse, parseBody, unexpectedStatus } from "../upstream-errors.js";
import { vendorMessages } from "./errors.js";
import { toContact, toContactRelation, toContactRelationSave, toPerson, type CreateContactRelationInput } from "./map.js";
import { pageWindow, parseNativeId, validateCreateContactRelation } from "./validate.js";
import {
  ContactRelationWire,
  ContactWire,
  PersonWire,
  RELATION_LIST_ORDER,
  RELATION_LIST_SELECT,
  RelationListWire,
  type RelationRowWire,
} from "./wire.js";

export type { CreateContactRelationInput } from "./map.js";

/** Statuses with which SuperOffice refuses a write: reported as userErrors. */
const REJECTED = new Set([400, 404, 409, 412, 422]);

const EMPTY_PAGE: Page<ContactRelation> = { items: [], cursors: [], hasNextPage: false };

/**
 * SuperOffice CRM Web API v1 for one GraphQL request and one connection. Every entity read
 * goes through a per-request DataLoader, so a record touched many times is fetched once.
 */
export class SuperOfficeClient {
  private readonly contacts: DataLoader<string, ContactWire | null>;
  private readonly persons: DataLoader<string, PersonWire | null>;
  private readonly relations: DataLoader<string, ContactRelationWire | null>;

  constructor(
    private readonly connection: SuperOfficeConnection,
    private readonly http: HttpClient,
    private readonly scope: RequestScope,
  ) {
    this.contacts = perKeyLoader(scope, "superoffice.contact", (id) => this.read(urlPath`/Contact/${id}`, ContactWire));
    this.persons = perKeyLoader(scope, "superoffice.person", (id) => this.read(urlPath`/Person/${id}`, PersonWire));
    this.relations = perKeyLoader(scope, "superoffice.relation", (id) =>
      this.read(urlPath`/Relation/${id}`, ContactRelationWire),
    );
  }

  /** `POST /Relation`; never retried (a second POST would create a second relation). */
  async createContactRelation(input: CreateContactRelationInput): Promise<ContactRelation> {
    validateCreateContactRelation(input);
    const path = urlPath`/Relation`;
    const res = await this.send({ method: "POST", path, body: toContactRelationSave(input), idempotent: false });
    if (res.status === 200 || res.status === 201) {
      const wire = this.parse(res, ContactRelationWire, path);
      this.relations.prime(String(wire.RelationId), wire);
      return toContactRelation(wire, this.connection.name);
    }
    throw this.refusal(res, path);
  }

  /** `DELETE /Relation/{id}` (204). An id that is not a positive int32 is a VALIDATION error; an unknown one NOT_FOUND. */
  async deleteContactRelation(relationId: number): Promise<void> {
    const id = Number.isInteger(relationId) ? parseNativeId(String(relationId)) : null;
    if (id === null) throw new ValidationError(`id must be a positive SuperOffice id (got ${relationId})`, ["id"]);
    const path = urlPath`/Relation/${id}`;
    const res = await this.send({ method: "DELETE", path, idempotent: true });
    if (res.status === 204 || res.status === 200) {
      this.relations.clear(String(id));
      return;
    }
    throw this.refusal(res, path);
  }

  async contact(id: string): Promise<Contact | null> {
    const key = parseNativeId(id);
    if (key === null) return null;
    const wire = await this.contacts.load(String(key));
    return wire && toContact(wire, this.connection.name);
  }

  async person(id: string): Promise<Person | null> {
    const key = parseNativeId(id);
    if (key === null) return null;
    const wire = await this.persons.load(String(key));
    return wire && toPerson(wire, this.connection.name);
  }

  async relation(id: string): Promise<ContactRelation | null> {
    const key = parseNativeId(id);
    if (key === null) return null;
    const wire = await this.relations.load(String(key));
    return wire && toContactRelation(wire, this.connection.name);
  }

  /** The persons of a company, from its `Persons` rows, each loaded in full through the person loader. */
  async personsOfContact(contactId: string): Promise<Person[]> {
    const key = parseNativeId(contactId);
    if (key === null) return [];
    const contact = await this.contacts.load(String(key));
    const ids = [...new Set((contact?.Persons ?? []).map((row) => row.PersonId).filter((id) => id > 0))];
    const persons = await Promise.all(ids.map((id) => this.person(String(id))));
    return persons.filter((p): p is Person => p !== null);
  }

  relationsOfContact(id: string, page: { first: number; after?: string | null }): Promise<Page<ContactRelation>> {
    return this.relationList("Contact", id, page);
  }

  relationsOfPerson(id: string, page: { first: number; after?: string | null }): Promise<Page<ContactRelation>> {
    return this.relationList("Person", id, page);
  }

  /** Loads any SuperOffice node by ref (node(id:), relation ends, federation). */
  load(ref: NodeRef): Promise<Contact | Person | ContactRelation | null> {
    if (ref.vendor !== "SUPEROFFICE") return Promise.resolve(null);
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

  /**
   * One page of the Relation archive under a contact or person: `$top`/`$skip` (one row more
   * than asked, to learn whether a next page exists), ordered by relationId for stable
   * offsets; each row's relation is then loaded in full (batched, deduped).
   */
  private async relationList(
    owner: "Contact" | "Person",
    id: string,
    page: { first: number; after?: string | null },
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
    if (res.status !== 200) throw this.unexpected(res, path);
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
    const page$: Page<ContactRelation> = { items: [], cursors: [], hasNextPage: rows.length > size };
    loaded.forEach((wire, i) => {
      // A relation deleted between the list and the read is left out.
      if (!wire) return;
      page$.items.push(toContactRelation(wire, this.connection.name));
      page$.cursors.push(encodeCursor(wanted[i]!.offset));
    });
    return page$;
  }

  private rowRelationId(row: RelationRowWire, path: RequestPath): number {
    const raw = row.relationId ?? row.PrimaryKey;
    const id = raw === null || raw === undefined ? null : parseNativeId(String(raw).trim());
    if (id === null) throw badResponse(this.http.target, `listed a relation without a relationId (GET ${path.template})`, 200);
    return id;
  }

  /** GET of one entity: 200 → the record, 404 → null. */
  private async read<S extends z.ZodType>(path: RequestPath, schema: S): Promise<z.infer<S> | null> {
    const res = await this.send({ method: "GET", path, idempotent: true });
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.unexpected(res, path);
    return this.parse(res, schema, path);
  }

  private send(req: Omit<UpstreamRequest, "headers" | "requestId">): Promise<UpstreamResponse> {
    return this.http.request({ ...req, headers: this.headers(), requestId: this.scope.requestId });
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

  private parse<S extends z.ZodType>(res: UpstreamResponse, schema: S, path: RequestPath): z.infer<S> {
    return parseBody(this.http.target, res, schema, path.template);
  }

  /** A write the vendor refused (its messages as userErrors), or an answer that makes no sense. */
  private refusal(res: UpstreamResponse, path: RequestPath): Error {
    if (REJECTED.has(res.status)) {
      return new VendorRejection(this.http.target, res.status, vendorMessages(res), rejectionCode(res.status));
    }
    return this.unexpected(res, path);
  }

  private unexpected(res: UpstreamResponse, path: RequestPath): UpstreamError {
    return unexpectedStatus(this.http.target, res, path.template, vendorMessages(res));
  }
}
