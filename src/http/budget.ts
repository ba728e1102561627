import { setMaxListeners } from "node:events";

/**
 * What one client request allows its upstream calls, shared by all of them: one deadline and
 * one abort signal per request (not a timer per call), and a count of the calls it sent.
 */
export interface CallBudget {
  /** Epoch ms: no call of the request waits, or runs, past it. */
  readonly deadline: number;
  /** Aborted at the deadline or when the client goes away: calls in flight are cut, calls not yet sent are dropped. */
  readonly signal: AbortSignal;
  /** Called once per attempt that actually goes out. */
  sent(): void;
  /** Resolves when one more call of the request may be in flight; false once the request is given up. */
  acquire(): Promise<boolean>;
  /** A call acquired earlier is done. */
  release(): void;
}

export type BudgetEnd = "deadline" | "client-gone";

/**
 * The budget of one GraphQL request, owned by the HTTP handler that sets its deadline and
 * watches its client. At most `maxConcurrent` of its calls are in flight at once, so one large
 * request cannot take a vendor's whole connection pool from the others.
 */
export class RequestBudget implements CallBudget {
  readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private count = 0;
  private active = 0;
  private readonly waiting: Array<(go: boolean) => void> = [];

  constructor(
    readonly timeoutMs: number,
    private readonly maxConcurrent: number = Infinity,
    now: number = Date.now(),
  ) {
    this.deadline = now + timeoutMs;
    // Every call of the request listens to this one signal.
    setMaxListeners(0, this.controller.signal);
    this.timer = setTimeout(() => this.end("deadline"), timeoutMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Vendor calls sent so far (each attempt counts). */
  get calls(): number {
    return this.count;
  }

  /** Why the request was given up, if it was. */
  get ended(): BudgetEnd | undefined {
    return this.controller.signal.aborted ? (this.controller.signal.reason as BudgetEnd) : undefined;
  }

  sent(): void {
    this.count++;
  }

  acquire(): Promise<boolean> {
    if (this.controller.signal.aborted) return Promise.resolve(false);
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiting call.
    if (next) next(true);
    else this.active--;
  }

  /** Gives the request up: pending calls are dropped, calls in flight aborted. */
  end(why: BudgetEnd): void {
    clearTimeout(this.timer);
    if (!this.controller.signal.aborted) this.controller.abort(why);
    for (const waiter of this.waiting.splice(0)) waiter(false);
  }

  /** The response is complete: nothing is left to abort, only the timer to clear. */
  finish(): void {
    clearTimeout(this.timer);
  }
}
