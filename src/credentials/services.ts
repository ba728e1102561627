import type { UpstreamTarget } from "../errors.js";
import type { CredentialStore } from "./store.js";

/** How one token refresh ended, for metrics and the log. */
export interface RefreshRecord {
  target: UpstreamTarget;
  /**
   * `refreshed`: this replica fetched one; `shared`: another replica's was read from the store;
   * `unstored`: fetched but the store could not keep it; `invalid`, `unavailable`: the refresh failed.
   */
  outcome: "refreshed" | "shared" | "unstored" | "invalid" | "unavailable";
  /** Epoch ms the held token expires (after a success). */
  expiresAt?: number;
  durationMs: number;
  /** The token endpoint's error code (`invalid_grant`…), never its text. */
  errorCode?: string;
}

export interface CredentialObserver {
  refreshed(record: RefreshRecord): void;
}

/** What a connection's credential provider is built with besides its settings. */
export interface CredentialServices {
  target: UpstreamTarget;
  /** How messages name the connection, e.g. "<Vendor> (connection 'default')". */
  name: string;
  /** Where fetched tokens and rotated refresh tokens are kept (encrypted), shared by replicas through Redis. */
  store: CredentialStore;
  observer?: CredentialObserver;
  /** Bound of a token endpoint call when the request's deadline is later (UPSTREAM_TIMEOUT_MS). */
  timeoutMs: number;
}
