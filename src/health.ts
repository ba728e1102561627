import { connect } from "node:net";
import type { Vendor } from "./domain/vendor.js";

/** One configured connection's reachability, as /ready reports it: labels only, never URLs or tokens. */
export interface VendorReadiness {
  vendor: Vendor;
  connection: string;
  sandbox: boolean;
  reachable: boolean;
  /** Why not, as a socket error code (ECONNREFUSED, ENOTFOUND, TIMEOUT…). */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  vendors: VendorReadiness[];
}

export interface OriginSource {
  origins(): Array<{ vendor: Vendor; name: string; sandbox: boolean; baseUrl: string }>;
}

/**
 * Ready when every configured connection's origin accepts a TCP connection within
 * `timeoutMs`. A plain connect tells "the vendor (or its sandbox) is there" without
 * sending credentials or adding requests to anyone's log.
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

/** undefined when a TCP connection to the URL's origin opened in time, else a short reason. */
export function probe(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return Promise.resolve("INVALID_URL");
  }
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done("TIMEOUT"), timeoutMs);
    socket.once("connect", () => done(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code ?? "CONNECT_FAILED"));
  });
}
