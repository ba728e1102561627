import { emptyConnections, type Connections, type SandboxSettings } from "../config.js";
import type { SandboxCredentialModes } from "../config-sandbox-credentials.js";
import type { Vendor } from "../domain/vendor.js";
import { moduleOf } from "../vendors/modules.js";
import { SANDBOX_CALLER_TOKEN, type Sandbox } from "./types.js";

export interface RunningSandboxes {
  /** The `default` connection of every sandboxed vendor. */
  connections: Connections;
  /** The running simulators, by vendor. */
  byVendor: Partial<Record<Vendor, Sandbox<object>>>;
  close(): Promise<void>;
}

/** Per vendor, the options of its simulator (e.g. rate limits, which tests and the bench raise). */
export type SandboxSetOptions = Partial<Record<Vendor, object>>;

/**
 * Starts the simulator of each vendor given, on random loopback ports, through the vendors' modules.
 * `settings` (from env vars a module lets apply to its sandbox, e.g. a language) are laid over each sandbox's connection;
 * `modes` picks each connection's credential mode (default static) against its sandbox's token endpoints.
 */
export async function startSandboxes(
  vendors: readonly Vendor[],
  options: SandboxSetOptions = {},
  settings: SandboxSettings = {},
  modes: SandboxCredentialModes = {},
): Promise<RunningSandboxes> {
  const connections = emptyConnections();
  // In caller mode the caller needs a token the sandbox takes: the documented demo one.
  const optionsOf = (vendor: Vendor) => (modes[vendor] === "caller" ? { ...options[vendor], callerToken: SANDBOX_CALLER_TOKEN } : options[vendor]);
  const started = await Promise.all(vendors.map(async (vendor) => [vendor, await moduleOf(vendor).startSandbox(optionsOf(vendor))] as const));
  for (const [vendor, sandbox] of started) {
    (connections[vendor] as Record<string, object>).default = { ...sandbox.connection("default", modes[vendor]), ...settings[vendor] };
  }
  return {
    connections,
    byVendor: Object.fromEntries(started),
    close: async () => void (await Promise.all(started.map(([, sandbox]) => sandbox.close()))),
  };
}
