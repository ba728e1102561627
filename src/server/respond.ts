import type { IncomingMessage, ServerResponse } from "node:http";

/** Small answers the routes share. */

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/**
 * The request body, or undefined when it is larger than `maxBytes` (the rest is read and
 * dropped, within the server's request timeout). Read with stream events rather than an async
 * iterator: fewer promises per request.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off("data", onData).resume();
      resolve(undefined);
    };
    req
      .on("data", onData)
      .once("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, size).toString("utf8")))
      .once("error", reject);
  });
}

/** Browsers navigating to /graphql ask for HTML; API clients ask for JSON. */
export function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").toLowerCase().includes("text/html");
}

/** Adds names to the response's `Vary` header, keeping the ones already there. */
export function addVary(res: ServerResponse, ...names: string[]): void {
  const current = String(res.getHeader("vary") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  const added = names.map((name) => name.trim().toLowerCase()).filter((name) => name !== "");
  res.setHeader("vary", [...new Set([...current, ...added])].join(", "));
}
