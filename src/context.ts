import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestBudget } from "./http/budget.js";
import type { VendorRegistry, VendorScope } from "./vendors/registry.js";
import type { SafeWrites } from "./writes/safe-writes.js";

/** What every resolver gets: this request's id, its deadline and call count, its own vendor clients (and DataLoaders), and the idempotency keys. */
export interface GatewayContext {
  requestId: string;
  budget: RequestBudget;
  vendors: VendorScope;
  writes: SafeWrites;
  /** The `Idempotency-Key` header, when the client sent one. */
  idempotencyKey?: string;
}

/** The long-lived services a request's context is made from. */
export interface ContextServices {
  registry: VendorRegistry;
  writes: SafeWrites;
  onBatch?: (loader: string, size: number) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane token, else a fresh one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  const value = Array.isArray(given) ? given[0] : given;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

export function createContext(
  { registry, writes, onBatch }: ContextServices,
  req: IncomingMessage,
  requestId: string,
  budget: RequestBudget,
): GatewayContext {
  // `*` (what fetch sends by default) names no language: let the connection's default apply.
  const language = req.headers["accept-language"]?.trim();
  const key = req.headers["idempotency-key"];
  return {
    requestId,
    budget,
    vendors: registry.scope({ requestId, acceptLanguage: language && language !== "*" ? language : undefined, onBatch, budget, headers: req.headers }),
    writes,
    idempotencyKey: Array.isArray(key) ? key[0] : key,
  };
}
