import {
  demoInstances,
  demoProfiles,
  HUB_NAME,
  interactionTypes,
  profileTypes,
  relationshipLinks,
  relationshipTypes,
  RESOURCE_GROUP,
  SUBSCRIPTION_ID,
  type FieldDefinition,
  type InstanceRecord,
  type InteractionTypeDefinition,
  type ProfileRecord,
  type ProfileTypeDefinition,
  type RelationshipLinkProperties,
  type RelationshipTypeDefinition,
} from "./data.js";
import type { EntityKey } from "./odata.js";

/** A refusal in the hub's error shape: `{"error":{"code","message"}}` with this status. */
export class HubError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
  body() {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The hub's name rule for relationship, link and interaction type names (ARM PUT patterns). */
export const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]+$/;
export const NAME_MAX = 512;
const RESERVED_BODY_KEYS = ["ProfileStrongIdFieldMappings", "RelatedProfileStrongIdFieldMappings", "RelationshipType"];
const PROVIDER = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.CustomerInsights/hubs/${HUB_NAME}`;

export interface ArmResource<P> {
  id: string;
  name: string;
  type: string;
  properties: P;
}

type Json = Record<string, unknown>;

/** The hub's state and rules, kept apart from HTTP so each rule reads on its own. */
export class HubStore {
  private readonly profiles = demoProfiles();
  private readonly instances = new Map<string, { seq: number; record: InstanceRecord }>();
  private readonly links = new Map<string, { name: string; properties: RelationshipLinkProperties }>();
  private seq = 0;

  constructor() {
    for (const record of demoInstances()) this.instances.set(record.RelationshipId, { seq: ++this.seq, record });
    for (const link of relationshipLinks) this.links.set(link.name.toLowerCase(), structuredClone(link));
  }

  // ARM resource names compare case-insensitively.
  profileType(name: string): ProfileTypeDefinition | undefined {
    return profileTypes.find((t) => t.typeName.toLowerCase() === name.toLowerCase());
  }
  relationshipType(name: string): RelationshipTypeDefinition | undefined {
    return relationshipTypes.find((t) => t.relationshipName.toLowerCase() === name.toLowerCase());
  }
  allRelationshipTypes(): RelationshipTypeDefinition[] {
    return relationshipTypes;
  }
  interactionType(name: string): InteractionTypeDefinition | undefined {
    return interactionTypes.find((t) => t.typeName.toLowerCase() === name.toLowerCase());
  }

  profile(type: ProfileTypeDefinition, key: EntityKey): ProfileRecord | undefined {
    const all = this.profiles.get(type.typeName)!;
    if (key.kind === "id") return all.get(key.value);
    const names = Object.keys(key.values).sort();
    const strongId = type.strongIds.find((s) => sameSet(s.keyPropertyNames, names));
    if (!strongId) return undefined;
    return [...all.values()].find((p) => names.every((n) => String(p[n]) === key.values[n]));
  }

  /** Whether `key` names a strong id of the type at all (else the address is a 400, not a 404). */
  validAlternateKey(type: ProfileTypeDefinition, key: EntityKey): boolean {
    return key.kind === "id" || type.strongIds.some((s) => sameSet(s.keyPropertyNames, Object.keys(key.values)));
  }

  instance(id: string): InstanceRecord | undefined {
    return this.instances.get(id)?.record;
  }

  /** Instances in list order, optionally only one type's or one profile's (at either end). */
  listInstances(filter: { type?: string; profile?: { type: string; profileId: string } } = {}): Array<{ seq: number; record: InstanceRecord }> {
    return [...this.instances.values()].filter(({ record }) => {
      if (filter.type && record.RelationshipType.toLowerCase() !== filter.type.toLowerCase()) return false;
      if (filter.profile) {
        const def = this.relationshipType(record.RelationshipType);
        const { type, profileId } = filter.profile;
        const asSource = def?.profileType === type && record.ProfileId === profileId;
        const asTarget = def?.relatedProfileType === type && record.RelatedProfileId === profileId;
        if (!asSource && !asTarget) return false;
      }
      return true;
    });
  }

  /** POST /data/Relationships: create, or update the instance with the same type and ends. */
  upsertInstance(body: Json): InstanceRecord | HubError {
    const resolved = this.resolveInstanceBody(body);
    if (resolved instanceof HubError) return resolved;
    const { def, profileId, relatedProfileId, fields } = resolved;
    const existing = this.findInstance(def.relationshipName, profileId, relatedProfileId);
    const record: InstanceRecord = {
      RelationshipId: existing?.record.RelationshipId ?? `rel-${String(this.seq + 1).padStart(4, "0")}`,
      RelationshipType: def.relationshipName,
      ProfileId: profileId,
      RelatedProfileId: relatedProfileId,
      ...(existing?.record ?? {}),
      ...fields,
      LastModifiedTimestamp: new Date().toISOString(),
    };
    if (existing) existing.record = record;
    else this.instances.set(record.RelationshipId, { seq: ++this.seq, record });
    return record;
  }

  /** POST /data/Relationships with X-HTTP-Method: DELETE: same body as create. */
  deleteInstance(body: Json): InstanceRecord | HubError {
    const resolved = this.resolveInstanceBody(body);
    if (resolved instanceof HubError) return resolved;
    const existing = this.findInstance(resolved.def.relationshipName, resolved.profileId, resolved.relatedProfileId);
    if (!existing) return new HubError(404, "ResourceNotFound", `No ${resolved.def.relationshipName} instance between these profiles`);
    this.instances.delete(existing.record.RelationshipId);
    return existing.record;
  }

  link(name: string): ArmResource<RelationshipLinkProperties> | undefined {
    const link = this.links.get(name.toLowerCase());
    if (!link) return undefined;
    const resource = linkResource(link.name, structuredClone(link.properties));
    // Provisioning finishes by the time anyone looks again.
    link.properties.provisioningState = "Succeeded";
    return resource;
  }

  allLinks(): Array<ArmResource<RelationshipLinkProperties>> {
    return [...this.links.values()].map((l) => linkResource(l.name, structuredClone(l.properties)));
  }

  /** PUT /manage/model/relationshipLinks/{name}: 200 for an update, 202 (provisioning) for a new link. */
  upsertLink(name: string, body: Json): { created: boolean; resource: ArmResource<RelationshipLinkProperties> } | HubError {
    if (!validName(name)) return invalidName("relationshipLinkName", name);
    for (const key of ["interactionType", "relationshipName"] as const) {
      if (typeof body[key] !== "string" || body[key] === "") return missing(key);
    }
    const interaction = this.interactionType(body.interactionType as string);
    if (!interaction) return new HubError(400, "InvalidInteractionType", `Interaction type '${String(body.interactionType)}' is not defined in hub ${HUB_NAME}`);
    const relationship = this.relationshipType(body.relationshipName as string);
    if (!relationship) return new HubError(400, "InvalidRelationship", `Relationship '${String(body.relationshipName)}' is not defined in hub ${HUB_NAME}`);

    const refs: Record<string, Array<{ interactionPropertyName: string; profilePropertyName: string }>> = {};
    const ends = { profilePropertyReferences: relationship.profileType, relatedProfilePropertyReferences: relationship.relatedProfileType };
    for (const [key, profileTypeName] of Object.entries(ends)) {
      const list = body[key];
      if (!Array.isArray(list) || list.length === 0) return missing(key);
      const profileType = this.profileType(profileTypeName)!;
      const checked = [];
      for (const item of list as unknown[]) {
        const ref = item as Json | null;
        const i = ref?.interactionPropertyName;
        const p = ref?.profilePropertyName;
        if (typeof i !== "string" || typeof p !== "string") {
          return new HubError(400, "InvalidRequest", `${key} items need interactionPropertyName and profilePropertyName`);
        }
        if (!hasField(interaction.fields, i)) {
          return new HubError(400, "InvalidPropertyReference", `'${i}' is not a property of interaction type '${interaction.typeName}'`);
        }
        if (p !== "ProfileId" && !hasField(profileType.fields, p)) {
          return new HubError(400, "InvalidPropertyReference", `'${p}' is not a property of profile type '${profileType.typeName}'`);
        }
        checked.push({ interactionPropertyName: i, profilePropertyName: p });
      }
      refs[key] = checked;
    }
    const displayName = localized(body.displayName, "displayName");
    if (displayName instanceof HubError) return displayName;
    const description = localized(body.description, "description");
    if (description instanceof HubError) return description;
    const mappings = Array.isArray(body.mappings) ? (body.mappings as RelationshipLinkProperties["mappings"]) : [];

    const existing = this.links.get(name.toLowerCase());
    const properties: RelationshipLinkProperties = {
      // linkName, provisioningState, tenantId and relationshipGuidId are the hub's to set.
      linkName: existing?.properties.linkName ?? name,
      interactionType: interaction.typeName,
      relationshipName: relationship.relationshipName,
      displayName,
      description,
      profilePropertyReferences: refs.profilePropertyReferences!,
      relatedProfilePropertyReferences: refs.relatedProfilePropertyReferences!,
      mappings,
      provisioningState: existing ? "Succeeded" : "Provisioning",
      tenantId: HUB_NAME,
      relationshipGuidId: existing?.properties.relationshipGuidId ?? crypto.randomUUID(),
    };
    const stored = { name: existing?.name ?? name, properties };
    this.links.set(name.toLowerCase(), stored);
    return { created: !existing, resource: linkResource(stored.name, structuredClone(properties)) };
  }

  private findInstance(type: string, profileId: string, relatedProfileId: string) {
    return [...this.instances.values()].find(
      ({ record }) => record.RelationshipType === type && record.ProfileId === profileId && record.RelatedProfileId === relatedProfileId,
    );
  }

  /** Checks a create/delete body against the type definition and resolves both ends to profiles. */
  private resolveInstanceBody(body: Json) {
    const typeName = body.RelationshipType;
    if (typeof typeName !== "string" || typeName === "") return missing("RelationshipType");
    if (!validName(typeName)) return invalidName("RelationshipType", typeName);
    const def = this.relationshipType(typeName);
    if (!def) return new HubError(400, "InvalidRelationshipType", `Relationship type '${typeName}' is not defined in hub ${HUB_NAME}`);

    const fields: Json = {};
    for (const [key, value] of Object.entries(body)) {
      if (RESERVED_BODY_KEYS.includes(key)) continue;
      const field = def.fields.find((f) => f.fieldName === key);
      if (!field) return new HubError(400, "InvalidProperty", `'${key}' is not a field of relationship type '${def.relationshipName}'`);
      if (!fitsType(value, field.fieldType)) {
        return new HubError(400, "InvalidPropertyValue", `Field '${key}' of relationship type '${def.relationshipName}' must be ${field.fieldType}`);
      }
      fields[key] = value;
    }
    const source = this.resolveEnd(body, "ProfileStrongIdFieldMappings", def, def.profileType);
    if (source instanceof HubError) return source;
    const target = this.resolveEnd(body, "RelatedProfileStrongIdFieldMappings", def, def.relatedProfileType);
    if (target instanceof HubError) return target;
    return { def, profileId: source.ProfileId, relatedProfileId: target.ProfileId, fields };
  }

  private resolveEnd(body: Json, key: string, def: RelationshipTypeDefinition, profileTypeName: string): ProfileRecord | HubError {
    const mappings = body[key];
    if (!Array.isArray(mappings) || mappings.length === 0) return missing(key);
    const profileType = this.profileType(profileTypeName)!;
    const values: Record<string, string> = {};
    for (const item of mappings as unknown[]) {
      const mapping = item as Json | null;
      const fieldName = mapping?.FieldName;
      const keyProperty = mapping?.StrongIdKeyProperty;
      if (typeof fieldName !== "string" || typeof keyProperty !== "string" || !fieldName || !keyProperty) {
        return new HubError(400, "InvalidRequest", `${key} items need FieldName and StrongIdKeyProperty`);
      }
      if (!hasField(def.fields, fieldName)) {
        return new HubError(400, "InvalidFieldMapping", `'${fieldName}' is not a field of relationship type '${def.relationshipName}'`);
      }
      if (!profileType.strongIds.some((s) => s.keyPropertyNames.includes(keyProperty))) {
        return new HubError(400, "InvalidFieldMapping", `'${keyProperty}' is not a strong id key property of profile type '${profileType.typeName}'`);
      }
      const value = body[fieldName];
      if (value === undefined || value === null || value === "") {
        return new HubError(400, "InvalidFieldMapping", `Field '${fieldName}' named in ${key} has no value`);
      }
      values[keyProperty] = String(value);
    }
    const profile = this.profile(profileType, { kind: "alternate", values });
    if (!this.validAlternateKey(profileType, { kind: "alternate", values })) {
      return new HubError(400, "InvalidFieldMapping", `${key} do not cover a strong id of profile type '${profileType.typeName}'`);
    }
    if (!profile) {
      const shown = Object.entries(values).map(([k, v]) => `${k}='${v}'`).join(", ");
      return new HubError(400, "ProfileNotFound", `No ${profileType.typeName} profile with ${shown}`);
    }
    return profile;
  }
}

export function validName(name: string): boolean {
  return NAME_PATTERN.test(name) && name.length <= NAME_MAX;
}

export function armId(kind: string, name: string): string {
  return `${PROVIDER}/${kind}/${name}`;
}

export function relationshipResource(def: RelationshipTypeDefinition): ArmResource<Json> {
  return {
    id: armId("relationships", def.relationshipName),
    name: def.relationshipName,
    type: "Microsoft.CustomerInsights/hubs/relationships",
    properties: {
      cardinality: def.cardinality,
      displayName: def.displayName,
      description: def.description,
      fields: def.fields,
      lookupMappings: [],
      profileType: def.profileType,
      relatedProfileType: def.relatedProfileType,
      relationshipName: def.relationshipName,
      provisioningState: "Succeeded",
      tenantId: HUB_NAME,
    },
  };
}

export function profileResource(def: ProfileTypeDefinition): ArmResource<Json> {
  return {
    id: armId("profiles", def.typeName),
    name: def.typeName,
    type: "Microsoft.CustomerInsights/hubs/profiles",
    properties: {
      apiEntitySetName: def.typeName,
      entityType: "Profile",
      typeName: def.typeName,
      fields: def.fields,
      strongIds: def.strongIds,
      provisioningState: "Succeeded",
      tenantId: HUB_NAME,
    },
  };
}

export function interactionResource(def: InteractionTypeDefinition): ArmResource<Json> {
  return {
    id: armId("interactions", def.typeName),
    name: def.typeName,
    type: "Microsoft.CustomerInsights/hubs/interactions",
    properties: { apiEntitySetName: def.typeName, entityType: "Interaction", typeName: def.typeName, fields: def.fields, tenantId: HUB_NAME },
  };
}

function linkResource(name: string, properties: RelationshipLinkProperties): ArmResource<RelationshipLinkProperties> {
  return { id: armId("relationshipLinks", name), name, type: "Microsoft.CustomerInsights/hubs/relationshipLinks", properties };
}

function missing(key: string): HubError {
  return new HubError(400, "InvalidRequest", `'${key}' is required`);
}

function invalidName(what: string, name: string): HubError {
  return new HubError(400, "InvalidName", `${what} '${name.slice(0, 80)}' must match ^[a-zA-Z][a-zA-Z0-9_]+$ and be at most ${NAME_MAX} characters`);
}

function hasField(fields: FieldDefinition[], name: string): boolean {
  return fields.some((f) => f.fieldName === name);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function localized(value: unknown, key: string): Record<string, string> | HubError {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value) || !Object.values(value).every((v) => typeof v === "string")) {
    return new HubError(400, "InvalidRequest", `'${key}' must map locale codes to text`);
  }
  return value as Record<string, string>;
}

function fitsType(value: unknown, fieldType: string): boolean {
  if (value === null) return true;
  switch (fieldType) {
    case "Edm.String":
    case "Edm.Guid":
      return typeof value === "string";
    case "Edm.Boolean":
      return typeof value === "boolean";
    case "Edm.DateTimeOffset":
      return typeof value === "string" && !Number.isNaN(Date.parse(value));
    case "Edm.Int16":
    case "Edm.Int32":
    case "Edm.Int64":
    case "Edm.Byte":
      return Number.isInteger(value);
    case "Edm.Double":
    case "Edm.Decimal":
      return typeof value === "number";
    default:
      return true;
  }
}
