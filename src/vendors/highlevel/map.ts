import type {
  AssociationRelation,
  AssociationType,
  Contact,
  HlRecord,
  JsonObject,
  NodeRef,
} from "../../domain/entities.js";
import { encodeId } from "../../domain/ids.js";
import type { AssociationWire, ContactWire, CreateRelationBody, ErrorBodyWire, RecordWire, RelationWire } from "./wire.js";

/** HighLevel wire → domain, as plain functions. */

const VENDOR = "HIGHLEVEL" as const;
export const CONTACT_OBJECT_KEY = "contact";
export const CUSTOM_OBJECT_PREFIX = "custom_objects.";
/** Standard objects are addressed by their bare key; only custom objects take the prefix. */
const STANDARD_OBJECT_KEYS: ReadonlySet<string> = new Set(["business", "opportunity"]);

/** `pets` and `custom_objects.pets` name the same schema; paths and entities use the prefixed form. */
export function normaliseObjectKey(objectKey: string): string {
  if (objectKey.startsWith(CUSTOM_OBJECT_PREFIX) || STANDARD_OBJECT_KEYS.has(objectKey)) return objectKey;
  return CUSTOM_OBJECT_PREFIX + objectKey;
}

/** The ref of a relation end: a Contact for the `contact` object, a Record otherwise. */
export function endRef(connection: string, objectKey: string | null, recordId: string): NodeRef | null {
  if (!objectKey) return null;
  if (objectKey === CONTACT_OBJECT_KEY) return { vendor: VENDOR, connection, kind: "Contact", key: [recordId] };
  return { vendor: VENDOR, connection, kind: "Record", key: [normaliseObjectKey(objectKey), recordId] };
}

export function toContact(connection: string, wire: ContactWire): Contact {
  const fullName = [wire.firstName, wire.lastName].filter((part) => part).join(" ");
  return {
    kind: "Contact",
    id: encodeId({ vendor: VENDOR, connection, kind: "Contact", key: [wire.id] }),
    vendor: VENDOR,
    connection,
    nativeId: wire.id,
    name: wire.name || fullName || null,
    email: wire.email || null,
    phone: wire.phone || null,
    properties: wire as JsonObject,
  };
}

/** `objectKey` in its normalised (prefixed) form. */
export function toRecord(connection: string, objectKey: string, wire: RecordWire): HlRecord {
  return {
    kind: "Record",
    id: encodeId({ vendor: VENDOR, connection, kind: "Record", key: [objectKey, wire.id] }),
    vendor: VENDOR,
    connection,
    nativeId: wire.id,
    objectKey,
    properties: wire as JsonObject,
  };
}

/** The created relation: ids from the request (the answer does not repeat them), the rest from the answer. */
export function toCreatedRelation(connection: string, body: CreateRelationBody, answer: AssociationWire): AssociationRelation {
  return toRelation(connection, {
    relationId: answer.id,
    locationId: answer.locationId || body.locationId,
    associationId: body.associationId,
    firstRecordId: body.firstRecordId,
    secondRecordId: body.secondRecordId,
    association: answer,
    properties: answer as JsonObject,
  });
}

/**
 * A listed relation; `association` (its definition, when known) supplies the key, labels and
 * type, and the object keys when the row lacks them.
 */
export function toListedRelation(
  connection: string,
  wire: RelationWire,
  association: AssociationWire | null,
  fallbackLocationId: string,
): AssociationRelation {
  return toRelation(connection, {
    relationId: wire.id,
    locationId: wire.locationId || association?.locationId || fallbackLocationId,
    associationId: wire.associationId,
    firstRecordId: wire.firstRecordId,
    secondRecordId: wire.secondRecordId,
    association: {
      ...association,
      firstObjectKey: wire.firstObjectKey || association?.firstObjectKey,
      secondObjectKey: wire.secondObjectKey || association?.secondObjectKey,
    },
    properties: wire as JsonObject,
  });
}

interface RelationParts {
  relationId: string;
  locationId: string;
  associationId: string;
  firstRecordId: string;
  secondRecordId: string;
  association: Partial<AssociationWire>;
  properties: JsonObject;
}

function toRelation(connection: string, parts: RelationParts): AssociationRelation {
  const { association: a } = parts;
  const firstObjectKey = text(a.firstObjectKey);
  const secondObjectKey = text(a.secondObjectKey);
  return {
    kind: "AssociationRelation",
    id: encodeId({ vendor: VENDOR, connection, kind: "AssociationRelation", key: [parts.relationId, parts.firstRecordId] }),
    vendor: VENDOR,
    connection,
    relationId: parts.relationId,
    locationId: parts.locationId,
    associationId: parts.associationId,
    firstRecordId: parts.firstRecordId,
    secondRecordId: parts.secondRecordId,
    key: text(a.key),
    firstObjectKey,
    firstObjectLabel: text(a.firstObjectLabel),
    secondObjectKey,
    secondObjectLabel: text(a.secondObjectLabel),
    associationType: associationType(a.associationType),
    properties: parts.properties,
    sourceRef: endRef(connection, firstObjectKey, parts.firstRecordId),
    targetRef: endRef(connection, secondObjectKey, parts.secondRecordId),
  };
}

/** The vendor's messages from an error body: `message` is a string (400) or a list (422). */
export function errorMessages(body: ErrorBodyWire | null, status: number): string[] {
  const message = body?.message;
  const messages = (Array.isArray(message) ? message : message ? [message] : []).filter((m) => m.trim() !== "");
  if (messages.length > 0) return messages;
  return body?.error ? [body.error] : [`Rejected with HTTP ${status}`];
}

/** HighLevel answers a repeated pair with 400 and this wording, not 409. */
export function isDuplicateRelation(messages: string[]): boolean {
  return messages.some((m) => /duplicate relation/i.test(m));
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function associationType(value: unknown): AssociationType | null {
  return value === "USER_DEFINED" || value === "SYSTEM_DEFINED" ? value : null;
}
