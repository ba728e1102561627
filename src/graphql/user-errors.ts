import { ValidationError, VendorRejection, type UserError } from "../errors.js";

/**
 * The one place mutation failures become `userErrors`, with field paths under the `input`
 * argument: the gateway's own validation (one per issue, so every bad field of an input is
 * reported) and the vendor's refusals (one per message, each naming the field it blames).
 * Anything else is rethrown and becomes a GraphQL error in ./format-error.ts.
 */
export function toUserErrors(error: unknown): UserError[] {
  if (error instanceof ValidationError) {
    return error.issues.map((issue) => ({ field: inInput(issue.field), message: issue.message, code: error.userCode }));
  }
  if (error instanceof VendorRejection) {
    if (error.messages.length === 0) {
      return [{ field: inInput(error.field), message: `Rejected with HTTP ${error.status}`, code: error.userCode }];
    }
    return error.messages.map((message, i) => ({ field: inInput(error.fields[i] ?? null), message, code: error.userCode }));
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
