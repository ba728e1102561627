import type { z } from "zod";
import type { Vendor } from "../domain/vendor.js";
import type { Connection, VendorModule } from "./contract.js";
import { customerInsights } from "./customer-insights/module.js";
import { highLevel } from "./highlevel/module.js";
import { superOffice } from "./superoffice/module.js";

/**
 * The vendor table: the one place that lists the vendors' modules. Everything that serves
 * "any vendor" (config, registry, node, relationsOf, federation, sandboxes) loops over it.
 * A fourth vendor is a line here plus its folders (see docs/architecture.md).
 */
export const VENDOR_MODULES = {
  CUSTOMER_INSIGHTS: customerInsights,
  SUPEROFFICE: superOffice,
  HIGHLEVEL: highLevel,
} as const satisfies { [V in Vendor]: { vendor: V } };

type Modules = typeof VENDOR_MODULES;
type SettingsOf<M> = M extends { settings: z.ZodType<infer S, unknown> } ? S : never;

/** A connection of vendor V, with its module's settings. */
export type ConnectionOf<V extends Vendor> = Connection<SettingsOf<Modules[V]>>;
/** The client a vendor's module makes for one request and connection. */
export type ClientOf<V extends Vendor> = ReturnType<Modules[V]["createClient"]>;
export type Connections = { [V in Vendor]: Record<string, ConnectionOf<V>> };

/** A module seen through the contract alone (what vendor-neutral code needs). */
export function moduleOf(vendor: Vendor): VendorModule {
  return VENDOR_MODULES[vendor] as unknown as VendorModule;
}

export function labelOf(vendor: Vendor): string {
  return VENDOR_MODULES[vendor].label;
}
