import type { ServerResponse } from "node:http";
import type { Vendor } from "../domain/vendor.js";
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

/** A connection's vendor origin and a probe of it (the registry's: over the connection's own keep-alive pool). */
export interface ProbeTarget {
  vendor: Vendor;
  name: string;
  sandbox: boolean;
  origin: string;
  /** undefined when the origin answered within `timeoutMs`, else a short reason (a socket error code or TIMEOUT). */
  probe(timeoutMs: number): Promise<string | undefined>;
}

export interface OriginSource {
  origins(): ProbeTarget[];
}

/** `/ready`: 200 when every vendor origin answers, 503 naming the unreachable ones (or while draining). */
export function readinessRoute(checker: ReadinessChecker, logger: Logger, draining: () => boolean) {
  return async (res: ServerResponse): Promise<void> => {
    if (draining()) return sendJson(res, 503, { status: "draining", vendors: [] });
    const readiness = await checker.check();
    if (readiness.ready) return sendJson(res, 200, { status: "ready", vendors: readiness.vendors });
    if (readiness.vendors.length === 0) {
      // NODE_ENV=production (or SANDBOX=off) with no vendor configured: every operation would fail NOT_CONFIGURED.
      return sendJson(res, 503, { status: "unavailable", reason: "No vendor is configured: every operation would fail with NOT_CONFIGURED", vendors: [] });
    }
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

interface Probe {
  /** When its answer came; undefined while it is still out. */
  answeredAt?: number;
  result: Promise<string | undefined>;
}

/**
 * Ready when every configured connection's origin answers an HTTP `HEAD /` within
 * `timeoutMs`, whatever the status: the vendor (or its sandbox) is there and speaking HTTP.
 * The probe carries no credentials and no path of the tenant. An unauthenticated `/ready`
 * must not become vendor traffic: one probe per origin is out at a time, and its answer is
 * reused for `cacheMs`, however many calls come in.
 */
export class ReadinessChecker {
  private readonly probes = new Map<string, Probe>();

  constructor(
    private readonly source: OriginSource,
    private readonly options: { timeoutMs?: number; cacheMs?: number; now?: () => number } = {},
  ) {}

  async check(): Promise<Readiness> {
    const vendors = await Promise.all(
      this.source.origins().map(async (target): Promise<VendorReadiness> => {
        const error = await this.probe(target);
        const { vendor, name, sandbox } = target;
        return { vendor, connection: name, sandbox, reachable: error === undefined, ...(error !== undefined && { error }) };
      }),
    );
    // A gateway that can serve no vendor is not ready, however healthy.
    return { ready: vendors.length > 0 && vendors.every((v) => v.reachable), vendors };
  }

  private probe(target: ProbeTarget): Promise<string | undefined> {
    const now = this.options.now ?? Date.now;
    const cached = this.probes.get(target.origin);
    if (cached && (cached.answeredAt === undefined || now() - cached.answeredAt < (this.options.cacheMs ?? 5_000))) return cached.result;
    const probe: Probe = {
      result: target.probe(this.options.timeoutMs ?? 2_000).then((error) => {
        probe.answeredAt = now();
        return error;
      }),
    };
    this.probes.set(target.origin, probe);
    return probe.result;
  }
}

/** One uncached check (tests, and callers that want a fresh answer). */
export function checkReadiness(source: OriginSource, timeoutMs = 2000): Promise<Readiness> {
  return new ReadinessChecker(source, { timeoutMs, cacheMs: 0 }).check();
}
