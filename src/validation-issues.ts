import { ValidationError, type Issue } from "./errors.js";

/**
 * The problems of one input, gathered in one pass so that a client learns of every bad field at
 * once: each field's check runs, a ValidationError it throws is kept instead of ending the pass,
 * and `throwIfAny` throws them together (one userError each).
 */
export class ValidationIssues {
  private readonly found: Issue[] = [];

  /** Runs one check: its value, or undefined when it failed (its issues are kept). Other errors pass through. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof ValidationError) || error.userCode !== "VALIDATION") throw error;
      this.found.push(...error.issues);
      return undefined;
    }
  }

  /** Runs one check: whether it passed (its issues are kept when not). */
  passes(run: () => unknown): boolean {
    const before = this.found.length;
    this.check(run);
    return this.found.length === before;
  }

  /** Keeps a problem found without a check that throws. */
  add(error: ValidationError): void {
    this.found.push(...error.issues);
  }

  /** One ValidationError holding every issue found, if there is any. */
  throwIfAny(): void {
    if (this.found.length > 0) throw ValidationError.of(this.found);
  }
}

/** Runs every check `checks` makes on one collector, then throws what they found together; else answers its value. */
export function collectIssues<T>(checks: (issues: ValidationIssues) => T): T {
  const issues = new ValidationIssues();
  const result = checks(issues);
  issues.throwIfAny();
  return result;
}
