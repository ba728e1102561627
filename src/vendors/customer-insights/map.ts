import type {
  JsonObject,
  LocalizedString,
  NodeRef,
  OperationStatus,
  Profile,
  PropertyReference,
  RelationshipInstance,
  RelationshipLink,
  RelationType,
} from "../../domain/entities.js";
import { encodeId } from "../../domain/ids.js";
import type { CreateRelationshipInstanceInput, StrongIdFieldMapping, UpsertRelationshipLinkInput } from "./validate.js";
import type {
  CreateInstanceBodyWire,
  LocalizedMapWire,
  ProfileWire,
  PropertyReferenceBodyWire,
  RelationshipDefinitionWire,
  RelationshipInstanceWire,
  RelationshipLinkBodyWire,
  RelationshipLinkPropertiesWire,
  RelationshipLinkWire,
  RelationshipTypeWire,
  ProfileTypeWire,
  StrongIdFieldMappingWire,
} from "./wire.js";

/** Plain wire <-> domain functions for Customer Insights; no I/O. */

const VENDOR = "CUSTOMER_INSIGHTS";

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

export function toCreateInstanceBody(input: CreateRelationshipInstanceInput): CreateInstanceBodyWire {
  return {
    ProfileStrongIdFieldMappings: input.profileStrongIdFieldMappings.map(toWireMapping),
    RelatedProfileStrongIdFieldMappings: input.relatedProfileStrongIdFieldMappings.map(toWireMapping),
    RelationshipType: input.relationshipType,
    ...input.properties,
  };
}

function toWireMapping(m: StrongIdFieldMapping): StrongIdFieldMappingWire {
  return { FieldName: m.fieldName, StrongIdKeyProperty: m.strongIdKeyProperty };
}

