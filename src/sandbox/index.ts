import { emptyConnections, type Connections } from "../config.js";
import type { Vendor } from "../domain/vendor.js";
import { startCustomerInsightsSandbox, type CustomerInsightsSandbox } from "./customer-insights/index.js";
import { startHighLevelSandbox, type HighLevelSandbox, type HighLevelSandboxOptions } from "./highlevel/index.js";
import { startSuperOfficeSandbox, type SuperOfficeSandbox } from "./superoffice/index.js";

export interface RunningSandboxes {
  /** The `default` connection of every sandboxed vendor. */
  connections: Connections;
  customerInsights?: CustomerInsightsSandbox;
  superoffice?: SuperOfficeSandbox;
  highlevel?: HighLevelSandbox;
  close(): Promise<void>;
}

export interface SandboxSetOptions {
  /** HighLevel's rate limits default to the vendor's 100 calls per 10 s; tests and the bench raise them. */
  highlevel?: HighLevelSandboxOptions;
}

/** Starts a simulator for each vendor given, on random loopback ports. */
export async function startSandboxes(vendors: readonly Vendor[], options: SandboxSetOptions = {}): Promise<RunningSandboxes> {
  const connections = emptyConnections();
  const [customerInsights, superoffice, highlevel] = await Promise.all([
    vendors.includes("CUSTOMER_INSIGHTS") ? startCustomerInsightsSandbox() : undefined,
    vendors.includes("SUPEROFFICE") ? startSuperOfficeSandbox() : undefined,
    vendors.includes("HIGHLEVEL") ? startHighLevelSandbox(options.highlevel) : undefined,
  ]);
  if (customerInsights) connections.CUSTOMER_INSIGHTS.default = customerInsights.connection();
  if (superoffice) connections.SUPEROFFICE.default = superoffice.connection();
  if (highlevel) connections.HIGHLEVEL.default = highlevel.connection();
  return {
    connections,
    customerInsights,
    superoffice,
    highlevel,
    close: async () => void (await Promise.all([customerInsights, superoffice, highlevel].map((s) => s?.close()))),
  };
}
