import type { Associate, Contact, ContactRelation, JsonObject, NodeRef, Person, RelationType } from "../../domain/entities.js";
import { encodeId } from "../../domain/ids.js";
import type { CreateContactRelationInput } from "./validate.js";
import type { AssociateWire, ContactRelationSaveWire, ContactRelationWire, ContactWire, PersonWire, RelationDefinitionWire, MdoListItemWire } from "./wire.js";

/** Plain wire ↔ domain functions for SuperOffice; no I/O. */

const VENDOR = "SUPEROFFICE";

export function ref(connection: string, kind: "Contact" | "Person" | "ContactRelation" | "RelationType", id: number | string): NodeRef {
  return { vendor: VENDOR, connection, kind, key: [String(id)] };
}

/**
 * The POST Relation body. Unset persons are sent as 0, the value SuperOffice's carrier holds
 * for "no person" (its int32 fields are not nullable; GET Relation/default returns 0 too).
 */
export function toContactRelationSave(input: CreateContactRelationInput): ContactRelationSaveWire {
  return {
    RelationId: 0,
    SourceContactId: input.sourceContactId,
    SourcePersonId: input.sourcePersonId ?? 0,
    DestinationContactId: input.destinationContactId,
    DestinationPersonId: input.destinationPersonId ?? 0,
    RelationDefinitionId: input.relationDefinitionId,
    Reversed: input.reversed ? 1 : 0,
    Comment: input.comment ?? "",
  };
}

export function toContactRelation(connection: string, wire: ContactRelationWire): ContactRelation {
  const sourceContactId = positive(wire.SourceContactId);
  const sourcePersonId = positive(wire.SourcePersonId);
  const destinationContactId = positive(wire.DestinationContactId);
  const destinationPersonId = positive(wire.DestinationPersonId);
  return {
    kind: "ContactRelation",
    id: encodeId(ref(connection, "ContactRelation", wire.RelationId)),
    vendor: VENDOR,
    connection,
    properties: wire as JsonObject,
    nativeId: String(wire.RelationId),
    relationId: wire.RelationId,
    relationDefinitionId: wire.RelationDefinitionId ?? 0,
    reversed: (wire.Reversed ?? 0) !== 0,
    comment: nonEmpty(wire.Comment),
    activeText: nonEmpty(wire.ActiveText),
    passiveText: nonEmpty(wire.PassiveText),
    sourceContactId,
    sourcePersonId,
    destinationContactId,
    destinationPersonId,
    createdDate: toDate(wire.CreatedDate),
    updatedDate: toDate(wire.UpdatedDate),
    createdBy: toAssociate(wire.CreatedBy),
    updatedBy: toAssociate(wire.UpdatedBy),
    sourceRef: endRef(connection, sourceContactId, sourcePersonId),
    targetRef: endRef(connection, destinationContactId, destinationPersonId),
    typeRef: wire.RelationDefinitionId ? ref(connection, "RelationType", wire.RelationDefinitionId) : null,
  };
}

/** The end kinds of a relation definition: what the Source/Destination enum allows there. */
export type SoEndKind = "CONTACT" | "PERSON";
const END_KINDS: Record<string, SoEndKind[]> = {
  none: [],
  contact: ["CONTACT"],
  person: ["PERSON"],
  both: ["CONTACT", "PERSON"],
  "0": [],
  "1": ["CONTACT"],
  "2": ["PERSON"],
  "3": ["CONTACT", "PERSON"],
};

/** A value the enum does not have (or none) restricts nothing: the vendor's own check applies then. */
export function endKinds(value: string | number | null | undefined): SoEndKind[] {
  return END_KINDS[String(value ?? "").trim().toLowerCase()] ?? ["CONTACT", "PERSON"];
}

/**
 * A relation definition as a catalogue entry: name the active text, inverse the passive one.
 * Null for a deleted definition and for one that relates no contacts or persons at an end
 * (links between documents, sales or follow-ups): createContactRelation cannot use those.
 */
export function toRelationType(connection: string, wire: RelationDefinitionWire): RelationType | null {
  const sourceKinds = endKinds(wire.Source);
  const targetKinds = endKinds(wire.Destination);
  if (wire.Deleted || wire.ReldefId <= 0 || sourceKinds.length === 0 || targetKinds.length === 0) return null;
  return {
    kind: "RelationType",
    id: encodeId(ref(connection, "RelationType", wire.ReldefId)),
    vendor: VENDOR,
    connection,
    properties: wire as JsonObject,
    nativeId: String(wire.ReldefId),
    name: nonEmpty(wire.Name) ?? String(wire.ReldefId),
    inverseName: nonEmpty(wire.PassiveText),
    sourceKinds,
    targetKinds,
  };
}

/**
 * A catalogue entry from its MDO list item alone (past the catalogue's read cap): its ends are
 * not known, so both kinds are allowed at each and the vendor's own check of a create decides.
 */
export function toListedRelationType(connection: string, item: MdoListItemWire): RelationType {
  return {
    kind: "RelationType",
    id: encodeId(ref(connection, "RelationType", item.Id)),
    vendor: VENDOR,
    connection,
    properties: item as JsonObject,
    nativeId: String(item.Id),
    name: nonEmpty(item.Name) ?? String(item.Id),
    inverseName: null,
    sourceKinds: ["CONTACT", "PERSON"],
    targetKinds: ["CONTACT", "PERSON"],
  };
}

export function toContact(connection: string, wire: ContactWire): Contact {
  return {
    kind: "Contact",
    id: encodeId(ref(connection, "Contact", wire.ContactId)),
    vendor: VENDOR,
    connection,
    properties: wire as JsonObject,
    nativeId: String(wire.ContactId),
    name: nonEmpty(wire.Name),
    email: firstValue(wire.Emails),
    phone: firstValue(wire.Phones),
  };
}

export function toPerson(connection: string, wire: PersonWire): Person {
  const contactId = positive(wire.Contact?.ContactId);
  return {
    kind: "Person",
    id: encodeId(ref(connection, "Person", wire.PersonId)),
    vendor: VENDOR,
    connection,
    properties: wire as JsonObject,
    nativeId: String(wire.PersonId),
    firstName: nonEmpty(wire.Firstname),
    lastName: nonEmpty(wire.Lastname),
    fullName: nonEmpty(wire.FullName),
    email: firstValue(wire.Emails),
    contactId: contactId === null ? null : String(contactId),
  };
}

export function toAssociate(wire: AssociateWire | null | undefined): Associate | null {
  if (!wire || wire.AssociateId <= 0) return null;
  return { associateId: wire.AssociateId, name: nonEmpty(wire.Name), fullName: nonEmpty(wire.FullName) };
}

/** An ISO date-time, or null for none (SuperOffice's unset dates read `0001-01-01T00:00:00`). */
export function toDate(value: string | null | undefined): Date | null {
  if (!value || value.startsWith("0001-01-01")) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Relation ends: the person when there is one, else the company. */
function endRef(connection: string, contactId: number | null, personId: number | null): NodeRef | null {
  if (personId !== null) return ref(connection, "Person", personId);
  if (contactId !== null) return ref(connection, "Contact", contactId);
  return null;
}

/** SuperOffice uses 0 for "no such reference". */
function positive(value: number | null | undefined): number | null {
  return typeof value === "number" && value > 0 ? value : null;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value ? value : null;
}

function firstValue(points: Array<{ Value?: string | null | undefined }> | null | undefined): string | null {
  return points?.map((p) => p.Value).find((v): v is string => !!v) ?? null;
}
