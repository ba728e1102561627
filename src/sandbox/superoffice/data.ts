/**
 * Demo data of the SuperOffice sandbox: companies, their persons, relation definitions with
 * texts in two languages, associates, and relations. Contact 11 has 22 relations so paging,
 * and ends repeating among a few contacts and persons, can be exercised.
 */

/** A multi-language value, as SuperOffice stores it: one text per language code. */
export interface MultiLanguageText {
  NO: string;
  US: string;
}

export interface AssociateRecord {
  id: number;
  userName: string;
  fullName: string;
  personId: number;
  type: "InternalAssociate" | "SystemAssociate";
}

export interface ContactRecord {
  id: number;
  name: string;
  department: string;
  orgNr: string;
  emails: string[];
  phones: string[];
  createdDate: string;
  associateId: number;
}

export interface PersonRecord {
  id: number;
  contactId: number;
  firstname: string;
  lastname: string;
  title: string;
  email: string;
  phone: string;
  createdDate: string;
}

/** Which records a definition relates at an end: the Source/Destination enum (NSRelationDefinitionEntity: None, Contact, Person, Both). */
export type RelationEnds = "None" | "Contact" | "Person" | "Both";

export interface RelationDefinitionRecord {
  id: number;
  activeText: MultiLanguageText;
  passiveText: MultiLanguageText;
  tooltip: string;
  rank: number;
  deleted: boolean;
  source: RelationEnds;
  destination: RelationEnds;
}

export interface RelationRecord {
  id: number;
  definitionId: number;
  sourceContactId: number;
  /** 0 when the source end is the company itself. */
  sourcePersonId: number;
  destinationContactId: number;
  destinationPersonId: number;
  reversed: 0 | 1;
  comment: string;
  createdDate: string;
  updatedDate: string;
  createdBy: number;
  updatedBy: number;
}

export interface SuperOfficeData {
  associates: Map<number, AssociateRecord>;
  contacts: Map<number, ContactRecord>;
  persons: Map<number, PersonRecord>;
  definitions: Map<number, RelationDefinitionRecord>;
  relations: Map<number, RelationRecord>;
}

/** Who each credential logs in as (CreatedBy/UpdatedBy of what it creates). */
export const SYSTEM_USER_ASSOCIATE_ID = 5;
export const BEARER_USER_ASSOCIATE_ID = 1;
export const BASIC_USER_ASSOCIATE_ID = 2;

/** Ids the gateway's tests and playground examples can rely on. */
export const SUPEROFFICE_DEMO = {
  /** The contact with 22 relations. */
  hubContactId: 11,
  /** Persons of the hub contact. */
  hubPersonIds: [101, 102, 109] as const,
  /** A person of the hub contact with 4 relations. */
  busyPersonId: 101,
  contactIds: [11, 12, 13, 14, 15, 16, 17] as const,
  personIds: [101, 102, 103, 104, 105, 106, 107, 108, 109, 110] as const,
  /** Person 103 belongs to contact 12 (so it is "of another contact" for contact 11). */
  personOfContact12: 103,
  /** Definitions a contact relation can use (the catalogue); 5 is deleted and 9 relates documents. */
  relationDefinitionIds: [1, 2, 3, 4] as const,
  /** Companies only at both ends. */
  companiesOnlyDefinitionId: 3,
  /** A person at the first end. */
  personFirstDefinitionId: 4,
  deletedRelationDefinitionId: 5,
  documentLinkDefinitionId: 9,
  /** Relation 1001: Nordlys Shipping (11) is supplier to Fjordkraft Consulting (12). */
  companyRelationId: 1001,
  /** Relation 1010: Ingrid Berg (101, of 11) is partner of Erik Lund (104, of 12). */
  personRelationId: 1010,
  /** Relation 1007: reversed (definition 2). */
  reversedRelationId: 1007,
  /** Relation 1027 (Trondheim Robotics ↔ Per Strand): the one the playground's DeleteRelation tab deletes. */
  playgroundDeletedRelationId: 1027,
  hubRelationCount: 22,
  relationCount: 27,
  /** Ids that exist nowhere. */
  missingContactId: 99999,
  missingPersonId: 99998,
  missingRelationId: 99997,
  missingRelationDefinitionId: 999,
} as const;

