import { emptyConnections, type Connections } from "../config.js";
import type { Vendor } from "../domain/vendor.js";
import { startCustomerInsightsSandbox } from "./customer-insights/index.js";
import { startHighLevelSandbox } from "./highlevel/index.js";
import { startSuperOfficeSandbox } from "./superoffice/index.js";
import type { Sandbox } from "./types.js";

export interface RunningSandboxes {
  /** The `default` connection of every sandboxed vendor. */
  connections: Connections;
  sandboxes: Array<Sandbox<unknown>>;
  close(): Promise<void>;
}

/** Starts a simulator for each vendor given, on random loopback ports. */
export async function startSandboxes(vendors: readonly Vendor[]): Promise<RunningSandboxes> {
  const connections = emptyConnections();
  const sandboxes: Array<Sandbox<unknown>> = [];
  for (const vendor of vendors) {
    if (vendor === "CUSTOMER_INSIGHTS") {
      const sandbox = await startCustomerInsightsSandbox();
      connections.CUSTOMER_INSIGHTS.default = sandbox.connection();
      sandboxes.push(sandbox);
    } else if (vendor === "SUPEROFFICE") {
      const sandbox = await startSuperOfficeSandbox();
      connections.SUPEROFFICE.default = sandbox.connection();
      sandboxes.push(sandbox);
    } else {
      const sandbox = await startHighLevelSandbox();
      connections.HIGHLEVEL.default = sandbox.connection();
      sandboxes.push(sandbox);
    }
  }
  return {
    connections,
    sandboxes,
    close: async () => void (await Promise.all(sandboxes.map((s) => s.close()))),
  };
}
