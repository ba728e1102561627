import { z } from "zod";

/**
 * Customer Insights hub JSON, with the vendor's own field names (api-version 2017-04-26).
 * Data API records are PascalCase property bags; /manage/model resources are ARM-shaped and
 * camelCase. Schemas are loose: they check what the adapter reads and keep every other field,
 * so `properties` loses nothing.
 */

export const API_VERSION = "2017-04-26";

/** The hub's name rule for link, relationship and interaction type names. */
export const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]+$/;
export const NAME_MAX = 512;
/** Profile type (entity set) names: same pattern, shorter (profileName in the ARM spec). */
export const PROFILE_TYPE_MAX = 128;

export const RESERVED_INSTANCE_KEYS = ["ProfileStrongIdFieldMappings", "RelatedProfileStrongIdFieldMappings", "RelationshipType"] as const;

/**
 * A text value. OData keys are text even where the hub types them as numbers, so a number
 * reads as its text; `""` is kept (the mappers read it as absent).
 */
const text = z.union([z.string(), z.number().transform(String)]).nullish();

/**
 * A text where a value of another type reads as absent: for ARM resources and error bodies,
 * which never become `properties` (and a link upsert's answer only adds to its input).
 */
const textOrAbsent = text.catch(undefined);

/**
 * `schema` reading `keys` case-insensitively: the docs' casing of the hub's keys drifts, so a
 * key spelled another way is copied onto the spelling the schema names when that is absent.
 */
function anyCase<S extends z.ZodType>(keys: readonly string[], schema: S) {
  return z.preprocess((value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    const copies: Record<string, unknown> = {};
    for (const key of keys) {
      if (Object.hasOwn(record, key)) continue;
      const found = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
      if (found !== undefined) copies[key] = record[found];
    }
    return Object.keys(copies).length > 0 ? { ...record, ...copies } : record;
  }, schema);
}

// ---- data API (/data) ----

/**
 * A relationship instance. Its system key names are undocumented (these are the ones the
 * sandbox uses); the type's field values sit next to them.
 */
export const RelationshipInstanceWire = anyCase(
  ["RelationshipId", "RelationshipType", "ProfileId", "RelatedProfileId"],
  z.looseObject({ RelationshipId: text, RelationshipType: text, ProfileId: text, RelatedProfileId: text }),
);
export type RelationshipInstanceWire = z.infer<typeof RelationshipInstanceWire>;

/** A profile instance: its modeled properties plus the system key `ProfileId`. */
export const ProfileWire = anyCase(["ProfileId"], z.looseObject({ ProfileId: text }));
export type ProfileWire = z.infer<typeof ProfileWire>;

/**
 * OData collection page of instances. An item that is not an instance reads as null and is
 * left out, like one without a RelationshipId; a nextLink that is not text means no next page.
 */
export const RelationshipListWire = z.looseObject({
  value: z.array(RelationshipInstanceWire.nullable().catch(null)),
  nextLink: z.string().nullish().catch(null),
});
export type RelationshipListWire = z.infer<typeof RelationshipListWire>;

/** POST /data/Relationships body: the three reserved keys, then the type's field values. */
export interface CreateInstanceBodyWire {
  ProfileStrongIdFieldMappings: StrongIdFieldMappingWire[];
  RelatedProfileStrongIdFieldMappings: StrongIdFieldMappingWire[];
  RelationshipType: string;
  [field: string]: unknown;
}

export interface StrongIdFieldMappingWire {
  FieldName: string;
  StrongIdKeyProperty: string;
}

// ---- model API (/manage/model), ARM resources ----

/** Locale → text; an entry that is not text reads as null and is left out. */
export const LocalizedMapWire = z.record(z.string(), z.string().nullable().catch(null));
export type LocalizedMapWire = z.infer<typeof LocalizedMapWire>;

/** A property reference of a link; one without both names is left out. */
const PropertyReferenceWire = anyCase(
  ["interactionPropertyName", "profilePropertyName"],
  z.looseObject({ interactionPropertyName: textOrAbsent, profilePropertyName: textOrAbsent }),
);
const PropertyReferencesWire = z.array(PropertyReferenceWire.nullable().catch(null)).nullish().catch(undefined);

