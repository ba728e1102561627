import { afterAll, beforeAll, expect, it } from "vitest";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/data.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * UPSTREAM_TIMEOUT_MS covers the whole answer: a vendor that sends its headers and then one
 * byte every 200 ms is cut at the call's own deadline, not at the request's (issue 21, item 7).
 */

const UPSTREAM_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 10_000;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS });
});
afterAll(() => t?.close());

it("a vendor trickling its answer fails with UPSTREAM_TIMEOUT at UPSTREAM_TIMEOUT_MS, well before the request's deadline", async () => {
  t.sandboxes.highlevel.injectFault({ status: 200, stream: { bytes: 1_000_000, everyMs: 200 } });
  const started = Date.now();
  const res = await t.gql<any>(`{ contact(vendor: HIGHLEVEL, id: "${HIGHLEVEL_DEMO.contacts.ada}") { name } }`);
  const took = Date.now() - started;
  expect(res.data).toEqual({ contact: null });
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", vendor: "HIGHLEVEL" });
  expect(res.errors![0]!.message).toBe(`HighLevel (connection 'default') did not answer within ${UPSTREAM_TIMEOUT_MS} ms`);
  // Not a timing assertion: only that the request's 10 s deadline was not what ended it.
  expect(took).toBeLessThan(REQUEST_TIMEOUT_MS / 2);
  // The vendor was called once: a GET is retried only on connection failures and 502/503/504.
  expect(t.sandboxes.highlevel.requests.filter((r) => r.method === "GET")).toHaveLength(1);
});
