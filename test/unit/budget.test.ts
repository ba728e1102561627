import { describe, expect, it } from "vitest";
import { RequestBudget, type Abortable } from "../../src/http/budget.js";

function call(): Abortable & { reasons: Error[] } {
  const reasons: Error[] = [];
  return { reasons, abort: (reason) => reasons.push(reason) };
}

describe("RequestBudget (src/http/budget.ts)", () => {
  it("hands a free slot at once (no promise), queues past the limit, and passes a released slot on", async () => {
    const budget = new RequestBudget(10_000, 2);
    const [a, b, c] = [call(), call(), call()];
    expect(budget.acquire(a)).toBe(true);
    expect(budget.acquire(b)).toBe(true);
    const waiting = budget.acquire(c);
    expect(waiting).toBeInstanceOf(Promise);
    budget.release(a);
    await expect(waiting).resolves.toBe(true);
    // c holds a's slot now: ending the request aborts b and c, not a.
    budget.end("client-gone");
    expect(a.reasons).toEqual([]);
    expect(b.reasons.map((e) => e.message)).toEqual(["The request was given up (client-gone)"]);
    expect(c.reasons).toHaveLength(1);
    budget.finish();
  });

  it("once given up: waiting calls get false, new ones too, and the signal (made late) is already aborted", async () => {
    const budget = new RequestBudget(10_000, 1);
    expect(budget.acquire(call())).toBe(true);
    const waiting = budget.acquire(call());
    budget.end("client-gone");
    await expect(waiting).resolves.toBe(false);
    await expect(budget.acquire(call())).resolves.toBe(false);
    expect(budget.ended).toBe("client-gone");
    expect(budget.signal.aborted).toBe(true);
    expect(budget.signal.reason).toBe("client-gone");
  });

  it("ends itself at the deadline, aborting the signal it already handed out", async () => {
    const budget = new RequestBudget(50);
    const signal = budget.signal;
    const inFlight = call();
    expect(budget.acquire(inFlight)).toBe(true);
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    expect(budget.ended).toBe("deadline");
    expect(inFlight.reasons).toHaveLength(1);
  });
});
