import type { RecordedRequest, Router, SandboxReply } from "../http.js";
import { applySelect, Carriers, selectColumns } from "./carriers.js";
import type { RelationDefinitionRecord, RelationEnds, RelationRecord, SuperOfficeData } from "./data.js";
import { soError, SoRuleError } from "./errors.js";
import { requestLanguage } from "./language.js";
import { principalCarrier } from "./principal.js";

/** Page size of the relation lists when `$top` is absent: our choice, the vendor does not say. */
export const DEFAULT_PAGE_SIZE = 50;

/** Length of `relations.relcomment` (String(254) in SuperOffice's database reference). */
export const COMMENT_MAX_LENGTH = 254;

/** What the routes need from the running sandbox. */
export interface SuperOfficeStore {
  readonly data: SuperOfficeData;
  /** The associate a request authenticated as. */
  associateOf(req: RecordedRequest): number;
  /** Ids are never reused, even after a delete. */
  nextRelationId(): number;
}

const INT32_MAX = 2_147_483_647;

/** The vendor's routes, relative to the tenant's `/api/v1` root (`base`). */
export function registerRoutes(router: Router, base: string, baseUrl: string, store: SuperOfficeStore): void {
  const carriers = () => new Carriers(store.data, baseUrl);
  const opts = { caseInsensitive: true };

  router.on("GET", `${base}/Relation/default`, () => ({ status: 200, body: blankRelation() }), opts);

  router.on(
    "GET",
    `${base}/User/currentPrincipal`,
    (req) => {
      const associate = store.data.associates.get(store.associateOf(req));
      // Every credential the sandbox takes logs in as a known associate.
      if (!associate) return soError(401, "SoAuthenticationException", "No user is signed in");
      return { status: 200, body: principalCarrier(associate, base.split("/")[1] ?? "") };
    },
    opts,
  );

  router.on(
    "POST",
    `${base}/Relation`,
    (req) => {
      let fields: NewRelation;
      try {
        fields = newRelation(req.body, store.data);
      } catch (error) {
        if (error instanceof SoRuleError) return error.reply();
        throw error;
      }
      const id = store.nextRelationId();
      const associateId = store.associateOf(req);
      const record: RelationRecord = { ...fields, id, createdBy: associateId, updatedBy: associateId };
      store.data.relations.set(id, record);
      const entity = carriers().relation(record, requestLanguage(req));
      return { status: 200, body: applySelect(entity, req.query.get("$select")) };
    },
    opts,
  );

  router.on(
    "GET",
    `${base}/Relation/:id`,
    (req, { id }) => {
      const record = byId(store.data.relations, id);
      if (!record) return soError(404, "SoNotFoundException", `ContactRelation id ${id} not found`);
      const entity = carriers().relation(record, requestLanguage(req));
      return { status: 200, body: applySelect(entity, req.query.get("$select")), headers: lastModified(record.updatedDate) };
    },
    opts,
  );

  router.on(
    "DELETE",
    `${base}/Relation/:id`,
    (_req, { id }) => {
      const { relations } = store.data;
      const record = byId(relations, id);
      if (!record) return soError(404, "SoNotFoundException", `ContactRelation id ${id} not found`);
      relations.delete(record.id);
      return { status: 204 };
    },
    opts,
  );

  // The vendor's named lists; this sandbox has the one of relation definitions (`flat` is accepted, `query` filters by name).
  router.on(
    "GET",
    `${base}/MDOList/:listname`,
    (req, { listname = "" }) => {
      if (listname.toLowerCase() !== "relationdefinition") return soError(404, "SoNotFoundException", `No MDO list named '${listname}'`);
      const language = requestLanguage(req);
      const query = req.query.get("query")?.toLowerCase();
      const items = [...store.data.definitions.values()]
        .sort((a, b) => a.rank - b.rank)
        .map((d) => carriers().relationDefinitionItem(d, language))
        .filter((item) => !query || String(item.Name).toLowerCase().includes(query));
      return { status: 200, body: items };
    },
    opts,
  );

  router.on(
    "GET",
    `${base}/RelationDefinition/:id`,
    (req, { id }) => {
      const definition = byId(store.data.definitions, id);
      if (!definition) return soError(404, "SoNotFoundException", `RelationDefinitionEntity id ${id} not found`);
      return { status: 200, body: applySelect(carriers().relationDefinition(definition, requestLanguage(req)), req.query.get("$select")) };
    },
    opts,
  );

  router.on(
    "GET",
    `${base}/Contact/:id`,
    (req, { id }) => {
      const record = byId(store.data.contacts, id);
      if (!record) return soError(404, "SoNotFoundException", `Contact id ${id} not found`);
      return { status: 200, body: applySelect(carriers().contact(record), req.query.get("$select")), headers: lastModified(record.createdDate) };
    },
    opts,
  );

  router.on(
    "GET",
    `${base}/Person/:id`,
    (req, { id }) => {
      const record = byId(store.data.persons, id);
      if (!record) return soError(404, "SoNotFoundException", `Person id ${id} not found`);
      return { status: 200, body: applySelect(carriers().person(record), req.query.get("$select")), headers: lastModified(record.createdDate) };
    },
    opts,
  );

  router.on(
    "GET",
    `${base}/Contact/:id/Relations`,
    (req, { id }) => {
      const { data } = store;
      const contact = byId(data.contacts, id);
      if (!contact) return soError(404, "SoNotFoundException", `Contact id ${id} not found`);
      const rows = [...data.relations.values()].filter(
        (r) => r.sourceContactId === contact.id || r.destinationContactId === contact.id,
      );
      return relationList(req, rows, `${baseUrl}/Contact/${contact.id}/Relations`, carriers());
    },
    opts,
  );

  router.on(
    "GET",
    `${base}/Person/:id/Relations`,
    (req, { id }) => {
      const { data } = store;
      const person = byId(data.persons, id);
      if (!person) return soError(404, "SoNotFoundException", `Person id ${id} not found`);
      const rows = [...data.relations.values()].filter(
        (r) => r.sourcePersonId === person.id || r.destinationPersonId === person.id,
      );
      return relationList(req, rows, `${baseUrl}/Person/${person.id}/Relations`, carriers());
    },
    opts,
  );
}

