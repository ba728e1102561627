import type { EntityKind, JsonObject, LocalizedString, PropertyReference } from "../../domain/entities.js";
import { ValidationError } from "../../errors.js";
import { collectIssues, type ValidationIssues } from "../../validation-issues.js";
import { checkNativeText } from "../native-id.js";
import { NAME_MAX, NAME_PATTERN, PROFILE_TYPE_MAX, RESERVED_INSTANCE_KEYS } from "./wire.js";

/**
 * What the gateway asks of the hub, in its own (camelCase) terms, and the checks it makes
 * before calling. Field paths are relative to the mutation input (or name the query
 * argument), e.g. ["properties", "RelationshipType"].
 */

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

export const MAX_PAGE_SIZE = 1000;

/** Longest profile or relationship id the gateway sends (the hub documents none). */
export const ID_MAX = 1024;

/** Profile: [profileType, profileId]; RelationshipInstance: [id]; RelationshipLink: [name]; RelationType: [relationship type name]. */
export function validateKey(kind: EntityKind, key: readonly string[]): void {
  if (kind === "Profile") {
    assertProfileType(key[0] ?? "", ["profileType"]);
    checkNativeText(key[1], ["profileId"], ID_MAX);
  } else if (kind === "RelationshipLink") {
    assertName(key[0] ?? "", ["name"], "name", NAME_MAX);
  } else if (kind === "RelationType") {
    assertName(key[0] ?? "", ["id"], "id", NAME_MAX);
  } else {
    checkNativeText(key[0], ["id"], ID_MAX);
  }
}

/** Every field of a create checked in one pass: a VALIDATION error naming each bad one. */
export function validateCreateInstance(input: CreateRelationshipInstanceInput): void {
  collectIssues((issues) => {
    issues.check(() => assertName(input.relationshipType, ["relationshipType"], "relationshipType", NAME_MAX));
    // The mappings' values are read from the properties: without an object they are not checked.
    const properties = issues.check(() => asProperties(input.properties));
    if (properties) assertNoReservedKeys(issues, properties);
    assertMappings(issues, input.profileStrongIdFieldMappings, "profileStrongIdFieldMappings", properties);
    assertMappings(issues, input.relatedProfileStrongIdFieldMappings, "relatedProfileStrongIdFieldMappings", properties);
  });
}

/** Every field of an upsert checked in one pass: a VALIDATION error naming each bad one. */
export function validateLinkInput(input: UpsertRelationshipLinkInput): void {
  collectIssues((issues) => {
    issues.check(() => assertName(input.name, ["name"], "name", NAME_MAX));
    if (input.linkName !== undefined && input.linkName !== null) issues.check(() => assertName(input.linkName!, ["linkName"], "linkName", NAME_MAX));
    issues.check(() => assertName(input.interactionType, ["interactionType"], "interactionType", NAME_MAX));
    issues.check(() => assertName(input.relationshipName, ["relationshipName"], "relationshipName", NAME_MAX));
    assertLocales(issues, input.displayName, "displayName");
    assertLocales(issues, input.description, "description");
    assertReferences(issues, input.profilePropertyReferences, "profilePropertyReferences");
    assertReferences(issues, input.relatedProfilePropertyReferences, "relatedProfilePropertyReferences");
  });
}

function asProperties(value: unknown): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError("properties must be a JSON object of the relationship type's field values", ["properties"]);
  }
  return value as JsonObject;
}

/** The keys the request body uses itself cannot be properties (one issue per such key). */
function assertNoReservedKeys(issues: ValidationIssues, properties: JsonObject): void {
  for (const key of Object.keys(properties)) {
    const reserved = RESERVED_INSTANCE_KEYS.find((r) => r.toLowerCase() === key.toLowerCase());
    if (reserved) {
      issues.add(new ValidationError(`'${cap(key)}' collides with the request's own '${reserved}' key; it cannot be a property`, ["properties", key]));
    }
  }
}

/** A profile type is an OData entity-set name in the path: it must be a plain name. */
export function assertProfileType(profileType: string, field: string[]): void {
  assertName(profileType, field, "profileType", PROFILE_TYPE_MAX);
}

export function assertNonEmpty(value: string, field: string[], what: string): void {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(`${what} must not be empty`, field);
  checkNativeText(value, field, ID_MAX);
}

export function assertPage(page: PageRequest): void {
  if (!Number.isInteger(page.first) || page.first < 0 || page.first > MAX_PAGE_SIZE) {
    throw new ValidationError(`first must be an integer from 0 to ${MAX_PAGE_SIZE}`, ["first"]);
  }
}

export function assertName(value: string, field: string[], what: string, max: number): void {
  if (typeof value !== "string" || value === "") throw new ValidationError(`${what} must not be empty`, field);
  if (!NAME_PATTERN.test(value) || value.length > max) {
    throw new ValidationError(
      `${what} '${cap(value)}' must start with a letter, hold only letters, digits and '_', and be 2 to ${max} characters long`,
      field,
    );
  }
}

/** One end's mappings: each item's fields, and (when there are properties) that the mapped value is sent. */
function assertMappings(issues: ValidationIssues, mappings: StrongIdFieldMapping[], key: string, properties: JsonObject | undefined): void {
  if (!Array.isArray(mappings) || mappings.length === 0) {
    issues.add(new ValidationError(`${key} needs at least one mapping`, [key]));
    return;
  }
  mappings.forEach((mapping, i) => {
    const named = issues.passes(() => assertNonEmpty(mapping.fieldName, [key, String(i), "fieldName"], "fieldName"));
    issues.check(() => assertNonEmpty(mapping.strongIdKeyProperty, [key, String(i), "strongIdKeyProperty"], "strongIdKeyProperty"));
    // The hub finds the profile by the value of the mapped field, so it must be sent.
    const value = properties?.[mapping.fieldName];
    if (named && properties && (value === undefined || value === null || value === "")) {
      issues.add(
        new ValidationError(
          `properties has no value for '${cap(mapping.fieldName)}', which ${key}[${i}] maps to the strong id key '${cap(mapping.strongIdKeyProperty)}'`,
          [key, String(i), "fieldName"],
        ),
      );
    }
  });
}

function assertLocales(issues: ValidationIssues, list: LocalizedString[] | null | undefined, key: string): void {
  if (list === undefined || list === null) return;
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const field = [key, String(i), "locale"];
    if (!issues.passes(() => assertNonEmpty(entry.locale, field, "locale"))) return;
    // Locale codes are case-insensitive (en-us = en-US) and become keys of one map.
    const locale = entry.locale.trim().toLowerCase();
    if (seen.has(locale)) issues.add(new ValidationError(`Locale '${cap(entry.locale)}' appears more than once`, field));
    seen.add(locale);
  });
}

function assertReferences(issues: ValidationIssues, list: PropertyReference[], key: string): void {
  if (!Array.isArray(list) || list.length === 0) {
    issues.add(new ValidationError(`${key} needs at least one reference`, [key]));
    return;
  }
  list.forEach((ref, i) => {
    issues.check(() => assertNonEmpty(ref.interactionPropertyName, [key, String(i), "interactionPropertyName"], "interactionPropertyName"));
    issues.check(() => assertNonEmpty(ref.profilePropertyName, [key, String(i), "profilePropertyName"], "profilePropertyName"));
  });
}

/** Input echoed in messages is shortened so a huge value cannot flood logs. */
function cap(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
