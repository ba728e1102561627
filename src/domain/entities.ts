import type { Vendor } from "./vendor.js";

/**
 * Vendor-neutral records the adapters produce and the GraphQL layer serves as they are.
 * `kind` is the GraphQL type name (it drives interface and union type resolution);
 * `id` is the global id (src/domain/ids.ts).
 */

export type JsonObject = Record<string, unknown>;

export type EndKind = "Profile" | "Contact" | "Person" | "Record";
export const END_KINDS: readonly EndKind[] = ["Profile", "Contact", "Person", "Record"];
export type RelationKind = "RelationshipInstance" | "ContactRelation" | "AssociationRelation";
export type EntityKind = EndKind | RelationKind | "RelationshipLink" | "RelationType";

/** What a global id holds: enough to load the node again. */
export interface NodeRef {
  vendor: Vendor;
  connection: string;
  kind: EntityKind;
  /** Native key parts, e.g. [profileType, profileId], [objectKey, recordId], [contactId]. */
  key: string[];
}

interface NodeBase {
  id: string;
  vendor: Vendor;
  connection: string;
  /** The vendor's whole record, so nothing it returns is lost. */
  properties: JsonObject;
}

export interface Profile extends NodeBase {
  kind: "Profile";
  profileType: string;
  profileId: string;
}

export interface Contact extends NodeBase {
  kind: "Contact";
  nativeId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface Person extends NodeBase {
  kind: "Person";
  nativeId: string;
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  email: string | null;
  /** Native id of the contact (company) the person belongs to. */
  contactId: string | null;
}

export interface HlRecord extends NodeBase {
  kind: "Record";
  nativeId: string;
  objectKey: string;
}

export type RelationEndEntity = Profile | Contact | Person | HlRecord;

interface RelationBase extends NodeBase {
  /** The vendor's own id of the relation, as text (the one field whose type is alike on every vendor). */
  nativeId: string;
  /** The ends as refs; the GraphQL layer loads them on demand. */
  sourceRef: NodeRef | null;
  targetRef: NodeRef | null;
  /** Its RelationType in the connection's catalogue, loaded on demand like the ends (null: the relation names none). */
  typeRef: NodeRef | null;
}

export type OperationStatus = "COMPLETED" | "ACCEPTED";

export interface RelationshipInstance extends RelationBase {
  kind: "RelationshipInstance";
  relationshipType: string;
  profileId: string | null;
  relatedProfileId: string | null;
  status: OperationStatus;
}

export interface Associate {
  associateId: number;
  name: string | null;
  fullName: string | null;
}

export interface ContactRelation extends RelationBase {
  kind: "ContactRelation";
  relationId: number;
  relationDefinitionId: number;
  reversed: boolean;
  comment: string | null;
  activeText: string | null;
  passiveText: string | null;
  sourceContactId: number | null;
  sourcePersonId: number | null;
  destinationContactId: number | null;
  destinationPersonId: number | null;
  createdDate: Date | null;
  updatedDate: Date | null;
  createdBy: Associate | null;
  updatedBy: Associate | null;
}

export type AssociationType = "USER_DEFINED" | "SYSTEM_DEFINED";

export interface AssociationRelation extends RelationBase {
  kind: "AssociationRelation";
  relationId: string;
  locationId: string;
  associationId: string;
  firstRecordId: string;
  secondRecordId: string;
  key: string | null;
  firstObjectKey: string | null;
  firstObjectLabel: string | null;
  secondObjectKey: string | null;
  secondObjectLabel: string | null;
  associationType: AssociationType | null;
}

export type RelationEntity = RelationshipInstance | ContactRelation | AssociationRelation;

export interface LocalizedString {
  locale: string;
  value: string;
}

export interface PropertyReference {
  interactionPropertyName: string;
  profilePropertyName: string;
}

export interface RelationshipLink {
  kind: "RelationshipLink";
  id: string;
  vendor: Vendor;
  connection: string;
  name: string;
  linkName: string | null;
  interactionType: string;
  relationshipName: string;
  displayName: LocalizedString[];
  description: LocalizedString[];
  profilePropertyReferences: PropertyReference[];
  relatedProfilePropertyReferences: PropertyReference[];
  provisioningState: string | null;
  tenantId: string | null;
  resourceId: string | null;
  resourceType: string | null;
}

/**
 * A kind of relation a connection allows (a vendor's relation type, definition or association):
 * one entry of the connection's catalogue, and what the create mutations accept.
 */
export interface RelationType extends NodeBase {
  kind: "RelationType";
  /** What the create mutation takes: the vendor's own id or name of the type. */
  nativeId: string;
  name: string;
  inverseName: string | null;
  /** What may stand at each end, in the vendor's terms (profile types, CONTACT/PERSON, object keys). */
  sourceKinds: string[];
  targetKinds: string[];
}

export type NodeEntity = RelationEndEntity | RelationEntity | RelationshipLink | RelationType;

/** One page of a list, with an opaque cursor for the next page (null on the last). */
export interface Page<T> {
  items: T[];
  /** Cursor of each item, for Relay edges. */
  cursors: string[];
  hasNextPage: boolean;
}
