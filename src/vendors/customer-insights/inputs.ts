import type { JsonObject, LocalizedString, PropertyReference } from "../../domain/entities.js";

/** What the gateway asks of the hub, in the gateway's own (camelCase) terms. */

export interface StrongIdFieldMapping {
  fieldName: string;
  strongIdKeyProperty: string;
}

export interface CreateRelationshipInstanceInput {
  relationshipType: string;
  profileStrongIdFieldMappings: StrongIdFieldMapping[];
  relatedProfileStrongIdFieldMappings: StrongIdFieldMapping[];
  /** Values of the fields the relationship type defines. */
  properties: JsonObject;
}

export interface UpsertRelationshipLinkInput {
  /** The relationshipLinkName of the URL. */
  name: string;
  /** Defaults to `name`. */
  linkName?: string | null;
  interactionType: string;
  relationshipName: string;
  displayName?: LocalizedString[] | null;
  description?: LocalizedString[] | null;
  profilePropertyReferences: PropertyReference[];
  relatedProfilePropertyReferences: PropertyReference[];
}

export interface PageRequest {
  first: number;
  after?: string | null;
}
