import type {
  JsonObject,
  LocalizedString,
  NodeRef,
  OperationStatus,
  Profile,
  PropertyReference,
  RelationshipInstance,
  RelationshipLink,
} from "../../domain/entities.js";
import { encodeId } from "../../domain/ids.js";
import type { UpstreamTarget } from "../../errors.js";
import type { CreateRelationshipInstanceInput, UpsertRelationshipLinkInput } from "./validate.js";
import type {
  WireCreateInstanceBody,
  WireLocalizedMap,
  WirePropertyReference,
  WireRelationshipLinkBody,
} from "./wire.js";

/** Plain wire <-> domain functions; no I/O, so each is testable on its own. */

/** The profile types at the two ends of a relationship type (from its definition). */
export interface RelationshipEnds {
  profileType: string;
  relatedProfileType: string;
}

// ---- input -> wire ----

/** `Type('id')` with quotes doubled: one OData path segment, percent-encoded later by urlPath. */
export function profileKeySegment(profileType: string, profileId: string): string {
  return `${profileType}(${odataString(profileId)})`;
}

export function relationshipKeySegment(relationshipId: string): string {
  return `relationships(${odataString(relationshipId)})`;
}

export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function toCreateInstanceBody(input: CreateRelationshipInstanceInput): WireCreateInstanceBody {
  return {
    ProfileStrongIdFieldMappings: input.profileStrongIdFieldMappings.map(toWireMapping),
    RelatedProfileStrongIdFieldMappings: input.relatedProfileStrongIdFieldMappings.map(toWireMapping),
    RelationshipType: input.relationshipType,
    ...input.properties,
  };
}

function toWireMapping(m: { fieldName: string; strongIdKeyProperty: string }) {
  return { FieldName: m.fieldName, StrongIdKeyProperty: m.strongIdKeyProperty };
}

/** The link body as the vendor's sample shows it; read-only keys are sent and ignored by the hub. */
export function toLinkBody(input: UpsertRelationshipLinkInput, tenantId: string | undefined): WireRelationshipLinkBody {
  return {
    ...(input.description && { description: toLocalizedMap(input.description) }),
    ...(input.displayName && { displayName: toLocalizedMap(input.displayName) }),
    interactionType: input.interactionType,
    linkName: input.linkName ?? input.name,
    profilePropertyReferences: input.profilePropertyReferences.map(toWireReference),
    provisioningState: "Provisioning",
    relatedProfilePropertyReferences: input.relatedProfilePropertyReferences.map(toWireReference),
    relationshipName: input.relationshipName,
    ...(tenantId !== undefined && { tenantId }),
  };
}

function toWireReference(r: PropertyReference): WirePropertyReference {
  return { interactionPropertyName: r.interactionPropertyName, profilePropertyName: r.profilePropertyName };
}

export function toLocalizedMap(list: LocalizedString[]): WireLocalizedMap {
  return Object.fromEntries(list.map((entry) => [entry.locale, entry.value]));
}

// ---- wire -> domain ----

export function toProfile(target: UpstreamTarget, profileType: string, requestedId: string, wire: unknown): Profile {
  const properties = asObject(wire) ?? {};
  // The answer's ProfileId wins: a strong-id read asks by another key.
  const profileId = readString(properties, "ProfileId") ?? requestedId;
  return {
    kind: "Profile",
    id: encodeId({ ...target, kind: "Profile", key: [profileType, profileId] }),
    vendor: target.vendor,
    connection: target.connection,
    profileType,
    profileId,
    properties,
  };
}

/** Null when the record carries no RelationshipId (nothing could load it again). */
export function toRelationshipInstance(
  target: UpstreamTarget,
  wire: unknown,
  ends: RelationshipEnds | null,
  status: OperationStatus,
): RelationshipInstance | null {
  const properties = asObject(wire);
  if (!properties) return null;
  const relationshipId = readString(properties, "RelationshipId");
  if (!relationshipId) return null;
  const profileId = readString(properties, "ProfileId");
  const relatedProfileId = readString(properties, "RelatedProfileId");
  return {
    kind: "RelationshipInstance",
    id: encodeId({ ...target, kind: "RelationshipInstance", key: [relationshipId] }),
    vendor: target.vendor,
    connection: target.connection,
    relationshipType: readString(properties, "RelationshipType") ?? "",
    profileId,
    relatedProfileId,
    status,
    properties,
    sourceRef: ends && profileId ? profileRef(target, ends.profileType, profileId) : null,
    targetRef: ends && relatedProfileId ? profileRef(target, ends.relatedProfileType, relatedProfileId) : null,
  };
}

