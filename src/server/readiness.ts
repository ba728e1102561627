import type { ServerResponse } from "node:http";
import type { Vendor } from "../domain/vendor.js";
import type { Logger } from "../observability/logger.js";
import type { ProbeOutcome } from "../vendors/readiness-probe.js";
import { sendJson } from "./respond.js";

/** One configured connection's check, as /ready reports it: labels and short sentences only, never URLs or tokens. */
export interface VendorReadiness {
  vendor: Vendor;
  connection: string;
  sandbox: boolean;
  /** The vendor answered the probe. */
  reachable: boolean;
  /** The probe read succeeded: base URL and credential both work (caller mode: the origin answered). */
  ready: boolean;
  /** Why not: a socket error code (ECONNREFUSED…), TIMEOUT, or the gateway's error code (UNAUTHENTICATED, UPSTREAM_BAD_RESPONSE…). */
  error?: string;
  /** Why not, in one sentence. */
  reason?: string;
  /** "per caller": the credential comes with each request, so only reachability is checked. */
  credentials?: "per caller";
}

export interface Readiness {
  ready: boolean;
  vendors: VendorReadiness[];
}

/** One connection's check (the registry's ConnectionProbe). */
export interface ProbeTarget {
  vendor: Vendor;
  name: string;
  sandbox: boolean;
  /** Targets with one key share one probe. */
  key: string;
  credentials?: "per caller";
  /** Never throws: resolves with how the check ended, within `timeoutMs`. */
  probe(timeoutMs: number): Promise<ProbeOutcome>;
}

export interface ProbeSource {
  probes(): ProbeTarget[];
}

/** `/ready`: 200 when every connection's check passes, 503 naming the failing ones and why (or while draining). */
export function readinessRoute(checker: ReadinessChecker, logger: Logger, draining: () => boolean) {
  return async (res: ServerResponse): Promise<void> => {
    if (draining()) return sendJson(res, 503, { status: "draining", vendors: [] });
    const readiness = await checker.check();
    if (readiness.ready) return sendJson(res, 200, { status: "ready", vendors: readiness.vendors });
    if (readiness.vendors.length === 0) {
      // NODE_ENV=production (or SANDBOX=off) with no vendor configured: every operation would fail NOT_CONFIGURED.
      return sendJson(res, 503, { status: "unavailable", reason: "No vendor is configured: every operation would fail with NOT_CONFIGURED", vendors: [] });
    }
    const failing = readiness.vendors.filter((v) => !v.ready);
    logger.warn(
      { failing: failing.map(({ vendor, connection, error, reason }) => ({ vendor, connection, error, reason })) },
      "not ready: a vendor connection failed its check",
    );
    sendJson(res, 503, {
      status: "unavailable",
      reason: `Not ready: ${failing.map((v) => `${v.vendor} connection '${v.connection}' (${v.error})`).join(", ")}`,
      vendors: readiness.vendors,
    });
  };
}

interface Probe {
  /** When its answer came; undefined while it is still out. */
  answeredAt?: number;
  result: Promise<ProbeOutcome>;
}

/**
 * Ready when every configured connection passes its check within `timeoutMs`: its vendor's
 * probe read, one cheap documented GET with the connection's credential (caller mode: a `HEAD /`
 * of its origin, whatever the status). An unauthenticated `/ready` must not become vendor
 * traffic: one probe per connection (per origin for `HEAD`) is out at a time, and its answer
 * is reused for `cacheMs`, however many calls come in.
 */
export class ReadinessChecker {
  private readonly probes = new Map<string, Probe>();

  constructor(
    private readonly source: ProbeSource,
    private readonly options: { timeoutMs?: number; cacheMs?: number; now?: () => number } = {},
  ) {}

  async check(): Promise<Readiness> {
    const vendors = await Promise.all(
      this.source.probes().map(async (target): Promise<VendorReadiness> => {
        const { reachable, error, reason } = await this.probe(target);
        const { vendor, name, sandbox, credentials } = target;
        return {
          vendor,
          connection: name,
          sandbox,
          reachable,
          ready: reachable && error === undefined,
          ...(error !== undefined && { error }),
          ...(reason !== undefined && { reason }),
          ...(credentials !== undefined && { credentials }),
        };
      }),
    );
    // A gateway that can serve no vendor is not ready, however healthy.
    return { ready: vendors.length > 0 && vendors.every((v) => v.ready), vendors };
  }

  private probe(target: ProbeTarget): Promise<ProbeOutcome> {
    const now = this.options.now ?? Date.now;
    const cached = this.probes.get(target.key);
    if (cached && (cached.answeredAt === undefined || now() - cached.answeredAt < (this.options.cacheMs ?? 5_000))) return cached.result;
    const probe: Probe = {
      result: target.probe(this.options.timeoutMs ?? 2_000).then((outcome) => {
        probe.answeredAt = now();
        return outcome;
      }),
    };
    this.probes.set(target.key, probe);
    return probe.result;
  }
}

/** One uncached check (tests, and callers that want a fresh answer). */
export function checkReadiness(source: ProbeSource, timeoutMs = 2000): Promise<Readiness> {
  return new ReadinessChecker(source, { timeoutMs, cacheMs: 0 }).check();
}
