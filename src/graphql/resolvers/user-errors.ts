import { toUserErrors, type UserError } from "../../errors.js";

/**
 * Runs a mutation and reports gateway validation and vendor rejections as `userErrors`
 * (field paths prefixed with the `input` argument); other failures become GraphQL errors.
 */
export async function withUserErrors<P extends { userErrors: UserError[] }>(
  run: () => Promise<Omit<P, "userErrors">>,
  onError: Omit<P, "userErrors">,
): Promise<P> {
  try {
    return { ...(await run()), userErrors: [] } as unknown as P;
  } catch (error) {
    const userErrors = toUserErrors(error).map((e) => ({ ...e, field: e.field ? ["input", ...e.field] : null }));
    return { ...onError, userErrors } as unknown as P;
  }
}
