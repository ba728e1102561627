import type { AssociateRecord, ContactRecord, PersonRecord, RelationDefinitionRecord, RelationRecord, SuperOfficeData } from "./data.js";
import { localize, type SoLanguage } from "./language.js";

/**
 * Records → the vendor's JSON carriers (PascalCase, every field present, 0 / "" for "none"
 * as SuperOffice's non-nullable carrier fields do), plus the Relation archive's rows.
 */

const FULL_RIGHTS = { Mask: "Delete, Filtering, Insert, Select, Update", Reason: "" };

function fieldProperties(fields: Record<string, [string, number]>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, [type, length]]) => [
      name,
      { FieldRight: { Mask: "FULL", Reason: "" }, FieldType: type, FieldLength: length },
    ]),
  );
}

export function associateCarrier(associate: AssociateRecord | undefined): Record<string, unknown> | null {
  if (!associate) return null;
  return {
    AssociateId: associate.id,
    Name: associate.userName,
    PersonId: associate.personId,
    Rank: associate.id,
    Tooltip: associate.fullName,
    Type: associate.type,
    GroupIdx: 1,
    FullName: associate.fullName,
    FormalName: associate.fullName,
    Deleted: false,
    EjUserId: 0,
    UserName: associate.userName,
    TableRight: FULL_RIGHTS,
    FieldProperties: {},
  };
}

function contactPoints(values: string[], description: string): Array<Record<string, unknown>> {
  return values.map((value) => ({
    Value: value,
    StrippedValue: value.replace(/[\s()-]/g, ""),
    Description: description,
    TableRight: FULL_RIGHTS,
    FieldProperties: {},
  }));
}

function fullName(person: PersonRecord): string {
  return `${person.firstname} ${person.lastname}`;
}

export class Carriers {
  constructor(
    private readonly data: SuperOfficeData,
    private readonly baseUrl: string,
  ) {}

  contact(contact: ContactRecord): Record<string, unknown> {
    const persons = [...this.data.persons.values()].filter((p) => p.contactId === contact.id);
    const owner = this.data.associates.get(contact.associateId);
    return {
      ContactId: contact.id,
      Name: contact.name,
      Department: contact.department,
      OrgNr: contact.orgNr,
      Number1: String(contact.id),
      Number2: "",
      UpdatedDate: contact.createdDate,
      CreatedDate: contact.createdDate,
      Emails: contactPoints(contact.emails, "E-mail"),
      Interests: [],
      Urls: [],
      Phones: contactPoints(contact.phones, "Switchboard"),
      Faxes: [],
      Description: "",
      UpdatedBy: associateCarrier(owner),
      CreatedBy: associateCarrier(owner),
      Associate: associateCarrier(owner),
      Business: null,
      Category: null,
      Country: null,
      Persons: persons.map((p) => ({
        Position: "",
        PersonId: p.id,
        Mrmrs: "",
        Firstname: p.firstname,
        Lastname: p.lastname,
        MiddleName: "",
        Title: p.title,
        Description: "",
        Email: p.email,
        FullName: fullName(p),
        DirectPhone: p.phone,
        FormalName: fullName(p),
        CountryId: 578,
        ContactId: contact.id,
        ContactName: contact.name,
        Retired: 0,
        Rank: 1,
        ActiveInterests: 0,
        ContactDepartment: contact.department,
        ContactCountryId: 578,
        ContactOrgNr: contact.orgNr,
        FaxPhone: "",
        MobilePhone: p.phone,
        ContactPhone: contact.phones[0] ?? "",
        AssociateName: owner?.userName ?? "",
        AssociateId: owner?.id ?? 0,
        UsePersonAddress: false,
        ContactFax: "",
        Kanafname: "",
        Kanalname: "",
        Post1: "",
        Post2: "",
        Post3: "",
        EmailName: fullName(p),
        ContactFullName: contact.name,
        ActiveErpLinks: 0,
        TicketPriorityId: 0,
        SupportLanguageId: 0,
        SupportAssociateId: 0,
        CategoryName: "",
        TableRight: FULL_RIGHTS,
        FieldProperties: {},
      })),
      NoMailing: false,
      Kananame: "",
      Xstop: false,
      ActiveInterests: 0,
      GroupId: 1,
      ActiveStatusMonitorId: 0,
      SupportAssociate: null,
      TicketPriority: null,
      CustomerLanguage: null,
      Deleted: 0,
      DbiAgentId: 0,
      DbiLastSyncronized: null,
      DbiKey: "",
      DbiLastModified: null,
      SupportPerson: null,
      Address: null,
      Source: 0,
      ActiveErpLinks: 0,
      BounceEmails: [],
      Domains: [],
      CustomFields: {},
      TableRight: FULL_RIGHTS,
      FieldProperties: fieldProperties({ Name: ["System.String", 220], Department: ["System.String", 60], OrgNr: ["System.String", 20] }),
      _Links: { Self: `${this.baseUrl}/Contact/${contact.id}`, Archive: `${this.baseUrl}/Contact` },
    };
  }

