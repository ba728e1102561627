import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { GatewayContext } from "../context.js";
import { ValidationError } from "../errors.js";

/** 1-255 printable ASCII characters, as the schema's description promises. */
const KEY = /^[\x20-\x7e]{1,255}$/;

/** What HTTP strips around a header value (optional whitespace): stripped from the input field too. */
const AROUND = /^[ \t]+|[ \t]+$/g;

/**
 * The idempotency key of a create mutation: its input's `idempotencyKey`, or the
 * `Idempotency-Key` header when the operation has exactly this one mutation field. Both given
 * and different, the header sent more than once, or a malformed key, is a VALIDATION error on
 * `idempotencyKey`. Spaces around the key count in neither place (HTTP drops them from the header).
 */
export function idempotencyKeyOf(inputKey: string | null | undefined, ctx: GatewayContext, info: GraphQLResolveInfo): string | undefined {
  const lines = ctx.idempotencyKeys;
  if (lines !== undefined && lines.length > 1) {
    // Node would join them with ", " into one valid-looking key: neither line is the client's key.
    throw new ValidationError(`The Idempotency-Key header was sent ${lines.length} times; send it once`, ["idempotencyKey"]);
  }
  const header = lines?.[0];
  if (header !== undefined && rootFields(info.operation.selectionSet, info) !== 1) {
    throw new ValidationError(
      "The Idempotency-Key header applies to an operation with exactly one mutation field; give each input its own idempotencyKey instead",
      ["idempotencyKey"],
    );
  }
  const given = inputKey?.replace(AROUND, "");
  if (given != null && header !== undefined && given !== header) {
    throw new ValidationError("idempotencyKey and the Idempotency-Key header differ; send one of them", ["idempotencyKey"]);
  }
  const key = given ?? header;
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
