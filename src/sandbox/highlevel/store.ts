import { randomBytes } from "node:crypto";
import {
  DEMO_ASSOCIATIONS,
  DEMO_CONTACTS,
  DEMO_RECORDS,
  DEMO_RELATIONS,
  type DemoAssociation,
  type DemoContact,
  type DemoRecord,
  type DemoRelation,
} from "./data.js";

/** The sandbox's in-memory HighLevel: contacts, object records, associations and relations, per location. */

const DEMO_DATE = "2024-05-01T09:30:00.000Z";
const DEMO_OWNER = "usrSandboxOwner00001";

export type StoredRelation = DemoRelation;

export class HighLevelStore {
  private readonly contacts = new Map<string, DemoContact>();
  private readonly records = new Map<string, DemoRecord>();
  private readonly associations = new Map<string, DemoAssociation>();
  /** Insertion order is the order lists answer in. */
  private readonly relations = new Map<string, StoredRelation>();

  constructor() {
    DEMO_CONTACTS.forEach((c) => this.contacts.set(c.id, c));
    DEMO_RECORDS.forEach((r) => this.records.set(r.id, r));
    DEMO_ASSOCIATIONS.forEach((a) => this.associations.set(a.id, a));
    DEMO_RELATIONS.forEach((r) => this.relations.set(r.id, { ...r }));
  }

  contact(id: string): DemoContact | undefined {
    return this.contacts.get(id);
  }

  record(id: string): DemoRecord | undefined {
    return this.records.get(id);
  }

  /** Object schemas a location has: those of its records and of its associations' ends. */
  hasSchema(locationId: string, objectKey: string): boolean {
    if (objectKey === "contact") return false;
    for (const r of this.records.values()) if (r.locationId === locationId && r.objectKey === objectKey) return true;
    for (const a of this.associations.values()) {
      if (a.locationId === locationId && (a.firstObjectKey === objectKey || a.secondObjectKey === objectKey)) return true;
    }
    return false;
  }

  /** Whether `id` is a record of object `objectKey` in the location (`contact` means a contact id). */
  isRecordOf(locationId: string, objectKey: string, id: string): boolean {
    if (objectKey === "contact") return this.contacts.get(id)?.locationId === locationId;
    const record = this.records.get(id);
    return record !== undefined && record.locationId === locationId && record.objectKey === objectKey;
  }

  association(id: string): DemoAssociation | undefined {
    return this.associations.get(id);
  }

  associationByKey(locationId: string, key: string): DemoAssociation | undefined {
    return [...this.associations.values()].find((a) => a.locationId === locationId && a.key === key);
  }

  associationsOf(locationId: string): DemoAssociation[] {
    return [...this.associations.values()].filter((a) => a.locationId === locationId);
  }

  relation(id: string): StoredRelation | undefined {
    return this.relations.get(id);
  }

  /** Relations with `recordId` at either end, optionally only of some associations. */
  relationsOf(locationId: string, recordId: string, associationIds: string[]): StoredRelation[] {
    return [...this.relations.values()].filter(
      (r) =>
        r.locationId === locationId &&
        (r.firstRecordId === recordId || r.secondRecordId === recordId) &&
        (associationIds.length === 0 || associationIds.includes(r.associationId)),
    );
  }

  /** An existing relation of the same pair; for a same-object association either order counts. */
  duplicateOf(association: DemoAssociation, firstRecordId: string, secondRecordId: string): StoredRelation | undefined {
    const symmetric = association.firstObjectKey === association.secondObjectKey;
    return [...this.relations.values()].find(
      (r) =>
        r.associationId === association.id &&
        ((r.firstRecordId === firstRecordId && r.secondRecordId === secondRecordId) ||
          (symmetric && r.firstRecordId === secondRecordId && r.secondRecordId === firstRecordId)),
    );
  }

  addRelation(relation: Omit<StoredRelation, "id">): StoredRelation {
    const stored = { id: newId(), ...relation };
    this.relations.set(stored.id, stored);
    return stored;
  }

  deleteRelation(id: string): boolean {
    return this.relations.delete(id);
  }
}

/** The vendor's contact JSON (a subset of `GetContectByIdSchema`). */
export function contactJson(c: DemoContact): Record<string, unknown> {
  return {
    id: c.id,
    name: `${c.firstName} ${c.lastName}`,
    locationId: c.locationId,
    firstName: c.firstName,
    lastName: c.lastName,
    firstNameLowerCase: c.firstName.toLowerCase(),
    lastNameLowerCase: c.lastName.toLowerCase(),
    fullNameLowerCase: `${c.firstName} ${c.lastName}`.toLowerCase(),
    email: c.email,
    emailLowerCase: c.email.toLowerCase(),
    timezone: "Europe/London",
    companyName: c.companyName,
    phone: c.phone,
    dnd: false,
    dndSettings: {},
    type: "lead",
    source: "sandbox",
    assignedTo: DEMO_OWNER,
    tags: ["demo"],
    dateAdded: DEMO_DATE,
    dateUpdated: DEMO_DATE,
    customFields: [],
    attachments: [],
  };
}

/** The vendor's record JSON (`IRecordSchema`): properties keys carry no schema prefix. */
export function recordJson(r: DemoRecord): Record<string, unknown> {
  return {
    id: r.id,
    owner: [DEMO_OWNER],
    followers: [],
    properties: r.properties,
    dateAdded: DEMO_DATE,
    dateUpdated: DEMO_DATE,
  };
}

/** The relation JSON lists answer with (shape observed in the wild). */
export function relationJson(r: StoredRelation, association: DemoAssociation | undefined): Record<string, unknown> {
  return {
    id: r.id,
    associationId: r.associationId,
    firstRecordId: r.firstRecordId,
    secondRecordId: r.secondRecordId,
    locationId: r.locationId,
    ...(association && { firstObjectKey: association.firstObjectKey, secondObjectKey: association.secondObjectKey }),
  };
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A 20-character id like the vendor's. */
function newId(): string {
  return [...randomBytes(20)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
}
