import type {
  AssociationRelation,
  AssociationType,
  Contact,
  HlRecord,
  JsonObject,
  NodeRef,
  RelationType,
} from "../../domain/entities.js";
import { encodeId } from "../../domain/ids.js";
import type { AssociationWire, ContactWire, CreateRelationBody, RecordWire, RelationWire } from "./wire.js";

/** HighLevel wire → domain, as plain functions: `(connection, wire, …context)`. */

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
export function toRecord(connection: string, wire: RecordWire, objectKey: string): HlRecord {
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

/** An association (relation type) as relations use it: what the loader and the connection cache hold. */
export interface AssociationDefinition {
  id: string;
  key: string | null;
  firstObjectKey: string | null;
  firstObjectLabel: string | null;
  secondObjectKey: string | null;
  secondObjectLabel: string | null;
  associationType: AssociationType | null;
  locationId: string | null;
}

/** Labels and object keys are read only when they are strings (the spec types them `object`). */
export function toAssociationDefinition(_connection: string, wire: AssociationWire): AssociationDefinition {
  return {
    id: wire.id,
    key: text(wire.key),
    firstObjectKey: text(wire.firstObjectKey),
    firstObjectLabel: text(wire.firstObjectLabel),
    secondObjectKey: text(wire.secondObjectKey),
    secondObjectLabel: text(wire.secondObjectLabel),
    associationType: associationType(wire.associationType),
    locationId: text(wire.locationId),
  };
}

/** The created relation: ids from the request (the answer does not repeat them), the rest from the answer. */
export function toCreatedRelation(connection: string, answer: AssociationWire, body: CreateRelationBody): AssociationRelation {
  const definition = toAssociationDefinition(connection, answer);
  return toRelation(connection, {
    relationId: answer.id,
    locationId: definition.locationId ?? body.locationId,
    associationId: body.associationId,
    firstRecordId: body.firstRecordId,
    secondRecordId: body.secondRecordId,
    definition,
    properties: answer as JsonObject,
  });
}

/**
 * A listed relation; `definition` (its association, when known) supplies the key, labels and
 * type, and the object keys when the row lacks them.
 */
export function toListedRelation(
  connection: string,
  wire: RelationWire,
  definition: AssociationDefinition | null,
  fallbackLocationId: string,
): AssociationRelation {
  return toRelation(connection, {
    relationId: wire.id,
    locationId: wire.locationId || definition?.locationId || fallbackLocationId,
    associationId: wire.associationId,
    firstRecordId: wire.firstRecordId,
    secondRecordId: wire.secondRecordId,
    definition: {
      key: definition?.key ?? null,
      firstObjectKey: text(wire.firstObjectKey) ?? definition?.firstObjectKey ?? null,
      firstObjectLabel: definition?.firstObjectLabel ?? null,
      secondObjectKey: text(wire.secondObjectKey) ?? definition?.secondObjectKey ?? null,
      secondObjectLabel: definition?.secondObjectLabel ?? null,
      associationType: definition?.associationType ?? null,
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
  definition: Omit<AssociationDefinition, "id" | "locationId">;
  properties: JsonObject;
}

function toRelation(connection: string, parts: RelationParts): AssociationRelation {
  const { definition: d } = parts;
  return {
    kind: "AssociationRelation",
    id: encodeId({ vendor: VENDOR, connection, kind: "AssociationRelation", key: [parts.relationId, parts.firstRecordId] }),
    vendor: VENDOR,
    connection,
    nativeId: parts.relationId,
    relationId: parts.relationId,
    locationId: parts.locationId,
    associationId: parts.associationId,
    firstRecordId: parts.firstRecordId,
    secondRecordId: parts.secondRecordId,
    key: d.key,
    firstObjectKey: d.firstObjectKey,
    firstObjectLabel: d.firstObjectLabel,
    secondObjectKey: d.secondObjectKey,
    secondObjectLabel: d.secondObjectLabel,
    associationType: d.associationType,
    properties: parts.properties,
    sourceRef: endRef(connection, d.firstObjectKey, parts.firstRecordId),
    targetRef: endRef(connection, d.secondObjectKey, parts.secondRecordId),
    typeRef: { vendor: VENDOR, connection, kind: "RelationType", key: [parts.associationId] },
  };
}

/** An association as a catalogue entry: named by its key, the second object's label as the inverse, object keys as end kinds. */
export function toRelationType(connection: string, wire: AssociationWire): RelationType {
  const definition = toAssociationDefinition(connection, wire);
  return {
    kind: "RelationType",
    id: encodeId({ vendor: VENDOR, connection, kind: "RelationType", key: [wire.id] }),
    vendor: VENDOR,
    connection,
    properties: wire as JsonObject,
    nativeId: wire.id,
    name: definition.key ?? wire.id,
    inverseName: definition.secondObjectLabel,
    sourceKinds: definition.firstObjectKey ? [definition.firstObjectKey] : [],
    targetKinds: definition.secondObjectKey ? [definition.secondObjectKey] : [],
  };
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function associationType(value: unknown): AssociationType | null {
  return value === "USER_DEFINED" || value === "SYSTEM_DEFINED" ? value : null;
}
