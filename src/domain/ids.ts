import { VENDORS, type Vendor } from "./vendor.js";
import type { EntityKind, NodeRef } from "./entities.js";

/**
 * Global ids: base64url of a JSON array `["g1", vendor, connection, kind, ...key]`.
 * Opaque to clients, stable, URL-safe, and unambiguous whatever the native ids hold.
 */

const VERSION = "g1";

/** How many key parts each kind's id carries. */
const KEY_LENGTH: Record<EntityKind, number> = {
  Profile: 2, // profileType, profileId
  Contact: 1,
  Person: 1,
  Record: 2, // objectKey, recordId
  RelationshipInstance: 1,
  ContactRelation: 1,
  AssociationRelation: 2, // relationId, a record at one of its ends (its vendor lists relations by record)
  RelationshipLink: 1,
  RelationType: 1, // the vendor's id or name of the type
};

export function encodeId(ref: NodeRef): string {
  return Buffer.from(JSON.stringify([VERSION, ref.vendor, ref.connection, ref.kind, ...ref.key])).toString("base64url");
}

/** The ref inside a global id, or null for anything the gateway did not issue. */
export function decodeId(id: string): NodeRef | null {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(id, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === "string")) return null;
  const [version, vendor, connection, kind, ...key] = parts as string[];
  if (version !== VERSION || !VENDORS.includes(vendor as Vendor) || !connection || !Object.hasOwn(KEY_LENGTH, kind ?? "")) return null;
  const k = kind as EntityKind;
  if (key.length !== KEY_LENGTH[k] || key.some((part) => part === "")) return null;
  return { vendor: vendor as Vendor, connection, kind: k, key };
}

/** The ref of a node the gateway built (its id always decodes). */
export function refOf(node: { id: string }): NodeRef {
  const ref = decodeId(node.id);
  if (!ref) throw new Error(`not a gateway id: ${node.id.slice(0, 40)}`);
  return ref;
}
