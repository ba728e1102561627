import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Caller } from "./auth/caller.js";
import { CallerVendorScope } from "./auth/caller-scope.js";
import type { RequestBudget } from "./http/budget.js";
import type { VendorRegistry, VendorScope } from "./vendors/registry.js";
import type { SafeWrites } from "./writes/safe-writes.js";

/** What every resolver gets: this request's id, its deadline and call count, its own vendor clients (and DataLoaders), and the idempotency keys. */
export interface GatewayContext {
  requestId: string;
  /** Who is calling (src/auth/): the open caller when caller authentication is off. */
  caller: Caller;
  budget: RequestBudget;
  vendors: VendorScope;
  writes: SafeWrites;
  /** Each `Idempotency-Key` header line the client sent, as sent (node would join repeated lines into one value); undefined when none. */
  idempotencyKeys?: readonly string[];
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
  caller: Caller,
): GatewayContext {
  // `*` (what fetch sends by default) names no language: let the connection's default apply.
  const language = req.headers["accept-language"]?.trim();
  const scope = { requestId, acceptLanguage: language && language !== "*" ? language : undefined, onBatch, budget, headers: req.headers };
  return {
    requestId,
    caller,
    budget,
    // A token that names its connections gets a scope that refuses the others.
    vendors: caller.grants === null ? registry.scope(scope) : new CallerVendorScope(registry, scope, caller),
    writes,
    idempotencyKeys: req.headersDistinct["idempotency-key"],
  };
}
