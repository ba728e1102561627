import type { ServerResponse } from "node:http";
import { Client } from "undici";
import type { Vendor } from "../domain/vendor.js";
import { USER_AGENT } from "../http/user-agent.js";
import type { Logger } from "../observability/logger.js";
import { sendJson } from "./respond.js";

/** One configured connection's reachability, as /ready reports it: labels only, never URLs or tokens. */
export interface VendorReadiness {
  vendor: Vendor;
  connection: string;
  sandbox: boolean;
  reachable: boolean;
  /** Why not: a socket error code (ECONNREFUSED, ENOTFOUND…) or TIMEOUT. */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  vendors: VendorReadiness[];
}

export interface OriginSource {
  origins(): Array<{ vendor: Vendor; name: string; sandbox: boolean; baseUrl: string }>;
}

/** `/ready`: 200 when every vendor origin answers, 503 naming the unreachable ones (or while draining). */
export function readinessRoute(source: OriginSource, logger: Logger, draining: () => boolean, timeoutMs?: number) {
  return async (res: ServerResponse): Promise<void> => {
    if (draining()) return sendJson(res, 503, { status: "draining", vendors: [] });
    const readiness = await checkReadiness(source, timeoutMs);
    if (readiness.ready) return sendJson(res, 200, { status: "ready", vendors: readiness.vendors });
    const failing = readiness.vendors.filter((v) => !v.reachable);
    logger.warn(
      { unreachable: failing.map(({ vendor, connection, error }) => ({ vendor, connection, error })) },
      "not ready: vendor origin unreachable",
    );
    sendJson(res, 503, {
      status: "unavailable",
      reason: `Unreachable: ${failing.map((v) => `${v.vendor} connection '${v.connection}' (${v.error})`).join(", ")}`,
      vendors: readiness.vendors,
    });
  };
}

/**
 * Ready when every configured connection's origin answers an HTTP `HEAD /` within
 * `timeoutMs`, whatever the status: the vendor (or its sandbox) is there and speaking
 * HTTP. The probe carries no credentials and no path of the tenant.
 */
export async function checkReadiness(source: OriginSource, timeoutMs = 2000): Promise<Readiness> {
  const vendors = await Promise.all(
    source.origins().map(async ({ vendor, name, sandbox, baseUrl }): Promise<VendorReadiness> => {
      const error = await probe(baseUrl, timeoutMs);
      return { vendor, connection: name, sandbox, reachable: error === undefined, ...(error !== undefined && { error }) };
    }),
  );
  return { ready: vendors.every((v) => v.reachable), vendors };
}

/** undefined when the URL's origin answered in time, else a short reason (a socket error code or TIMEOUT). */
export async function probe(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    return "INVALID_URL";
  }
  // A client of its own, destroyed after: the probe must not hold sockets open or share the vendor pool's limits.
  const client = new Client(origin, { connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  try {
    const res = await client.request({
      method: "HEAD",
      path: "/",
      headers: { "user-agent": USER_AGENT },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return undefined;
  } catch (error) {
    return reason(error);
  } finally {
    void client.destroy().catch(() => undefined);
  }
}

function reason(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: string; code?: unknown };
  if (name === "TimeoutError" || name === "AbortError") return "TIMEOUT";
  if (typeof code === "string") return code.startsWith("UND_ERR_") && code.includes("TIMEOUT") ? "TIMEOUT" : code;
  return "UNREACHABLE";
}