const ASSOCIATES: AssociateRecord[] = [
  { id: 1, userName: "KARI", fullName: "Kari Nordmann", personId: 901, type: "InternalAssociate" },
  { id: 2, userName: "OLA", fullName: "Ola Hansen", personId: 902, type: "InternalAssociate" },
  { id: 5, userName: "SYSTEM", fullName: "System user (integration)", personId: 905, type: "SystemAssociate" },
];

const CONTACTS: Array<[number, string, string, string]> = [
  [11, "Nordlys Shipping AS", "", "912345678"],
  [12, "Fjordkraft Consulting AS", "Advisory", "923456789"],
  [13, "Polar Logistics Ltd", "", "GB123456789"],
  [14, "Bergen Marine Supply", "Sales", "934567890"],
  [15, "Oslo Analytics AS", "", "945678901"],
  [16, "Trondheim Robotics", "R&D", "956789012"],
  [17, "Stavanger Offshore Partners", "", "967890123"],
];

const PERSONS: Array<[number, number, string, string, string]> = [
  [101, 11, "Ingrid", "Berg", "CEO"],
  [102, 11, "Lars", "Olsen", "Head of Purchasing"],
  [103, 12, "Sofie", "Dahl", "Partner"],
  [104, 12, "Erik", "Lund", "Consultant"],
  [105, 13, "Emma", "Wilson", "Operations Manager"],
  [106, 14, "Jonas", "Bakke", "Key Account Manager"],
  [107, 15, "Nora", "Haugen", "Data Scientist"],
  [108, 16, "Mats", "Eriksen", "CTO"],
  [109, 11, "Hanna", "Moe", "Logistics Coordinator"],
  [110, 17, "Per", "Strand", "Managing Director"],
];

// [id, active NO/US, passive NO/US, source, destination, deleted]
const DEFINITIONS: Array<[number, [string, string], [string, string], RelationEnds, RelationEnds, boolean]> = [
  [1, ["Leverandør til", "Supplier to"], ["Kunde av", "Customer of"], "Both", "Both", false],
  [2, ["Partner med", "Partner of"], ["Partner med", "Partner of"], "Both", "Both", false],
  // Companies only: a person at either end is refused.
  [3, ["Morselskap til", "Parent company of"], ["Datterselskap av", "Subsidiary of"], "Contact", "Contact", false],
  // A person stands for a company or a person of it.
  [4, ["Kontaktperson for", "Contact person for"], ["Har kontaktperson", "Has contact person"], "Person", "Both", false],
  // Deleted: the MDO list still shows it (Deleted: true); new relations cannot use it.
  [5, ["Tidligere partner", "Former partner"], ["Tidligere partner", "Former partner"], "Both", "Both", true],
  // Relates documents, not contacts or persons (as the vendor's "Link to document" sample).
  [9, ["Lenke til dokument", "Link to document"], ["Lenke fra dokument", "Linked from document"], "None", "None", false],
];

