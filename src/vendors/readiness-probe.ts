import { randomUUID } from "node:crypto";
import { GatewayError, UpstreamError } from "../errors.js";
import { RequestBudget } from "../http/budget.js";
import type { Vendor } from "../domain/vendor.js";
import type { VendorRegistry } from "./registry.js";

/**
 * /ready's check of one connection: its vendor's probe read (./contract.ts `probe`), sent as a
 * request's calls are (the connection's credential and its 401 renewal, the HTTP core's
 * pool, deadline and retries), and what it learnt, in labels and short sentences only.
 */

/** How one connection's check ended: `error` a short code, `reason` one redacted sentence. */
export interface ProbeOutcome {
  /** The vendor answered (or, for a credential, its token endpoint did): false when nothing came back in time. */
  reachable: boolean;
  error?: string;
  reason?: string;
}

/** One probe read of the connection within `timeoutMs`; never throws. */
export async function probeRead(registry: VendorRegistry, vendor: Vendor, name: string, timeoutMs: number): Promise<ProbeOutcome> {
  const budget = new RequestBudget(timeoutMs);
  try {
    await registry.scope({ requestId: `ready-${randomUUID()}`, budget }).client(vendor, name, null).probe();
    // The token held still works, but its refresh was refused: the connection fails when it expires.
    const refused = registry.credentialsFor(vendor, name, null).refused?.();
    return refused ? outcomeOf(refused) : { reachable: true };
  } catch (error) {
    return outcomeOf(error);
  } finally {
    budget.finish();
  }
}

/** The outcome of a reachability-only probe (`HEAD /`): undefined when the origin answered, else its socket code or TIMEOUT. */
export function reachability(error: string | undefined): ProbeOutcome {
  return error === undefined ? { reachable: true } : { reachable: false, error, reason: "The vendor's origin did not answer" };
}

function outcomeOf(error: unknown): ProbeOutcome {
  if (error instanceof UpstreamError) {
    // No answer at all: the socket's code (ECONNREFUSED…) or TIMEOUT, as the reachability probe reports them.
    if (error.code === "UPSTREAM_TIMEOUT") return { reachable: false, error: "TIMEOUT", reason: error.message };
    if (error.network !== undefined) return { reachable: false, error: error.network, reason: error.message };
    return { reachable: error.code !== "UPSTREAM_UNAVAILABLE" || error.status !== undefined, error: error.code, reason: error.message };
  }
  // The gateway's own errors (a connection without a location id) say what is wrong, without secrets.
  if (error instanceof GatewayError) return { reachable: true, error: error.code, reason: error.message };
  return { reachable: false, error: "INTERNAL", reason: "The check failed unexpectedly" };
}
