import { z } from "zod";

/**
 * Customer Insights hub JSON, with the vendor's own field names (api-version 2017-04-26).
 * Data API records are PascalCase property bags; /manage/model resources are ARM-shaped
 * and camelCase. Everything read from the hub is `unknown` until map.ts has looked at it.
 */

export const API_VERSION = "2017-04-26";

/** The hub's name rule for link, relationship and interaction type names. */
export const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]+$/;
export const NAME_MAX = 512;
/** Profile type (entity set) names: same pattern, shorter (profileName in the ARM spec). */
export const PROFILE_TYPE_MAX = 128;

export interface WireStrongIdFieldMapping {
  FieldName: string;
  StrongIdKeyProperty: string;
}

/** POST /data/Relationships body: the three reserved keys, then the type's field values. */
export interface WireCreateInstanceBody {
  ProfileStrongIdFieldMappings: WireStrongIdFieldMapping[];
  RelatedProfileStrongIdFieldMappings: WireStrongIdFieldMapping[];
  RelationshipType: string;
  [field: string]: unknown;
}

export const RESERVED_INSTANCE_KEYS = ["ProfileStrongIdFieldMappings", "RelatedProfileStrongIdFieldMappings", "RelationshipType"] as const;

/**
 * A relationship instance as the hub returns it. The system property names are not documented;
 * these are the ones the project's sandbox uses, read case-insensitively.
 */
export interface WireRelationshipInstance {
  RelationshipId?: string;
  RelationshipType?: string;
  ProfileId?: string;
  RelatedProfileId?: string;
  LastModifiedTimestamp?: string;
  [field: string]: unknown;
}

/** A profile instance: its modeled properties plus the system key `ProfileId`. */
export interface WireProfile {
  ProfileId?: string;
  [property: string]: unknown;
}

/** OData collection page. */
export interface WireList<T> {
  value: T[];
  nextLink?: string;
}

/** ARM envelope of every /manage/model resource. */
export interface WireResource<P> {
  id?: string;
  name?: string;
  type?: string;
  properties?: P;
}

export interface WireRelationshipDefinition {
  profileType?: string;
  relatedProfileType?: string;
  relationshipName?: string;
  cardinality?: string;
  fields?: Array<{ fieldName: string; fieldType: string }>;
}

export type WireLocalizedMap = Record<string, string>;

export interface WirePropertyReference {
  interactionPropertyName: string;
  profilePropertyName: string;
}

/** PUT /manage/model/relationshipLinks/{name} body, key for key as the vendor's sample. */
export interface WireRelationshipLinkBody {
  description?: WireLocalizedMap;
  displayName?: WireLocalizedMap;
  interactionType: string;
  linkName: string;
  profilePropertyReferences: WirePropertyReference[];
  provisioningState: "Provisioning";
  relatedProfilePropertyReferences: WirePropertyReference[];
  relationshipName: string;
  tenantId?: string;
}

export interface WireRelationshipLinkDefinition {
  linkName?: string;
  interactionType?: string;
  relationshipName?: string;
  displayName?: WireLocalizedMap;
  description?: WireLocalizedMap;
  profilePropertyReferences?: WirePropertyReference[];
  relatedProfilePropertyReferences?: WirePropertyReference[];
  provisioningState?: string;
  tenantId?: string;
  [property: string]: unknown;
}

/** The Azure error envelope; the hub's own error body is undocumented. Only `message` is read. */
export const ErrorWire = z.looseObject({
  error: z.looseObject({ code: z.string().nullish().catch(undefined), message: z.string().nullish() }).nullish(),
});
