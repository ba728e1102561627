import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { GatewayContext } from "../context.js";
import { ValidationError } from "../errors.js";

/** 1-255 printable ASCII characters, as the schema's description promises. */
const KEY = /^[\x20-\x7e]{1,255}$/;

/**
 * The idempotency key of a create mutation: its input's `idempotencyKey`, or the
 * `Idempotency-Key` header when the operation has exactly this one mutation field. Both given
 * and different, or a malformed key, is a VALIDATION error on `idempotencyKey`.
 */
export function idempotencyKeyOf(inputKey: string | null | undefined, ctx: GatewayContext, info: GraphQLResolveInfo): string | undefined {
  const header = ctx.idempotencyKey;
  if (header !== undefined && rootFields(info.operation.selectionSet, info) !== 1) {
    throw new ValidationError(
      "The Idempotency-Key header applies to an operation with exactly one mutation field; give each input its own idempotencyKey instead",
      ["idempotencyKey"],
    );
  }
  if (inputKey != null && header !== undefined && inputKey !== header) {
    throw new ValidationError("idempotencyKey and the Idempotency-Key header differ; send one of them", ["idempotencyKey"]);
  }
  const key = inputKey ?? header;
  if (key !== undefined && !KEY.test(key)) {
    throw new ValidationError("idempotencyKey must be 1 to 255 printable ASCII characters", ["idempotencyKey"]);
  }
  return key;
}

/** Fields at the operation's root, fragments included (`__typename` is no mutation). */
function rootFields(set: SelectionSetNode, info: GraphQLResolveInfo): number {
  return set.selections.reduce((count, selection) => {
    if (selection.kind === Kind.FIELD) return count + (selection.name.value === "__typename" ? 0 : 1);
    if (selection.kind === Kind.INLINE_FRAGMENT) return count + rootFields(selection.selectionSet, info);
    const fragment = info.fragments[selection.name.value];
    return count + (fragment ? rootFields(fragment.selectionSet, info) : 0);
  }, 0);
}
