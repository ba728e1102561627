import type { NodeEntity, NodeRef } from "../domain/entities.js";
import { DEFAULT_CONNECTION, type Vendor } from "../domain/vendor.js";
import { ForbiddenError } from "../errors.js";
import type { ClientOf } from "../vendors/modules.js";
import { labelOf } from "../vendors/modules.js";
import { VendorScope, type ConnectionInfo, type VendorRegistry } from "../vendors/registry.js";
import type { RequestScope } from "../vendors/request-scope.js";
import type { Caller } from "./caller.js";

/**
 * A request's vendor access for a caller whose token names its connections. Every vendor call
 * goes through `client()`, so this is the one place a foreign connection is refused (FORBIDDEN,
 * before the registry is asked, so its answer cannot reveal which connections exist); listings
 * show only the caller's connections, and a foreign global id reads as no such node.
 */
export class CallerVendorScope extends VendorScope {
  constructor(
    registry: VendorRegistry,
    request: RequestScope,
    private readonly caller: Caller,
  ) {
    super(registry, request);
  }

  override connections(): ConnectionInfo[] {
    return super.connections().filter((c) => this.caller.mayUse(c.vendor, c.name));
  }

  override client<V extends Vendor>(vendor: V, name?: string | null, field: string[] | null = ["connection"]): ClientOf<V> {
    const connection = name ?? DEFAULT_CONNECTION;
    if (!this.caller.mayUse(vendor, connection)) {
      // Echoed shortened, like the registry's unknown-name message.
      const shown = connection.length > 64 ? `${connection.slice(0, 61)}...` : connection;
      throw new ForbiddenError(`This token does not allow ${labelOf(vendor)} connection '${shown}'`);
    }
    return super.client(vendor, name, field);
  }

  /** node, nodes, relation ends, federation references: another caller's connection is not there for this one. */
  override load(ref: NodeRef): Promise<NodeEntity | null> {
    return this.caller.mayUse(ref.vendor, ref.connection) ? super.load(ref) : Promise.resolve(null);
  }
}