/** The link body as the vendor's sample shows it; read-only keys are sent and ignored by the hub. */
export function toLinkBody(input: UpsertRelationshipLinkInput, tenantId: string | undefined): RelationshipLinkBodyWire {
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

function toWireReference(r: PropertyReference): PropertyReferenceBodyWire {
  return { interactionPropertyName: r.interactionPropertyName, profilePropertyName: r.profilePropertyName };
}

export function toLocalizedMap(list: LocalizedString[]): Record<string, string> {
  return Object.fromEntries(list.map((entry) => [entry.locale, entry.value]));
}

// ---- wire -> domain ----

export function profileRef(connection: string, profileType: string, profileId: string): NodeRef {
  return { vendor: VENDOR, connection, kind: "Profile", key: [profileType, profileId] };
}

/** `properties` is the whole record; the answer's ProfileId wins over `requestedId` (a strong-id read asks by another key). */
export function toProfile(connection: string, wire: ProfileWire, profileType: string, requestedId: string): Profile {
  const profileId = nonEmpty(wire.ProfileId) ?? requestedId;
  return {
    kind: "Profile",
    id: encodeId(profileRef(connection, profileType, profileId)),
    vendor: VENDOR,
    connection,
    profileType,
    profileId,
    properties: wire as JsonObject,
  };
}

/** Null when the record carries no RelationshipId (nothing could load it again). */
export function toRelationshipInstance(
  connection: string,
  wire: RelationshipInstanceWire,
  ends: RelationshipEnds | null,
  status: OperationStatus,
): RelationshipInstance | null {
  const relationshipId = nonEmpty(wire.RelationshipId);
  if (!relationshipId) return null;
  const profileId = nonEmpty(wire.ProfileId);
  const relatedProfileId = nonEmpty(wire.RelatedProfileId);
  return {
    kind: "RelationshipInstance",
    id: encodeId({ vendor: VENDOR, connection, kind: "RelationshipInstance", key: [relationshipId] }),
    vendor: VENDOR,
    connection,
    nativeId: relationshipId,
    relationshipType: nonEmpty(wire.RelationshipType) ?? "",
    profileId,
    relatedProfileId,
    status,
    properties: wire as JsonObject,
    sourceRef: ends && profileId ? profileRef(connection, ends.profileType, profileId) : null,
    targetRef: ends && relatedProfileId ? profileRef(connection, ends.relatedProfileType, relatedProfileId) : null,
    typeRef: nonEmpty(wire.RelationshipType) ? relationTypeRef(connection, wire.RelationshipType!) : null,
  };
}

export function relationTypeRef(connection: string, name: string): NodeRef {
  return { vendor: VENDOR, connection, kind: "RelationType", key: [name] };
}

/**
 * A relationship type as a catalogue entry: its name (the one create takes), its display name
 * (en-us, else the first) as `name`, its two profile types as end kinds. Null when the resource
 * names no type or no pair of ends (nothing could be created with it).
 */
export function toRelationType(connection: string, wire: RelationshipTypeWire): RelationType | null {
  const p = wire.properties;
  // ARM examples answer `name` as "<hub>/<name>".
  const nativeId = nonEmpty(p?.relationshipName) ?? nonEmpty(wire.name)?.split("/").pop() ?? null;
  const profileType = nonEmpty(p?.profileType);
  const relatedProfileType = nonEmpty(p?.relatedProfileType);
  if (!nativeId || !profileType || !relatedProfileType) return null;
  const displayNames = fromLocalizedMap(p?.displayName) ?? [];
  const displayName = displayNames.find((d) => d.locale.toLowerCase() === "en-us") ?? displayNames[0];
  return {
    kind: "RelationType",
    id: encodeId(relationTypeRef(connection, nativeId)),
    vendor: VENDOR,
    connection,
    properties: wire as JsonObject,
    nativeId,
    name: nonEmpty(displayName?.value) ?? nativeId,
    inverseName: null,
    sourceKinds: [profileType],
    targetKinds: [relatedProfileType],
  };
}

/** A profile type's strong ids, each as its key property names; null when the definition names none. */
export function toStrongIds(wire: ProfileTypeWire): string[][] | null {
  const ids = (wire?.properties?.strongIds ?? []).map((s) => (s?.keyPropertyNames ?? []).filter((k) => k !== "")).filter((keys) => keys.length > 0);
  return ids.length > 0 ? ids : null;
}

/** One end of an instance to delete: its profile's values and its profile type's strong ids. */
export interface EndKeys {
  values: JsonObject;
  strongIds: string[][];
}

/** Instance keys that are the hub's (or the create's), never the type's fields. */
const SYSTEM_KEYS = new Set(["relationshipid", "relationshiptype", "profileid", "relatedprofileid", "lastmodifiedtimestamp"]);

/**
 * The body that deletes an instance (POST /data/Relationships with X-HTTP-Method: DELETE takes
 * "the same body as create"): its type, and per end a strong-id mapping naming the instance
 * field that holds the end profile's key value (a field named like the key property first),
 * with those fields' values. The instance's other fields are not sent: the mappings address it.
 * Null when an end's key value is in no field of the instance (it cannot be addressed).
 */
export function toDeleteInstanceBody(type: string, fields: JsonObject, source: EndKeys, target: EndKeys): CreateInstanceBodyWire | null {
  const used = new Set<string>();
  const candidates = Object.keys(fields).filter((f) => !SYSTEM_KEYS.has(f.toLowerCase()));
  const mapEnd = (end: EndKeys): StrongIdFieldMappingWire[] | null => {
    for (const keys of end.strongIds) {
      const mappings: StrongIdFieldMappingWire[] = [];
      for (const key of keys) {
        const value = end.values[key];
        if (value === undefined || value === null || value === "") break;
        const holders = candidates.filter((f) => !used.has(f) && String(fields[f]) === String(value));
        const field = holders.find((f) => f === key) ?? holders[0];
        if (!field) break;
        mappings.push({ FieldName: field, StrongIdKeyProperty: key });
      }
      if (mappings.length === keys.length) {
        mappings.forEach((m) => used.add(m.FieldName));
        return mappings;
      }
    }
    return null;
  };
  const profile = mapEnd(source);
  const related = profile && mapEnd(target);
  if (!profile || !related) return null;
  return {
    ProfileStrongIdFieldMappings: profile,
    RelatedProfileStrongIdFieldMappings: related,
    RelationshipType: type,
    ...Object.fromEntries([...used].map((f) => [f, fields[f]])),
  };
}

/** The end profile types of a relationship definition; null when it names no pair. */
export function toRelationshipEnds(wire: RelationshipDefinitionWire): RelationshipEnds | null {
  const profileType = nonEmpty(wire?.properties?.profileType);
  const relatedProfileType = nonEmpty(wire?.properties?.relatedProfileType);
  return profileType && relatedProfileType ? { profileType, relatedProfileType } : null;
}

/**
 * A link from its ARM resource (null: the upsert answered no body). `name` is the name the
 * gateway asked for (the global id must load again); on an upsert, `fallback` fills what the
 * answer leaves out.
 */
export function toRelationshipLink(
  connection: string,
  wire: RelationshipLinkWire | null,
  name: string,
  fallback?: { input: UpsertRelationshipLinkInput; tenantId: string | undefined },
): RelationshipLink {
  const p: RelationshipLinkPropertiesWire = wire?.properties ?? {};
  const input = fallback?.input;
  // ARM examples answer `name` as "<hub>/<name>".
  const answeredName = nonEmpty(wire?.name)?.split("/").pop();
  return {
    kind: "RelationshipLink",
    id: encodeId({ vendor: VENDOR, connection, kind: "RelationshipLink", key: [name] }),
    vendor: VENDOR,
    connection,
    name: answeredName || name,
    linkName: nonEmpty(p.linkName) ?? input?.linkName ?? input?.name ?? null,
    interactionType: nonEmpty(p.interactionType) ?? input?.interactionType ?? "",
    relationshipName: nonEmpty(p.relationshipName) ?? input?.relationshipName ?? "",
    displayName: fromLocalizedMap(p.displayName) ?? input?.displayName ?? [],
    description: fromLocalizedMap(p.description) ?? input?.description ?? [],
    profilePropertyReferences: toReferences(p.profilePropertyReferences) ?? input?.profilePropertyReferences ?? [],
    relatedProfilePropertyReferences: toReferences(p.relatedProfilePropertyReferences) ?? input?.relatedProfilePropertyReferences ?? [],
    provisioningState: nonEmpty(p.provisioningState),
    tenantId: nonEmpty(p.tenantId) ?? fallback?.tenantId ?? null,
    resourceId: nonEmpty(wire?.id),
    resourceType: nonEmpty(wire?.type),
  };
}

/** Null when there is no map (then the caller's fallback applies). */
export function fromLocalizedMap(map: LocalizedMapWire | null | undefined): LocalizedString[] | null {
  if (!map) return null;
  return Object.entries(map).flatMap(([locale, value]) => (value === null ? [] : [{ locale, value }]));
}

function toReferences(list: RelationshipLinkPropertiesWire["profilePropertyReferences"]): PropertyReference[] | null {
  if (!list) return null;
  return list.flatMap((ref) => {
    const interactionPropertyName = nonEmpty(ref?.interactionPropertyName);
    const profilePropertyName = nonEmpty(ref?.profilePropertyName);
    return interactionPropertyName && profilePropertyName ? [{ interactionPropertyName, profilePropertyName }] : [];
  });
}

/** The hub's `""` means no value, as a missing key does. */
function nonEmpty(value: string | null | undefined): string | null {
  return value ? value : null;
}