  person(person: PersonRecord): Record<string, unknown> {
    const contact = this.data.contacts.get(person.contactId);
    return {
      PersonId: person.id,
      Firstname: person.firstname,
      MiddleName: "",
      Lastname: person.lastname,
      FullName: fullName(person),
      Title: person.title,
      Mrmrs: "",
      Position: null,
      Emails: contactPoints([person.email], "Work"),
      OfficePhones: contactPoints([person.phone], "Direct"),
      MobilePhones: [],
      PrivatePhones: [],
      Faxes: [],
      Contact: contact
        ? {
            ContactId: contact.id,
            Name: contact.name,
            Department: contact.department,
            OrgNr: contact.orgNr,
            URL: "",
            EmailAddress: contact.emails[0] ?? "",
            TableRight: FULL_RIGHTS,
            FieldProperties: {},
          }
        : null,
      Retired: false,
      IsAssociate: false,
      CreatedDate: person.createdDate,
      UpdatedDate: person.createdDate,
      CustomFields: {},
      TableRight: FULL_RIGHTS,
      FieldProperties: fieldProperties({ Firstname: ["System.String", 50], Lastname: ["System.String", 50] }),
      _Links: { Self: `${this.baseUrl}/Person/${person.id}`, Archive: `${this.baseUrl}/Person` },
    };
  }

  relation(relation: RelationRecord, language: SoLanguage | null): Record<string, unknown> {
    const { data } = this;
    const definition = data.definitions.get(relation.definitionId);
    const active = definition ? localize(definition.activeText, language) : "";
    const passive = definition ? localize(definition.passiveText, language) : "";
    const person = (id: number) => {
      const p = data.persons.get(id);
      return p ? fullName(p) : "";
    };
    return {
      SourceContactId: relation.sourceContactId,
      SourcePersonId: relation.sourcePersonId,
      DestinationContactId: relation.destinationContactId,
      DestinationPersonId: relation.destinationPersonId,
      RelationId: relation.id,
      Comment: relation.comment,
      RelationDefinitionId: relation.definitionId,
      Reversed: relation.reversed,
      UpdatedDate: relation.updatedDate,
      CreatedDate: relation.createdDate,
      CreatedBy: associateCarrier(data.associates.get(relation.createdBy)),
      UpdatedBy: associateCarrier(data.associates.get(relation.updatedBy)),
      SourceContactName: data.contacts.get(relation.sourceContactId)?.name ?? "",
      SourcePersonName: person(relation.sourcePersonId),
      DestinationContactName: data.contacts.get(relation.destinationContactId)?.name ?? "",
      DestinationPersonName: person(relation.destinationPersonId),
      // Viewed against the definition's direction: a reversed relation reads with the texts swapped.
      ActiveText: relation.reversed ? passive : active,
      PassiveText: relation.reversed ? active : passive,
      TableRight: FULL_RIGHTS,
      FieldProperties: fieldProperties({
        SourceContactId: ["System.Int32", 4],
        SourcePersonId: ["System.Int32", 4],
        DestinationContactId: ["System.Int32", 4],
        DestinationPersonId: ["System.Int32", 4],
        Comment: ["System.String", 254],
        RelationDefinitionId: ["System.Int32", 4],
        Reversed: ["System.Int32", 2],
      }),
      _Links: { Self: `${this.baseUrl}/Relation/${relation.id}`, Archive: `${this.baseUrl}/Relation` },
    };
  }

