import type { GraphQLResolveInfo } from "graphql";
import type { GatewayContext } from "../context.js";
import { DEFAULT_CONNECTION, type Vendor } from "../domain/vendor.js";
import type { UserError } from "../errors.js";
import { idempotencyKeyOf } from "./idempotency.js";
import { toUserErrors, withUserErrors } from "./user-errors.js";

type Result<P> = Omit<P, "userErrors" | "replayed">;

export interface CreateSpec<P> {
  vendor: Vendor;
  /** The mutation's payload fields when nothing was created (userErrors carry why). */
  empty: Result<P>;
  /** Creates; `retry` is true when an earlier attempt with the same key has an unknown outcome. */
  write(retry: boolean): Promise<Result<P>>;
  /** Finds what an earlier attempt created (vendors whose create is not an upsert and that refuse no duplicates). */
  reconcile?(since: Date): Promise<Result<P> | null>;
}

/**
 * A create mutation made safe to retry: its idempotency key (input or header) scoped to the
 * vendor, connection and mutation, the input fingerprinted without the key, refusals stored as
 * userErrors, and validation failures reported as userErrors.
 */
export function createMutation<P extends { userErrors: UserError[]; replayed: boolean }>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  input: { connection?: string | null; idempotencyKey?: string | null },
  spec: CreateSpec<P>,
): Promise<P> {
  return withUserErrors<P>(
    async () => {
      const key = idempotencyKeyOf(input.idempotencyKey, ctx, info);
      const { idempotencyKey: _key, connection, ...fields } = input;
      const ok = (result: Result<P>) => ({ ...result, userErrors: [] as UserError[] });
      const payload = ctx.writes.run({
        scope: { vendor: spec.vendor, connection: connection ?? DEFAULT_CONNECTION, mutation: info.fieldName },
        key,
        input: fields,
        write: async (retry) => ok(await spec.write(retry)),
        reconcile: spec.reconcile && (async (since) => {
          const found = await spec.reconcile!(since);
          return found && ok(found);
        }),
        rejected: (error) => ({ ...spec.empty, userErrors: toUserErrors(error) }),
      });
      return payload as Promise<Omit<P, "userErrors"> & { userErrors: UserError[] }>;
    },
    { ...spec.empty, replayed: false } as Omit<P, "userErrors">,
  );
}
