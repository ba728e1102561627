import type { Server, ServerResponse } from "node:http";

/**
 * What a graceful stop needs to know: the responses still open. `draining` tells routes to
 * close kept-alive connections after answering.
 */
export class Drain {
  private readonly inFlight = new Set<ServerResponse>();
  draining = false;

  track(res: ServerResponse): void {
    this.inFlight.add(res);
    res.on("close", () => this.inFlight.delete(res));
    // While draining, keep-alive clients are told to reconnect elsewhere.
    if (this.draining) res.setHeader("connection", "close");
  }

  /**
   * Stops accepting, waits (at most `timeoutMs`) for in-flight requests, including ones that
   * arrived on kept-alive connections meanwhile, then cuts whatever is left.
   */
  async close(server: Server, timeoutMs: number): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.race([this.allAnswered(), sleep(timeoutMs)]);
    server.closeAllConnections();
    await closed;
  }

  private allAnswered(): Promise<void> {
    return new Promise((resolve) => {
      const watched = new WeakSet<ServerResponse>();
      const check = () => {
        if (this.inFlight.size === 0) return resolve();
        for (const res of this.inFlight) {
          if (watched.has(res)) continue;
          watched.add(res);
          res.once("close", () => setImmediate(check));
        }
      };
      check();
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