  /** RelationDefinitionEntityWithLinks (GET RelationDefinition/{id}); Source/Destination by enum name, as the vendor's samples show. */
  relationDefinition(definition: RelationDefinitionRecord, language: SoLanguage | null): Record<string, unknown> {
    return {
      ReldefId: definition.id,
      Name: localize(definition.activeText, language),
      Tooltip: definition.tooltip,
      PassiveText: localize(definition.passiveText, language),
      Deleted: definition.deleted,
      Rank: definition.rank,
      Source: definition.source,
      Destination: definition.destination,
      TableRight: FULL_RIGHTS,
      FieldProperties: fieldProperties({ Name: ["System.String", 40], PassiveText: ["System.String", 40], Tooltip: ["System.String", 254] }),
      _Links: { Self: `${this.baseUrl}/RelationDefinition/${definition.id}`, Archive: `${this.baseUrl}/RelationDefinition` },
    };
  }

  /** An item of the `relationdefinition` MDO list (GET MDOList/relationdefinition): id and active text. */
  relationDefinitionItem(definition: RelationDefinitionRecord, language: SoLanguage | null): Record<string, unknown> {
    const name = localize(definition.activeText, language);
    return {
      Id: definition.id,
      Name: name,
      ToolTip: definition.tooltip,
      Deleted: definition.deleted,
      Rank: definition.rank,
      Type: "",
      ChildItems: [],
      IconHint: "",
      ColorBlock: 0,
      ExtraInfo: "",
      StyleHint: "",
      FullName: name,
      TableRight: null,
      FieldProperties: {},
    };
  }

  /** A row of the "Relation" archive provider (column names as the archive reference lists them). */
  relationRow(relation: RelationRecord, language: SoLanguage | null): Record<string, unknown> {
    const { data } = this;
    const definition = data.definitions.get(relation.definitionId);
    const active = definition ? localize(definition.activeText, language) : "";
    const passive = definition ? localize(definition.passiveText, language) : "";
    const end = (contactId: number, personId: number) => {
      const p = data.persons.get(personId);
      return { name: data.contacts.get(contactId)?.name ?? "", fullName: p ? fullName(p) : "" };
    };
    const source = end(relation.sourceContactId, relation.sourcePersonId);
    const target = end(relation.destinationContactId, relation.destinationPersonId);
    return {
      PrimaryKey: relation.id,
      EntityName: "relation",
      relationId: relation.id,
      relationDefinitionId: relation.definitionId,
      relationName: relation.reversed ? passive : active,
      reversedName: relation.reversed ? active : passive,
      relationComment: relation.comment,
      direction: relation.reversed ? "passive" : "active",
      associateId: relation.createdBy,
      "source/contactId": relation.sourceContactId,
      "source/personId": relation.sourcePersonId,
      "source/name": source.name,
      "source/fullName": source.fullName,
      "target/contactId": relation.destinationContactId,
      "target/personId": relation.destinationPersonId,
      "target/name": target.name,
      "target/fullName": target.fullName,
    };
  }
}

/**
 * `$select`: fields not listed come back null (names compare case-insensitively; a nested
 * path like `category/id` selects its top-level field). `_Links` is always kept.
 */
export function applySelect(entity: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (select === null || select.trim() === "") return entity;
  const wanted = new Set(select.split(",").map((name) => name.trim().split("/")[0]!.toLowerCase()));
  return Object.fromEntries(
    Object.entries(entity).map(([key, value]) => [key, key === "_Links" || wanted.has(key.toLowerCase()) ? value : null]),
  );
}

/** `$select` on archive rows: only the listed columns (plus PrimaryKey and EntityName). */
export function selectColumns(row: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (select === null || select.trim() === "") return row;
  const wanted = new Set(select.split(",").map((name) => name.trim().toLowerCase()));
  return Object.fromEntries(
    Object.entries(row).filter(([key]) => key === "PrimaryKey" || key === "EntityName" || wanted.has(key.toLowerCase())),
  );
}