function byId<T>(map: Map<number, T>, id: string | undefined): T | undefined {
  return id !== undefined && /^\d{1,10}$/.test(id) ? map.get(Number(id)) : undefined;
}

function lastModified(iso: string): Record<string, string> {
  return { "last-modified": new Date(iso).toUTCString() };
}

/** OData list over the Relation archive: `$select`, `$filter` (integer comparisons), `$orderBy`, `$top`, `$skip`, `odata.nextLink`. */
function relationList(req: RecordedRequest, records: RelationRecord[], listUrl: string, carriers: Carriers): SandboxReply {
  const top = odataInt(req, "$top");
  const skip = odataInt(req, "$skip");
  if (top instanceof SoRuleError) return top.reply();
  if (skip instanceof SoRuleError) return skip.reply();
  const filter = integerFilter(req.query.get("$filter"));
  if (filter instanceof SoRuleError) return filter.reply();
  const language = requestLanguage(req);
  let rows = records.sort((a, b) => a.id - b.id).map((r) => carriers.relationRow(r, language)).filter(filter);
  const orderBy = req.query.get("$orderBy") ?? req.query.get("$orderby");
  if (orderBy) rows = sortRows(rows, orderBy);
  const size = top ?? DEFAULT_PAGE_SIZE;
  const offset = skip ?? 0;
  const select = req.query.get("$select");
  const value = rows.slice(offset, offset + size).map((row) => selectColumns(row, select));
  const body: Record<string, unknown> = { "odata.metadata": `${listUrl.replace(/\/(Contact|Person)\/.*$/, "")}/archive$metadata` };
  if (offset + size < rows.length) {
    const next = new URLSearchParams();
    for (const [key, v] of req.query) if (key !== "$top" && key !== "$skip") next.append(key, v);
    next.set("$top", String(size));
    next.set("$skip", String(offset + size));
    body["odata.nextLink"] = `${listUrl}?${next.toString()}`;
  }
  body.value = value;
  return { status: 200, body };
}