// [id, definition, sourceContact, sourcePerson, destinationContact, destinationPerson, reversed, comment]
const RELATIONS: Array<[number, number, number, number, number, number, 0 | 1, string]> = [
  [1001, 1, 11, 0, 12, 0, 0, "Framework agreement 2024"],
  [1002, 1, 13, 0, 11, 0, 0, ""],
  [1003, 2, 11, 0, 14, 0, 0, "Joint bids on port contracts"],
  [1004, 3, 11, 0, 15, 0, 0, ""],
  [1005, 4, 11, 101, 12, 0, 0, ""],
  [1006, 4, 11, 102, 13, 0, 0, "Purchasing contact"],
  [1007, 2, 11, 0, 16, 0, 1, ""],
  [1008, 1, 11, 0, 14, 0, 1, "Spare parts"],
  [1009, 4, 12, 103, 11, 0, 0, ""],
  [1010, 2, 11, 101, 12, 104, 0, "Board network"],
  [1011, 1, 11, 0, 13, 105, 0, ""],
  [1012, 3, 15, 0, 11, 0, 1, ""],
  [1013, 4, 11, 109, 16, 0, 0, ""],
  [1014, 2, 11, 102, 14, 106, 0, ""],
  [1015, 1, 16, 108, 11, 101, 0, "Robot fleet maintenance"],
  [1016, 4, 11, 101, 15, 0, 0, ""],
  [1017, 2, 12, 0, 11, 109, 0, ""],
  [1018, 1, 11, 0, 15, 107, 1, ""],
  [1019, 4, 11, 102, 16, 108, 0, ""],
  [1020, 2, 13, 0, 11, 0, 0, ""],
  [1021, 1, 11, 109, 12, 103, 0, "Route planning advisory"],
  [1022, 3, 11, 0, 16, 0, 0, ""],
  [1023, 1, 12, 0, 13, 0, 0, ""],
  [1024, 2, 14, 106, 15, 107, 0, ""],
  [1025, 3, 12, 0, 17, 0, 0, ""],
  [1026, 4, 13, 105, 14, 0, 0, ""],
  [1027, 1, 16, 0, 17, 110, 1, ""],
];

function day(n: number): string {
  return new Date(Date.UTC(2024, 2, 1, 9, 0, 0) + n * 86_400_000).toISOString();
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

/** A fresh copy of the demo data (each sandbox, and each reset, gets its own). */
export function demoData(): SuperOfficeData {
  const contacts = new Map<number, ContactRecord>();
  CONTACTS.forEach(([id, name, department, orgNr], i) => {
    const domain = `${slug(name.split(" ")[0] ?? name)}.example`;
    contacts.set(id, {
      id,
      name,
      department,
      orgNr,
      emails: [`post@${domain}`, `invoice@${domain}`],
      phones: [`+47 22 00 ${10 + i} 00`],
      createdDate: day(i),
      associateId: i % 2 === 0 ? 1 : 2,
    });
  });
  const persons = new Map<number, PersonRecord>();
  PERSONS.forEach(([id, contactId, firstname, lastname, title], i) => {
    const domain = `${slug(CONTACTS.find((c) => c[0] === contactId)?.[1].split(" ")[0] ?? "example")}.example`;
    persons.set(id, {
      id,
      contactId,
      firstname,
      lastname,
      title,
      email: `${slug(firstname)}.${slug(lastname)}@${domain}`,
      phone: `+47 900 00 ${String(100 + i).padStart(3, "0")}`,
      createdDate: day(10 + i),
    });
  });
  const relations = new Map<number, RelationRecord>();
  RELATIONS.forEach(([id, definitionId, sc, sp, dc, dp, reversed, comment], i) => {
    relations.set(id, {
      id,
      definitionId,
      sourceContactId: sc,
      sourcePersonId: sp,
      destinationContactId: dc,
      destinationPersonId: dp,
      reversed,
      comment,
      createdDate: day(30 + i),
      updatedDate: day(30 + i + (i % 3)),
      createdBy: i % 2 === 0 ? 1 : 2,
      updatedBy: i % 3 === 0 ? 2 : 1,
    });
  });
  return {
    associates: new Map(ASSOCIATES.map((a) => [a.id, { ...a }])),
    contacts,
    persons,
    definitions: new Map(
      DEFINITIONS.map(([id, [activeNo, activeUs], [passiveNo, passiveUs], source, destination, deleted], i) => [
        id,
        {
          id,
          activeText: { NO: activeNo, US: activeUs },
          passiveText: { NO: passiveNo, US: passiveUs },
          tooltip: `${activeUs} / ${passiveUs}`,
          rank: i + 1,
          deleted,
          source,
          destination,
        },
      ]),
    ),
    relations,
  };
}
