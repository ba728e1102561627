import type { Vendor } from "../domain/vendor.js";
import type { SandboxControls } from "./http.js";

/** A running simulator of one vendor; `connection()` is the gateway config that reaches it. */
export interface Sandbox<Connection> extends SandboxControls {
  readonly vendor: Vendor;
  /** The base URL the gateway is pointed at (the vendor's API root on this server). */
  readonly baseUrl: string;
  /** A connection config with the sandbox's generated credentials, named `name` (default "default"). */
  connection(name?: string): Connection;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Fixed port; random when omitted. */
  port?: number;
}
