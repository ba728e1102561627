import type { GraphQLResolveInfo } from "graphql";
import type { GatewayContext } from "../context.js";
import type { Vendor } from "../domain/vendor.js";
import type { UserError } from "../errors.js";
import { ValidationIssues } from "../validation-issues.js";
import { idempotencyKeyOf } from "./idempotency.js";
import { restorePayload, slimPayload, type SlimPayload } from "./idempotency-replay.js";
import { toUserErrors } from "./user-errors.js";

/** A payload's own fields: what a write answers besides userErrors and replayed. */
export type Result<P> = Omit<P, "userErrors" | "replayed">;

export interface KeyedSpec<P> {
  /**
   * The vendor and connection the write goes to: with the mutation's name, what its key is
   * scoped to. Called after the key is checked; a ValidationError here is a userError.
   */
  target(): { vendor: Vendor; connection: string };
  /**
   * The input's own checks, made with the key's and the target's in one pass before anything is
   * read or written: each problem goes to `issues` (thrown ValidationErrors are kept too), and all
   * of them come back as userErrors together.
   */
  check?(issues: ValidationIssues): void;
  /** The input as the key's fingerprint sees it (without the key): another input under the same key is refused. Read only with a key. */
  input(): unknown;
  /** The payload's fields when nothing was written (userErrors carry why). */
  empty: Result<P>;
  /** Writes; `retry` is true when an earlier attempt with the same key has an unknown outcome. Answers a fresh object: it becomes the payload. */
  write(retry: boolean): Promise<Result<P>>;
  /** Finds what an earlier attempt since `since` wrote, before writing again (writes that are neither upserts nor refused as duplicates). */
  reconcile?(since: Date): Promise<Result<P> | null>;
}

/**
 * A mutation made safe to retry (src/writes/): its idempotency key (input field or the
 * Idempotency-Key header) scoped to the vendor, connection and mutation, the input
 * fingerprinted, vendor refusals stored and replayed as userErrors, and validation failures
 * (the key's, the target's and the input's, all found in one pass) reported as userErrors.
 *
 * Every create passes through here, so it builds no object it does not need: no copy of the
 * spec, and a write's result becomes its payload in place (see `answered`).
 */
export async function keyedMutation<P extends { userErrors: UserError[]; replayed: boolean }>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  inputKey: string | null | undefined,
  spec: KeyedSpec<P>,
): Promise<P> {
  try {
    const issues = new ValidationIssues();
    const key = issues.check(() => idempotencyKeyOf(inputKey, ctx, info));
    const target = issues.check(() => spec.target());
    spec.check?.(issues);
    issues.throwIfAny();
    const { reconcile } = spec;
    const payload = await ctx.writes.run<Omit<P, "replayed">>({
      // Set: a target that failed is an issue, and throwIfAny has passed.
      scope: { vendor: target!.vendor, connection: target!.connection, mutation: info.fieldName, tenant: key === undefined ? undefined : tenantOf(ctx, target!) },
      key,
      input: key === undefined ? undefined : spec.input(),
      deadline: ctx.budget.deadline,
      write: async (retry) => answered<P>(await spec.write(retry)),
      reconcile:
        reconcile &&
        (async (since) => {
          const found = await reconcile(since);
          return found && answered<P>(found);
        }),
      rejected: (error) => ({ ...spec.empty, userErrors: toUserErrors(error) }) as Omit<P, "replayed">,
      slim: slimPayload,
      restore: async (slim) => (await restorePayload(slim as SlimPayload, (ref) => ctx.vendors.load(ref))) as Omit<P, "replayed">,
    });
    return payload as P;
  } catch (error) {
    return { ...spec.empty, replayed: false, userErrors: toUserErrors(error) } as P;
  }
}

/** A write's result as its payload, without userErrors: completed in place, as each write answers an object of its own. */
function answered<P extends { userErrors: UserError[] }>(result: Result<P>): Omit<P, "replayed"> {
  const payload = result as Omit<P, "replayed">;
  payload.userErrors = [];
  return payload;
}

/**
 * Whose write a key is: the vendor credential's tenant (a caller's own vendor token) and the
 * authenticated caller, so one caller's key never replays another's answer on a shared connection.
 */
function tenantOf(ctx: GatewayContext, target: { vendor: Vendor; connection: string }): string {
  return [ctx.vendors.tenantOf(target.vendor, target.connection), ctx.caller.principal].filter((part) => part !== "").join(" ");
}
