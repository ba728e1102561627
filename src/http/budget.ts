import { setMaxListeners } from "node:events";

/** A call in flight that the request can cut short. */
export interface Abortable {
  abort(reason: Error): void;
}

/**
 * What one client request allows its upstream calls, shared by all of them: one deadline and
 * one timer per request (not a timer per call), and a count of the calls it sent.
 */
export interface CallBudget {
  /** Epoch ms: no call of the request waits, or runs, past it. */
  readonly deadline: number;
  /** Why the request was given up, if it was: its calls not yet sent are dropped. */
  readonly ended: BudgetEnd | undefined;
  /** Aborted when the request is given up, for what waits outside a call (a pacer's queue, a retry's back-off). */
  readonly signal: AbortSignal;
  /** Called once per attempt that actually goes out. */
  sent(): void;
  /**
   * A slot for one more call of the request in flight (`call` is aborted if the request is
   * given up while it is): true when one is free now, else a promise of one, which resolves
   * false if the request is given up first. Most calls find a free slot: no promise for them.
   */
  acquire(call: Abortable): true | Promise<boolean>;
  /** A call acquired earlier is done. */
  release(call: Abortable): void;
}

export type BudgetEnd = "deadline" | "client-gone";

interface Waiting {
  call: Abortable;
  go(go: boolean): void;
}

/**
 * The budget of one GraphQL request, owned by the HTTP handler that sets its deadline and
 * watches its client. At most `maxConcurrent` of its calls are in flight at once, so one large
 * request cannot take a vendor's whole connection pool from the others. Calls in flight are
 * held in a set and aborted directly when the request ends: no abort listener per call.
 */
export class RequestBudget implements CallBudget {
  readonly deadline: number;
  private why: BudgetEnd | undefined;
  /** Made only when something waits on it (most requests never need one). */
  private controller: AbortController | undefined;
  private readonly timer: NodeJS.Timeout;
  private count = 0;
  private readonly inFlight = new Set<Abortable>();
  private readonly waiting: Waiting[] = [];

  constructor(
    readonly timeoutMs: number,
    private readonly maxConcurrent: number = Infinity,
    now: number = Date.now(),
  ) {
    this.deadline = now + timeoutMs;
    this.timer = setTimeout(() => this.end("deadline"), timeoutMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      // Every waiting call of the request may listen to this one signal.
      setMaxListeners(0, this.controller.signal);
      if (this.why) this.controller.abort(this.why);
    }
    return this.controller.signal;
  }

  /** Vendor calls sent so far (each attempt counts). */
  get calls(): number {
    return this.count;
  }

  get ended(): BudgetEnd | undefined {
    return this.why;
  }

  sent(): void {
    this.count++;
  }

  acquire(call: Abortable): true | Promise<boolean> {
    if (this.why) return Promise.resolve(false);
    if (this.inFlight.size < this.maxConcurrent) {
      this.inFlight.add(call);
      return true;
    }
    return new Promise((go) => this.waiting.push({ call, go }));
  }

  release(call: Abortable): void {
    if (!this.inFlight.delete(call)) return;
    // The slot passes straight to the next waiting call.
    const next = this.waiting.shift();
    if (next) {
      this.inFlight.add(next.call);
      next.go(true);
    }
  }

  /** Gives the request up: pending calls are dropped, calls in flight aborted. */
  end(why: BudgetEnd): void {
    clearTimeout(this.timer);
    if (this.why) return;
    this.why = why;
    this.controller?.abort(why);
    for (const waiter of this.waiting.splice(0)) waiter.go(false);
    if (this.inFlight.size === 0) return;
    const reason = new Error(`The request was given up (${why})`);
    for (const call of this.inFlight) call.abort(reason);
    this.inFlight.clear();
  }

  /** The response is complete: nothing is left to abort, only the timer to clear. */
  finish(): void {
    clearTimeout(this.timer);
  }
}
