import type { Vendor } from "../domain/vendor.js";
import type { SandboxMode } from "../vendors/contract.js";
import type { SandboxControls } from "./http.js";
import type { TokenControls } from "./tokens.js";

/** The OAuth client a sandbox registered at start, and where it issues tokens. */
export interface SandboxCredentials {
  /** Absolute URL of the token endpoint, on the sandbox's own origin. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A running simulator of one vendor; `connection()` is the gateway config that reaches it. */
export interface Sandbox<Connection, Credentials extends SandboxCredentials = SandboxCredentials> extends SandboxControls, TokenControls {
  readonly vendor: Vendor;
  /** The base URL the gateway is pointed at (the vendor's API root on this server). */
  readonly baseUrl: string;
  /**
   * A connection config named `name` (default "default") with the sandbox's generated credentials
   * in `mode` (default static): minted modes use its own token endpoints, caller mode its header.
   */
  connection(name?: string, mode?: SandboxMode): Connection;
  /** Everything the sandbox generated for its credential flows, token URLs included (test fixtures: never log them). */
  readonly credentials: Credentials;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Fixed port; random when omitted. */
  port?: number;
  /** Lifetime in whole seconds of the access tokens and tickets the token endpoints issue (default 3600). */
  tokenTtlSeconds?: number;
  /** A further access token it accepts (`Bearer <callerToken>`, never expiring), for trying caller mode by hand; none by default. */
  callerToken?: string;
}

/**
 * The token the sandboxes of vendors in caller mode accept (SANDBOX_CREDENTIALS=caller): a caller
 * has to bring one, and their generated ones are never shown. Good for loopback demo data only.
 */
export const SANDBOX_CALLER_TOKEN = "sandbox-caller-token";
