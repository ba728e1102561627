import type { IncomingHttpHeaders } from "node:http";
import DataLoader from "dataloader";
import type { CallBudget } from "../http/budget.js";
import type { UpstreamRequest } from "../http/client.js";

/** What a vendor client knows of the GraphQL request it serves. */
export interface RequestScope {
  requestId: string;
  /** The client's Accept-Language, passed on to vendors that localise their texts. */
  acceptLanguage?: string;
  /** Metrics hook: size of every DataLoader batch, by loader name. */
  onBatch?: (loader: string, size: number) => void;
  /** The request's deadline and abort signal, passed with every vendor call it makes. */
  budget?: CallBudget;
  /** The incoming request's headers: a connection in caller mode reads the vendor credential there. */
  headers?: IncomingHttpHeaders;
}

/**
 * An adapter's call as the HTTP core takes it: with the request's call headers, id and budget,
 * always built field by field in one order, so every call has one hidden class and the core's
 * reads of it stay monomorphic (a spread of the adapter's own object gives each call site
 * its own).
 */
export function scopedRequest(
  req: Omit<UpstreamRequest, "headers" | "requestId" | "budget">,
  headers: Record<string, string | undefined>,
  scope: RequestScope,
): UpstreamRequest {
  return {
    method: req.method,
    path: req.path,
    query: req.query,
    headers,
    body: req.body,
    idempotent: req.idempotent,
    requestId: scope.requestId,
    budget: scope.budget,
  };
}

/**
 * A per-request DataLoader keyed by strings. Vendors without batch endpoints fetch each
 * key on its own (concurrently); the loader still dedupes and caches within the request.
 * A key that fails rejects only its own promise.
 */
export function perKeyLoader<V>(
  scope: RequestScope,
  name: string,
  fetchOne: (key: string) => Promise<V>,
): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    scope.onBatch?.(name, keys.length);
    const settled = await Promise.allSettled(keys.map((key) => fetchOne(key)));
    return settled.map((s) => (s.status === "fulfilled" ? s.value : toError(s.reason)));
  });
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
