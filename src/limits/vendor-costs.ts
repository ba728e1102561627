import type { EntityKind, NodeRef } from "../domain/entities.js";
import { decodeId } from "../domain/ids.js";
import { VENDORS, type Vendor } from "../domain/vendor.js";
import type { PageRequest, VendorModule } from "../vendors/contract.js";
import { moduleOf } from "../vendors/modules.js";

/** What each vendor module states (`cost` in its module.ts), looked up by node kind or by global id. */

function servingModules(kinds: readonly EntityKind[]): Array<[VendorModule, EntityKind]> {
  return VENDORS.flatMap((vendor) => {
    const module = moduleOf(vendor);
    return kinds.filter((kind) => module.kinds.includes(kind)).map((kind): [VendorModule, EntityKind] => [module, kind]);
  });
}

/** Loading one node of any of `kinds`: the dearest vendor that serves one of them. */
export function loadCost(kinds: readonly EntityKind[]): number {
  return Math.max(0, ...servingModules(kinds).map(([module, kind]) => module.cost.load(kind)));
}

/** A relation list of a node of any of `kinds`, without its items' fields. */
export function relationsCost(kinds: readonly EntityKind[], page: PageRequest): number {
  return Math.max(0, ...servingModules(kinds).map(([module, kind]) => module.cost.relationsOf(kind, page)));
}

/** The ref inside a global id, when some vendor would call for it (the registry answers the others without a call). */
export function callableRef(id: unknown): NodeRef | null {
  const ref = typeof id === "string" ? decodeId(id) : null;
  if (!ref) return null;
  const module = moduleOf(ref.vendor);
  if (!module.kinds.includes(ref.kind)) return null;
  try {
    module.validateKey(ref.kind, ref.key);
    return ref;
  } catch {
    return null;
  }
}

export function refLoadCost(ref: NodeRef): number {
  return moduleOf(ref.vendor).cost.load(ref.kind);
}

export function refRelationsCost(ref: NodeRef, page: PageRequest): number {
  return moduleOf(ref.vendor).cost.relationsOf(ref.kind, page);
}

/** A create of `vendor`, besides its catalogue check (counted per connection by the estimator). */
export function createCost(vendor: Vendor): number {
  return moduleOf(vendor).cost.create;
}

/** A delete of the relation a global id names; none when it names nothing a vendor could hold (refused without a call). */
export function deleteCost(id: unknown): number {
  const ref = callableRef(id);
  if (ref) return moduleOf(ref.vendor).cost.delete;
  return 0;
}

export function catalogueCost(vendor: Vendor): number {
  return moduleOf(vendor).cost.catalogue;
}

/** The vendors serving any of `kinds` (the relation a field is on). */
export function vendorsServing(kinds: readonly EntityKind[]): Vendor[] {
  return [...new Set(servingModules(kinds).map(([module]) => module.vendor))];
}