export function profileRef(target: UpstreamTarget, profileType: string, profileId: string): NodeRef {
  return { vendor: target.vendor, connection: target.connection, kind: "Profile", key: [profileType, profileId] };
}

export function relationshipIdOf(wire: unknown): string | null {
  const properties = asObject(wire);
  return properties ? readString(properties, "RelationshipId") : null;
}

/** Profile types of a relationship definition resource (`{ properties: { profileType, relatedProfileType } }`). */
export function toRelationshipEnds(wire: unknown): RelationshipEnds | null {
  const properties = asObject(asObject(wire)?.properties);
  const profileType = properties && readString(properties, "profileType");
  const relatedProfileType = properties && readString(properties, "relatedProfileType");
  return profileType && relatedProfileType ? { profileType, relatedProfileType } : null;
}

/**
 * A link from its ARM resource. `name` is the name the gateway asked for (the global id
 * must load again); on an upsert, `fallback` fills what the answer leaves out.
 */
export function toRelationshipLink(
  target: UpstreamTarget,
  name: string,
  wire: unknown,
  fallback?: { input: UpsertRelationshipLinkInput; tenantId: string | undefined },
): RelationshipLink {
  const resource = asObject(wire) ?? {};
  const p = asObject(resource.properties) ?? {};
  const input = fallback?.input;
  // ARM examples answer `name` as "<hub>/<name>".
  const answeredName = readString(resource, "name")?.split("/").pop();
  return {
    kind: "RelationshipLink",
    id: encodeId({ ...target, kind: "RelationshipLink", key: [name] }),
    vendor: target.vendor,
    connection: target.connection,
    name: answeredName || name,
    linkName: readString(p, "linkName") ?? input?.linkName ?? input?.name ?? null,
    interactionType: readString(p, "interactionType") ?? input?.interactionType ?? "",
    relationshipName: readString(p, "relationshipName") ?? input?.relationshipName ?? "",
    displayName: fromLocalizedMap(p.displayName) ?? input?.displayName ?? [],
    description: fromLocalizedMap(p.description) ?? input?.description ?? [],
    profilePropertyReferences: readReferences(p.profilePropertyReferences) ?? input?.profilePropertyReferences ?? [],
    relatedProfilePropertyReferences:
      readReferences(p.relatedProfilePropertyReferences) ?? input?.relatedProfilePropertyReferences ?? [],
    provisioningState: readString(p, "provisioningState") ?? null,
    tenantId: readString(p, "tenantId") ?? fallback?.tenantId ?? null,
    resourceId: readString(resource, "id"),
    resourceType: readString(resource, "type"),
  };
}

export function fromLocalizedMap(value: unknown): LocalizedString[] | null {
  const map = asObject(value);
  if (!map) return null;
  return Object.entries(map)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .map(([locale, text]) => ({ locale, value: text }));
}

function readReferences(value: unknown): PropertyReference[] | null {
  if (!Array.isArray(value)) return null;
  return value.flatMap((item) => {
    const ref = asObject(item);
    const i = ref && readString(ref, "interactionPropertyName");
    const p = ref && readString(ref, "profilePropertyName");
    return i && p ? [{ interactionPropertyName: i, profilePropertyName: p }] : [];
  });
}

export function asObject(value: unknown): JsonObject | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

/**
 * A string (or number) property, matched case-insensitively: the docs' casing of system
 * properties drifts, and OData keys are text even when the hub types them as numbers.
 */
export function readString(record: JsonObject, key: string): string | null {
  let value = record[key];
  if (value === undefined) {
    const lower = key.toLowerCase();
    const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
    value = found === undefined ? undefined : record[found];
  }
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}
