import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** A client that trickles its request in is cut off after REQUEST_READ_TIMEOUT_MS (node's requestTimeout/headersTimeout). */

const READ_TIMEOUT_MS = 600;

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ requestReadTimeoutMs: READ_TIMEOUT_MS });
});
afterAll(() => t?.close());

/** Sends `head` then one byte of `body` every 100 ms; resolves with what the server said and when it closed. */
function trickle(head: string, body: string): Promise<{ answer: string; closedAfterMs: number; bytesSent: number }> {
  const { port } = new URL(t.gateway.url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    let sent = 0;
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.write(head);
    const timer = setInterval(() => {
      if (sent < body.length && socket.writable) socket.write(body[sent++]!);
    }, 100);
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started, bytesSent: sent });
    });
  });
}

describe("slow clients", () => {
  it("a body that trickles in is cut off with 408 after the read timeout", async () => {
    const body = JSON.stringify({ query: "{ connections { name } }" }).padEnd(200, " ");
    const head = `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, closedAfterMs, bytesSent } = await trickle(head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(bytesSent).toBeLessThan(body.length);
    expect(closedAfterMs).toBeGreaterThanOrEqual(READ_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(READ_TIMEOUT_MS + 1_000);
  });

  it("headers that trickle in are cut off too", async () => {
    const { answer, closedAfterMs } = await trickle("", "GET /health HTTP/1.1\r\nHost: gateway\r\nX-Slow: " + "a".repeat(100));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(READ_TIMEOUT_MS + 1_000);
  });

  it("a request that arrives in time is served", async () => {
    const res = await t.gql(`{ connections { name } }`);
    expect(res.status).toBe(200);
  });
});