const COMPARISONS = new Map<string, (x: number, y: number) => boolean>([
  ["eq", (x, y) => x === y],
  ["=", (x, y) => x === y],
  ["ne", (x, y) => x !== y],
  ["lt", (x, y) => x < y],
  ["less", (x, y) => x < y],
  ["le", (x, y) => x <= y],
  ["gt", (x, y) => x > y],
  ["greater", (x, y) => x > y],
  ["ge", (x, y) => x >= y],
]);

/**
 * The part of the archive's `$filter` this sandbox knows: integer comparisons of a column
 * (`relationId gt 1005`), joined by `and`; anything else is refused rather than ignored.
 */
function integerFilter(raw: string | null): ((row: Record<string, unknown>) => boolean) | SoRuleError {
  if (raw === null || raw.trim() === "") return () => true;
  const tests = raw.trim().split(/\s+and\s+/i).map((part) => {
    const match = /^([\w/]+)\s+(\S+)\s+(-?\d{1,10})$/.exec(part.trim());
    const compare = match && COMPARISONS.get(match[2]!.toLowerCase());
    if (!match || !compare) return null;
    const column = match[1]!.toLowerCase();
    const value = Number(match[3]);
    return (row: Record<string, unknown>) => {
      const cell = Object.entries(row).find(([key]) => key.toLowerCase() === column)?.[1];
      return typeof cell === "number" && compare(cell, value);
    };
  });
  if (tests.some((test) => test === null)) return new SoRuleError("SoValidationException", `$filter '${raw.slice(0, 80)}' is not supported by this sandbox`);
  return (row) => tests.every((test) => test!(row));
}

function odataInt(req: RecordedRequest, name: string): number | undefined | SoRuleError {
  const raw = req.query.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw.trim())) return new SoRuleError("SoValidationException", `${name} must be a non-negative integer`);
  return Number(raw.trim());
}

function sortRows(rows: Array<Record<string, unknown>>, orderBy: string): Array<Record<string, unknown>> {
  const keys = orderBy.split(",").map((part) => {
    const [column = "", direction = "asc"] = part.trim().split(/\s+/);
    return { column: column.toLowerCase(), desc: direction.toLowerCase() === "desc" };
  });
  const get = (row: Record<string, unknown>, column: string) =>
    Object.entries(row).find(([key]) => key.toLowerCase() === column)?.[1];
  return [...rows].sort((a, b) => {
    for (const { column, desc } of keys) {
      const x = get(a, column);
      const y = get(b, column);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""));
      if (order !== 0) return desc ? -order : order;
    }
    return 0;
  });
}

/**
 * The definition's Source/Destination against the ends (a person, or the company itself); a
 * reversed relation stands the other way round. Our rule: the vendor documents the enum, not
 * the refusal.
 */
function checkEnds(definition: RelationDefinitionRecord, reversed: number, sourcePersonId: number, destinationPersonId: number): void {
  const allows = (ends: RelationEnds, personId: number) => ends === "Both" || ends === (personId ? "Person" : "Contact");
  const [first, second] = reversed ? [destinationPersonId, sourcePersonId] : [sourcePersonId, destinationPersonId];
  if (!allows(definition.source, first) || !allows(definition.destination, second)) {
    throw new SoRuleError(
      "SoValidationException",
      `RelationDefinition id ${definition.id} relates ${definition.source} to ${definition.destination}; the relation's ends do not fit it`,
    );
  }
}

