/**
 * The SuperOffice calls of the two reference servers: one undici Pool per origin (the gateway's
 * settings), the same headers and paths the gateway sends, and per-request DataLoaders (the
 * vendor has no batch endpoints, so each key is one GET, deduped within the request). Answers
 * are JSON.parse'd and mapped to what the minimal schema serves; no validation of the vendor's
 * body, no metrics, no logs: the plain way to write it.
 */
import DataLoader from "dataloader";
import { Pool } from "undici";
import { encodeId } from "../../src/domain/ids.js";
import { USER_AGENT } from "../../src/http/user-agent.js";

export interface SuperOfficeTarget {
  baseUrl: string;
  authorization: string;
  appToken?: string;
  language?: string;
}

/** What the references serve: the fields the bench's operations select, with the gateway's global ids. */
export interface ContactNode {
  kind: "Contact";
  id: string;
  nativeId: number;
  name: string | null;
}
export interface PersonNode {
  kind: "Person";
  id: string;
  fullName: string | null;
}
export interface RelationNode {
  kind: "ContactRelation";
  id: string;
  relationId: number;
  activeText: string | null;
  createdDate: Date | null;
  source: EndRef | null;
  target: EndRef | null;
}
export type EndRef = { kind: "Contact" | "Person"; id: number };

interface RelationWire {
  RelationId: number;
  SourceContactId: number;
  SourcePersonId: number;
  DestinationContactId: number;
  DestinationPersonId: number;
  ActiveText?: string;
  CreatedDate?: string;
}

export interface CreateInput {
  sourceContactId: number;
  sourcePersonId?: number | null;
  destinationContactId: number;
  destinationPersonId?: number | null;
  relationDefinitionId: number;
  reversed?: boolean | null;
  comment?: string | null;
}

const id = (kind: string, key: number) => encodeId({ vendor: "SUPEROFFICE", connection: "default", kind: kind as "Contact", key: [String(key)] });

export class SuperOfficeRest {
  private readonly pool: Pool;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly postHeaders: Record<string, string>;

  constructor(target: SuperOfficeTarget) {
    const url = new URL(target.baseUrl);
    this.pool = new Pool(url.origin, { connections: 128, keepAliveTimeout: 10_000, pipelining: 1 });
    this.base = url.pathname.replace(/\/+$/, "");
    this.headers = {
      accept: "application/json",
      "user-agent": USER_AGENT,
      authorization: target.authorization,
      ...(target.appToken && { "so-apptoken": target.appToken }),
      ...(target.language && { "accept-language": target.language }),
    };
    this.postHeaders = { ...this.headers, "content-type": "application/json" };
  }

  /** One request's loaders. */
  loaders() {
    const one = <V>(fetch: (key: number) => Promise<V>) => new DataLoader<number, V>((keys) => Promise.all(keys.map(fetch)));
    const loaders = {
      contact: one(async (key): Promise<ContactNode | null> => {
        const wire = (await this.get(`/Contact/${key}`)) as { ContactId: number; Name?: string } | null;
        return wire && { kind: "Contact", id: id("Contact", wire.ContactId), nativeId: wire.ContactId, name: wire.Name || null };
      }),
      person: one(async (key): Promise<PersonNode | null> => {
        const wire = (await this.get(`/Person/${key}`)) as { PersonId: number; FullName?: string } | null;
        return wire && { kind: "Person", id: id("Person", wire.PersonId), fullName: wire.FullName || null };
      }),
      relation: one(async (key): Promise<RelationNode | null> => {
        const wire = (await this.get(`/Relation/${key}`)) as RelationWire | null;
        return wire && toRelation(wire);
      }),
      end: (ref: EndRef | null) => (ref === null ? null : ref.kind === "Person" ? loaders.person.load(ref.id) : loaders.contact.load(ref.id)),
      /** The contact's relation ids (one more than asked, as the gateway reads), then each relation. */
      relationsOf: async (contactId: number, first: number): Promise<RelationNode[]> => {
        const list = (await this.get(`/Contact/${contactId}/Relations?%24select=relationId&%24orderBy=relationId&%24top=${first + 1}&%24skip=0`)) as {
          value: Array<{ relationId: number }>;
        } | null;
        const ids = [...new Set((list?.value ?? []).slice(0, first).map((row) => Number(row.relationId)))];
        const relations = await Promise.all(ids.map((relationId) => loaders.relation.load(relationId)));
        return relations.filter((r): r is RelationNode => r !== null);
      },
    };
    return loaders;
  }

  async create(input: CreateInput): Promise<RelationNode> {
    const body = JSON.stringify({
      RelationId: 0,
      SourceContactId: input.sourceContactId,
      SourcePersonId: input.sourcePersonId ?? 0,
      DestinationContactId: input.destinationContactId,
      DestinationPersonId: input.destinationPersonId ?? 0,
      RelationDefinitionId: input.relationDefinitionId,
      Reversed: input.reversed ? 1 : 0,
      Comment: input.comment ?? "",
    });
    const res = await this.pool.request({ method: "POST", path: `${this.base}/Relation`, headers: this.postHeaders, body });
    const text = await res.body.text();
    if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`SuperOffice answered POST /Relation with HTTP ${res.statusCode}`);
    return toRelation(JSON.parse(text) as RelationWire);
  }

  private async get(path: string): Promise<unknown> {
    const res = await this.pool.request({ method: "GET", path: this.base + path, headers: this.headers });
    const text = await res.body.text();
    if (res.statusCode === 404) return null;
    if (res.statusCode !== 200) throw new Error(`SuperOffice answered GET with HTTP ${res.statusCode}`);
    return JSON.parse(text);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export type Loaders = ReturnType<SuperOfficeRest["loaders"]>;

function toRelation(wire: RelationWire): RelationNode {
  const end = (contactId: number, personId: number): EndRef | null =>
    personId > 0 ? { kind: "Person", id: personId } : contactId > 0 ? { kind: "Contact", id: contactId } : null;
  const created = wire.CreatedDate && !wire.CreatedDate.startsWith("0001-01-01") ? new Date(wire.CreatedDate) : null;
  return {
    kind: "ContactRelation",
    id: id("ContactRelation", wire.RelationId),
    relationId: wire.RelationId,
    activeText: wire.ActiveText || null,
    createdDate: created,
    source: end(wire.SourceContactId, wire.SourcePersonId),
    target: end(wire.DestinationContactId, wire.DestinationPersonId),
  };
}
