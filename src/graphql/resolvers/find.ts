import type { GatewayContext } from "../../context.js";
import type { EntityKind, NodeEntity } from "../../domain/entities.js";
import { DEFAULT_CONNECTION, type Vendor } from "../../domain/vendor.js";

/** A node by the native key a client typed into a query field (a malformed key is a VALIDATION error naming its argument). */
export function findNode<K extends EntityKind>(
  ctx: GatewayContext,
  vendor: Vendor,
  connection: string | null | undefined,
  kind: K,
  key: string[],
): Promise<Extract<NodeEntity, { kind: K }> | null> {
  const ref = { vendor, connection: connection ?? DEFAULT_CONNECTION, kind, key };
  return ctx.vendors.find(ref) as Promise<Extract<NodeEntity, { kind: K }> | null>;
}
