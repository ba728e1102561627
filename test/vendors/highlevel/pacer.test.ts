import { afterEach, describe, expect, it } from "vitest";
import type { UpstreamError } from "../../../src/errors.js";
import type { HttpClient } from "../../../src/http/client.js";
import { HIGHLEVEL_DEMO as D, startHighLevelSandbox, type HighLevelSandbox } from "../../../src/sandbox/highlevel/index.js";
import { createHighLevelPacer } from "../../../src/vendors/highlevel/pacer.js";
import { makeClient } from "./helpers.js";

/** A clock that only moves when the pacer sleeps. */
function fakeClock(start = 1_000_000) {
  const clock = {
    t: start,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

const limits = (remaining: number, max = 100, intervalMs = 10_000) => ({
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-max": String(max),
  "x-ratelimit-interval-milliseconds": String(intervalMs),
  "x-ratelimit-limit-daily": "200000",
  "x-ratelimit-daily-remaining": "199000",
});

describe("createHighLevelPacer (fake clock)", () => {
  it("lets calls through at once while the reported budget is plentiful", async () => {
    const clock = fakeClock();
    const pacer = createHighLevelPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.ready();
    pacer.observe(limits(99));
    for (let i = 0; i < 50; i++) await pacer.ready();
    expect(clock.sleeps).toEqual([]);
  });

  it("holds later calls until the first answer reports the limits", async () => {
    const clock = fakeClock();
    const pacer = createHighLevelPacer({ now: clock.now, sleep: clock.sleep, probeTimeoutMs: 1_000 });
    await pacer.ready();
    const second = pacer.ready();
    await second;
    // No answer came: the second call waited out the probe time and then went.
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1_000);
    clock.sleeps.length = 0;
    // Later calls no longer probe, even without headers.
    await pacer.ready();
    expect(clock.sleeps).toEqual([]);
  });

  it("an answer without the rate-limit headers (a proxy's error page) ends the probe at once", async () => {
    const clock = fakeClock();
    const pacer = createHighLevelPacer({ now: clock.now, sleep: clock.sleep, probeTimeoutMs: 1_000 });
    await pacer.ready();
    pacer.observe({ "content-type": "text/html" });
    await pacer.ready();
    await pacer.ready();
    expect(clock.sleeps).toEqual([]);
  });

  it("waits for the window to roll over when the vendor reports the budget nearly spent", async () => {
    const clock = fakeClock();
    const pacer = createHighLevelPacer({ now: clock.now, sleep: clock.sleep });
    const start = clock.t;
    await pacer.ready();
    pacer.observe(limits(8)); // reserve is 10 of 100
    await pacer.ready();
    expect(clock.t - start).toBe(10_100); // window plus the default 100 ms margin
  });

  it("spends only down to the reserve, counting its own calls since the last answer", async () => {
    const clock = fakeClock();
    const pacer = createHighLevelPacer({ now: clock.now, sleep: clock.sleep, reserve: 2 });
    await pacer.ready();
    pacer.observe(limits(10, 10, 1_000));
    // 9 left, 2 kept in hand: 7 go now.
    for (let i = 0; i < 7; i++) await pacer.ready();
    expect(clock.sleeps).toEqual([]);
    const start = clock.t;
    await pacer.ready();
    // The next call waits until our first call leaves the 1 s window (plus the margin).
    expect(clock.t - start).toBe(1_100);
  });

  it("counts its own calls in flight against the window before any answer arrives", async () => {
    const clock = fakeClock();
    const pacer = createHighLevelPacer({ now: clock.now, sleep: clock.sleep, reserve: 1 });
    await pacer.ready();
    pacer.observe(limits(4, 5, 1_000));
    await Promise.all([pacer.ready(), pacer.ready(), pacer.ready()]);
    // 5 per window, 1 in reserve, 1 already sent: 3 go at once, the 5th call waits.
    expect(clock.sleeps).toEqual([]);
    await pacer.ready();
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it("waits after a 429 (remaining 0) and ignores answers without the headers", async () => {
    const clock = fakeClock();
    const pacer = createHighLevelPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.ready();
    pacer.observe(limits(0));
    pacer.observe({ "content-type": "application/json" });
    const start = clock.t;
    await pacer.ready();
    expect(clock.t - start).toBe(10_100);
  });
});

describe("createHighLevelPacer: deadlines, dropped calls and fairness", () => {
  /** A pacer that already knows its window (10 per minute here), and whose own waits never end by themselves. */
  function known(max = 10, reserve = 1) {
    const pacer = createHighLevelPacer({ reserve, sleep: () => new Promise<void>(() => undefined) });
    pacer.observe(limits(max, max, 60_000));
    return pacer;
  }

  it("never lets a call wait past its deadline: it is dropped (null) at the deadline, not at the window's end", async () => {
    const pacer = createHighLevelPacer({ reserve: 1 });
    pacer.observe(limits(0, 10, 60_000));
    const started = Date.now();
    expect(await pacer.ready({ deadline: Date.now() + 200 })).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("drops a waiting call at once when its request is given up", async () => {
    const pacer = known(10);
    for (let i = 0; i < 9; i++) await pacer.ready();
    const controller = new AbortController();
    const waiting = pacer.ready({ deadline: Date.now() + 60_000, signal: controller.signal });
    controller.abort("client-gone");
    expect(await waiting).toBeNull();
  });

  it("gives back the slot of a call dropped before it was sent", async () => {
    const pacer = known(10);
    const grants = [];
    for (let i = 0; i < 9; i++) grants.push(await pacer.ready());
    // 10 per window, 1 in reserve: the window is spent.
    const next = pacer.ready({ deadline: Date.now() + 60_000 });
    let granted = false;
    void next.then(() => (granted = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(granted).toBe(false);
    grants[0]!.cancel();
    expect(await next).not.toBeNull();
  });

  it("holds one request to a share of the window, so the next request's call goes at once", async () => {
    const pacer = known(10);
    const big = {};
    const small = {};
    const deadline = Date.now() + 60_000;
    let bigGranted = 0;
    const bigCalls = Array.from({ length: 8 }, () => pacer.ready({ deadline, group: big }).then((g) => g && bigGranted++));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Alone, a request may use half of the 9 spendable calls.
    expect(bigGranted).toBe(4);
    expect(await pacer.ready({ deadline, group: small })).not.toBeNull();
    expect(bigGranted).toBe(4);
    void bigCalls;
  });

  it("serves waiting requests round-robin, not first come first served", async () => {
    const pacer = known(10);
    const order: string[] = [];
    const deadline = Date.now() + 60_000;
    // Spend the window down to the reserve without a group.
    const grants = [];
    for (let i = 0; i < 9; i++) grants.push(await pacer.ready());
    const a = {};
    const b = {};
    const waiting = [
      ...Array.from({ length: 3 }, () => pacer.ready({ deadline, group: a }).then(() => order.push("a"))),
      ...Array.from({ length: 3 }, () => pacer.ready({ deadline, group: b }).then(() => order.push("b"))),
    ];
    // Slots come back one at a time.
    for (const grant of grants.slice(0, 4)) {
      grant!.cancel();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(order).toEqual(["a", "b", "a", "b"]);
    void waiting;
  });
});

describe("createHighLevelPacer against the sandbox", () => {
  let sandbox: HighLevelSandbox | undefined;
  const opened: HttpClient[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((http) => http.close()));
    await sandbox?.close();
  });

  const contactIds = Object.values(D.contacts);

  /** `n` contact reads, each as its own GraphQL request (so loaders do not dedupe). */
  async function burst(s: HighLevelSandbox, withPacer: boolean, n: number) {
    const shared = makeClient(s, { pacer: withPacer ? createHighLevelPacer() : undefined, timeoutMs: 10_000 });
    opened.push(shared.http);
    return Promise.allSettled(
      Array.from({ length: n }, (_, i) => makeClient(s, { http: shared.http }).client.contact(contactIds[i % contactIds.length]!)),
    );
  }

  it("without pacing, a burst above the window is rate limited", async () => {
    sandbox = await startHighLevelSandbox({ rateLimit: { max: 10, intervalMs: 1_000 } });
    const results = await burst(sandbox, false, 25);
    const limited = results.filter((r) => r.status === "rejected" && (r.reason as UpstreamError).code === "RATE_LIMITED");
    expect(limited.length).toBe(15);
  });

  it("with pacing, the same burst completes without a 429", async () => {
    sandbox = await startHighLevelSandbox({ rateLimit: { max: 10, intervalMs: 1_000 } });
    const started = Date.now();
    const results = await burst(sandbox, true, 25);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(sandbox.requests).toHaveLength(25);
    // 9 calls per 1 s window (1 kept in reserve): the burst spans at least two rollovers.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });
});
