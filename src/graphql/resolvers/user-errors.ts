import { toUserErrors, type UserError } from "../../errors.js";

/**
 * Runs a mutation and reports gateway validation and vendor rejections as `userErrors`
 * (field paths prefixed with the `input` argument); other failures become GraphQL errors.
 */
export async function withUserErrors<T extends object>(
  run: () => Promise<T>,
  onError: Omit<T, "userErrors">,
): Promise<T & { userErrors: UserError[] }> {
  try {
    return { ...(await run()), userErrors: [] };
  } catch (error) {
    const userErrors = toUserErrors(error).map((e) => ({ ...e, field: e.field ? ["input", ...e.field] : null }));
    return { ...onError, userErrors } as T & { userErrors: UserError[] };
  }
}
