import { ValidationError, VendorRejection, type UserError } from "../errors.js";

/**
 * The one place mutation failures become `userErrors`: the gateway's own validation and the
 * vendor's refusals, with field paths under the `input` argument. Anything else is rethrown
 * and becomes a GraphQL error in ./format-error.ts.
 */
export function toUserErrors(error: unknown): UserError[] {
  if (error instanceof ValidationError) {
    return [{ field: inInput(error.field), message: error.message, code: error.userCode }];
  }
  if (error instanceof VendorRejection) {
    const messages = error.messages.length > 0 ? error.messages : [`Rejected with HTTP ${error.status}`];
    return messages.map((message) => ({ field: inInput(error.field), message, code: error.userCode }));
  }
  throw error;
}

/** Runs a mutation: its result (no userErrors unless it carries its own), or `onError` with them. */
export async function withUserErrors<P extends { userErrors: UserError[] }>(
  run: () => Promise<Omit<P, "userErrors"> & { userErrors?: UserError[] }>,
  onError: Omit<P, "userErrors">,
): Promise<P> {
  try {
    return { userErrors: [], ...(await run()) } as unknown as P;
  } catch (error) {
    return { ...onError, userErrors: toUserErrors(error) } as unknown as P;
  }
}

function inInput(field: string[] | null): string[] | null {
  return field ? ["input", ...field] : null;
}