function blankRelation(): Record<string, unknown> {
  return {
    SourceContactId: 0,
    SourcePersonId: 0,
    DestinationContactId: 0,
    DestinationPersonId: 0,
    RelationId: 0,
    Comment: "",
    RelationDefinitionId: 0,
    Reversed: 0,
    UpdatedDate: "0001-01-01T00:00:00",
    CreatedDate: "0001-01-01T00:00:00",
    CreatedBy: null,
    UpdatedBy: null,
    SourceContactName: "",
    SourcePersonName: "",
    DestinationContactName: "",
    DestinationPersonName: "",
    ActiveText: "",
    PassiveText: "",
    TableRight: null,
    FieldProperties: {},
  };
}

/** Checks a POST body as SaveContactRelationEntity would and builds the new record (first failure wins). */
type NewRelation = Omit<RelationRecord, "id" | "createdBy" | "updatedBy">;

function newRelation(body: unknown, data: SuperOfficeData): NewRelation {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SoRuleError("SoValidationException", "Entity to save is not in request body");
  }
  const entity = body as Record<string, unknown>;
  // Carrier fields are looked up case-insensitively, as the vendor's JSON binding does.
  const field = (name: string) => Object.entries(entity).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const int = (name: string): number => {
    const value = field(name);
    if (value === undefined || value === null) return 0;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > INT32_MAX) {
      throw new SoRuleError("SoValidationException", `${name} must be a non-negative 32-bit integer`);
    }
    return value;
  };
  const relationId = int("RelationId");
  if (relationId !== 0) {
    throw new SoRuleError("SoValidationException", "RelationId must be 0 for a new relation; use PUT Relation/{id} to update");
  }
  const sourceContactId = int("SourceContactId");
  const sourcePersonId = int("SourcePersonId");
  const destinationContactId = int("DestinationContactId");
  const destinationPersonId = int("DestinationPersonId");
  const definitionId = int("RelationDefinitionId");
  if (sourceContactId === 0) throw new SoRuleError("SoValidationException", "SourceContactId is mandatory");
  if (destinationContactId === 0) throw new SoRuleError("SoValidationException", "DestinationContactId is mandatory");
  if (definitionId === 0) throw new SoRuleError("SoValidationException", "RelationDefinitionId is mandatory");
  for (const id of [sourceContactId, destinationContactId]) {
    if (!data.contacts.has(id)) throw new SoRuleError("SoNotFoundException", `Contact id ${id} not found`);
  }
  for (const [personId, contactId, end] of [
    [sourcePersonId, sourceContactId, "source"],
    [destinationPersonId, destinationContactId, "destination"],
  ] as const) {
    if (personId === 0) continue;
    const person = data.persons.get(personId);
    if (!person) throw new SoRuleError("SoNotFoundException", `Person id ${personId} not found`);
    if (person.contactId !== contactId) {
      throw new SoRuleError(
        "SoValidationException",
        `Person id ${personId} does not belong to the ${end} contact (contact id ${contactId})`,
      );
    }
  }
  const definition = data.definitions.get(definitionId);
  if (!definition) {
    throw new SoRuleError("SoNotFoundException", `RelationDefinition id ${definitionId} not found`);
  }
  if (definition.deleted) throw new SoRuleError("SoValidationException", `RelationDefinition id ${definitionId} is deleted`);
  const reversed = int("Reversed");
  if (reversed !== 0 && reversed !== 1) throw new SoRuleError("SoValidationException", "Reversed must be 0 or 1");
  checkEnds(definition, reversed, sourcePersonId, destinationPersonId);
  const comment = field("Comment") ?? "";
  if (typeof comment !== "string") throw new SoRuleError("SoValidationException", "Comment must be a string");
  if (comment.length > COMMENT_MAX_LENGTH) {
    throw new SoRuleError("SoValidationException", `Comment is longer than ${COMMENT_MAX_LENGTH} characters`);
  }
  const now = new Date().toISOString();
  return {
    definitionId,
    sourceContactId,
    sourcePersonId,
    destinationContactId,
    destinationPersonId,
    reversed,
    comment,
    createdDate: now,
    updatedDate: now,
  };
}
