import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** UPSTREAM_MAX_RESPONSE_BYTES: a huge vendor answer is cut off at the cap and never held in memory. */

const FIFTY_MB = 50 * 1024 * 1024;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ upstreamTimeoutMs: 10_000 });
});
afterAll(() => t?.close());

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

describe("a 50 MB vendor answer", () => {
  it("is UPSTREAM_BAD_RESPONSE, five at once too, and the gateway's memory stays near its resting size", async () => {
    const so = t.sandboxes.superoffice;
    // Warm up (JIT, pools), then take the resting size.
    for (let i = 0; i < 5; i++) await t.gql(`{ contact(vendor: SUPEROFFICE, id: "12") { name } }`);
    const resting = rssMb();

    const written: number[] = [];
    const run = async (declareLength: boolean) => {
      so.injectFault(
        { status: 200, stream: { bytes: FIFTY_MB, declareLength, written: (n) => written.push(n) } },
        { times: 5, match: (r) => r.path.endsWith("/Contact/11") },
      );
      const answers = await Promise.all(Array.from({ length: 5 }, () => t.gql(`{ contact(vendor: SUPEROFFICE, id: "11") { name } }`)));
      for (const res of answers) {
        expect(res.status).toBe(200);
        expect(res.data).toEqual({ contact: null });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_BAD_RESPONSE", vendor: "SUPEROFFICE" });
        expect(res.errors?.[0]?.message).toContain("answered with more than 2097152 bytes");
      }
    };
    await run(false); // chunked: read up to the cap, then the socket is dropped
    await run(true); // a Content-Length above the cap: refused before the body is read
    await expect.poll(() => written.length).toBe(10);

    // The sandbox stopped writing when the gateway dropped each socket: a few MB each at most, not 50.
    for (const bytes of written) expect(bytes).toBeLessThan(16 * 1024 * 1024);
    // Loose on purpose (GC timing): ten 50 MB answers held whole would add hundreds of MB.
    expect(rssMb() - resting).toBeLessThan(60);
  });
});
