import { z } from "zod";

/**
 * SuperOffice Web API v1 JSON, with the vendor's own field names. Schemas are loose: they
 * check what the gateway reads and keep every other field, so `properties` loses nothing.
 */

const int = z.number().int();
const text = z.string().nullish();
const date = z.string().nullish();

/** Associate carrier (CreatedBy / UpdatedBy). */
export const AssociateWire = z.looseObject({
  AssociateId: int,
  Name: text,
  FullName: text,
});
export type AssociateWire = z.infer<typeof AssociateWire>;

/** SoPrincipalCarrier, as GET User/currentPrincipal answers it: the signed-in user (the /ready probe). */
export const PrincipalWire = z.looseObject({
  AssociateId: int,
  Associate: text,
});
export type PrincipalWire = z.infer<typeof PrincipalWire>;

/** ContactRelationEntity as POST/GET Relation answer it (WithLinks: plus TableRight, FieldProperties, _Links). */
export const ContactRelationWire = z.looseObject({
  RelationId: int,
  RelationDefinitionId: int.nullish(),
  SourceContactId: int.nullish(),
  SourcePersonId: int.nullish(),
  DestinationContactId: int.nullish(),
  DestinationPersonId: int.nullish(),
  Reversed: int.nullish(),
  Comment: text,
  UpdatedDate: date,
  CreatedDate: date,
  CreatedBy: AssociateWire.nullish(),
  UpdatedBy: AssociateWire.nullish(),
  SourceContactName: text,
  SourcePersonName: text,
  DestinationContactName: text,
  DestinationPersonName: text,
  ActiveText: text,
  PassiveText: text,
});
export type ContactRelationWire = z.infer<typeof ContactRelationWire>;

/** The body of POST Relation (a ContactRelationEntity; the vendor computes names and dates). */
export interface ContactRelationSaveWire {
  RelationId: 0;
  SourceContactId: number;
  /** 0 = the relation is with the company itself (the carrier's int32 default). */
  SourcePersonId: number;
  DestinationContactId: number;
  DestinationPersonId: number;
  RelationDefinitionId: number;
  /** Integer flag, not a boolean. */
  Reversed: 0 | 1;
  Comment: string;
}

/** Email / phone / URL entries of contacts and persons. */
const ContactPointWire = z.looseObject({ Value: text, StrippedValue: text, Description: text });

/** Summary rows of ContactEntity.Persons. */
const PersonRowWire = z.looseObject({ PersonId: int });

export const ContactWire = z.looseObject({
  ContactId: int,
  Name: text,
  Department: text,
  OrgNr: text,
  Emails: z.array(ContactPointWire).nullish(),
  Phones: z.array(ContactPointWire).nullish(),
  Persons: z.array(PersonRowWire).nullish(),
});
export type ContactWire = z.infer<typeof ContactWire>;

export const PersonWire = z.looseObject({
  PersonId: int,
  Firstname: text,
  Lastname: text,
  FullName: text,
  Emails: z.array(ContactPointWire).nullish(),
  /** The company the person belongs to (a Contact carrier). */
  Contact: z.looseObject({ ContactId: int, Name: text }).nullish(),
});
export type PersonWire = z.infer<typeof PersonWire>;

/** A Relation archive row; SLIM rows may carry ids as display strings. */
const archiveId = z.union([int, z.string()]).nullish();
export const RelationRowWire = z.looseObject({
  PrimaryKey: archiveId,
  EntityName: text,
  relationId: archiveId,
});
export type RelationRowWire = z.infer<typeof RelationRowWire>;

/** ODataSlimResponse of GET Contact/{id}/Relations and Person/{id}/Relations. */
export const RelationListWire = z.looseObject({
  "odata.metadata": z.string().nullish(),
  "odata.nextLink": z.string().nullish(),
  value: z.array(RelationRowWire),
});
export type RelationListWire = z.infer<typeof RelationListWire>;

/**
 * One item of GET MDOList/{listname} (docs: rest/List_MDO/v1MDOList_GetList.md); the
 * `relationdefinition` list gives each definition's ReldefId as `Id` and its active text as `Name`.
 */
export const MdoListItemWire = z.looseObject({
  Id: int,
  Name: text,
  Deleted: z.boolean().nullish(),
});
export type MdoListItemWire = z.infer<typeof MdoListItemWire>;
export const MdoListWire = z.array(MdoListItemWire);

/**
 * Which ends a definition relates. The REST carrier documents a string; its values are the
 * enum of NSRelationDefinitionEntity.SetSource (0 None, 1 Contact, 2 Person, 3 Both), by name
 * (samples show "Both") or, as tolerated here, by number.
 */
const relationEnds = z.union([z.string(), int]).nullish();

/** RelationDefinitionEntity as GET RelationDefinition/{id} answers it (docs: rest/RelationDefinition/…_GetRelationDefinitionEntity.md). */
export const RelationDefinitionWire = z.looseObject({
  ReldefId: int,
  Name: text,
  Tooltip: text,
  PassiveText: text,
  Deleted: z.boolean().nullish(),
  Rank: int.nullish(),
  Source: relationEnds,
  Destination: relationEnds,
});
export type RelationDefinitionWire = z.infer<typeof RelationDefinitionWire>;

/** The MDO list of relation definitions (docs: mdo-providers/reference/relationdefinition.md). */
export const RELATION_DEFINITION_LIST = "relationdefinition";

/** The vendor's error body: the text is in ErrorMessage. */
export const ErrorWire = z.looseObject({
  Error: z.boolean().nullish(),
  ErrorType: text,
  ErrorMessage: text,
  ErrorSource: text,
});

/** Archive columns the adapter asks for; it loads everything else through GET Relation/{id}. */
export const RELATION_LIST_SELECT = "relationId";
/** The archive column relation lists are ordered and keyed by (the vendor documents no default order). */
export const RELATION_LIST_ORDER = "relationId";