export const RelationshipLinkPropertiesWire = anyCase(
  ["linkName", "interactionType", "relationshipName", "provisioningState", "tenantId"],
  z.looseObject({
    linkName: textOrAbsent,
    interactionType: textOrAbsent,
    relationshipName: textOrAbsent,
    displayName: LocalizedMapWire.nullish().catch(undefined),
    description: LocalizedMapWire.nullish().catch(undefined),
    profilePropertyReferences: PropertyReferencesWire,
    relatedProfilePropertyReferences: PropertyReferencesWire,
    /** Provisioning, Succeeded, …; unknown values are kept as they are. */
    provisioningState: textOrAbsent,
    tenantId: textOrAbsent,
  }),
);
export type RelationshipLinkPropertiesWire = z.infer<typeof RelationshipLinkPropertiesWire>;

/** The ARM envelope of every /manage/model resource. */
function armResource<P extends z.ZodType>(properties: P) {
  return anyCase(
    ["id", "name", "type"],
    z.looseObject({ id: textOrAbsent, name: textOrAbsent, type: textOrAbsent, properties: properties.nullish().catch(undefined) }),
  );
}

/** GET/PUT /manage/model/relationshipLinks/{name}; ARM examples answer `name` as "<hub>/<name>". */
export const RelationshipLinkWire = armResource(RelationshipLinkPropertiesWire);
export type RelationshipLinkWire = z.infer<typeof RelationshipLinkWire>;

/**
 * GET /manage/model/relationships/{name}: the adapter reads only the end profile types. A
 * definition it cannot read defines no ends (null), which costs only the instances' end refs.
 */
export const RelationshipDefinitionWire = armResource(
  anyCase(["profileType", "relatedProfileType"], z.looseObject({ profileType: textOrAbsent, relatedProfileType: textOrAbsent })),
)
  .nullable()
  .catch(null);
export type RelationshipDefinitionWire = z.infer<typeof RelationshipDefinitionWire>;

/**
 * A relationship type as GET /manage/model/relationships lists it (an ARM resource of
 * RelationshipDefinition): the catalogue reads its name, ends and display names.
 */
export const RelationshipTypeWire = armResource(
  anyCase(
    ["relationshipName", "profileType", "relatedProfileType"],
    z.looseObject({
      relationshipName: textOrAbsent,
      profileType: textOrAbsent,
      relatedProfileType: textOrAbsent,
      displayName: LocalizedMapWire.nullish().catch(undefined),
    }),
  ),
);
export type RelationshipTypeWire = z.infer<typeof RelationshipTypeWire>;

/** GET /manage/model/relationships: an ARM list; an item that is no resource reads as null and is left out. */
export const RelationshipTypeListWire = z.looseObject({
  value: z.array(RelationshipTypeWire.nullable().catch(null)),
  nextLink: z.string().nullish().catch(null),
});
export type RelationshipTypeListWire = z.infer<typeof RelationshipTypeListWire>;

/** A strong id of a profile type: the key properties that together find one profile. */
const StrongIdWire = anyCase(["keyPropertyNames"], z.looseObject({ keyPropertyNames: z.array(z.string()).nullish().catch(undefined) }));

/**
 * GET /manage/model/profiles/{name} (ProfileResourceFormat): the adapter reads only the strong
 * ids. A definition it cannot read is null (no check is made against it).
 */
export const ProfileTypeWire = armResource(anyCase(["strongIds"], z.looseObject({ strongIds: z.array(StrongIdWire.nullable().catch(null)).nullish().catch(undefined) })))
  .nullable()
  .catch(null);
export type ProfileTypeWire = z.infer<typeof ProfileTypeWire>;

/** PUT /manage/model/relationshipLinks/{name} body, key for key as the vendor's sample. */
export interface RelationshipLinkBodyWire {
  description?: Record<string, string>;
  displayName?: Record<string, string>;
  interactionType: string;
  linkName: string;
  profilePropertyReferences: PropertyReferenceBodyWire[];
  provisioningState: "Provisioning";
  relatedProfilePropertyReferences: PropertyReferenceBodyWire[];
  relationshipName: string;
  tenantId?: string;
}

export interface PropertyReferenceBodyWire {
  interactionPropertyName: string;
  profilePropertyName: string;
}

// ---- errors ----

/** The Azure error envelope; the hub's own error body is undocumented. Only `message` is read. */
export const ErrorWire = z.looseObject({
  error: z.looseObject({ code: textOrAbsent, message: z.string().nullish() }).nullish(),
});
