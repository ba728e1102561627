import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The plumbing every sandbox vendor shares: a loopback HTTP server, a request log that
 * tests assert on, injected latency and faults, and a tiny router. Each vendor's folder
 * (src/sandbox/<vendor>/) holds only that vendor's rules.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, as sent (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  rawBody: string;
}

export interface SandboxReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
/**
 * A large answer written in chunks as the client reads it (so the sandbox never holds it): `bytes`
 * of a JSON string, with a Content-Length when `declareLength`; `written` learns how much went out.
 */
export interface StreamedReply {
  status: number;
  /** `everyMs`: one byte per that many ms (a vendor that trickles its answer), else as fast as the client reads. */
  stream: { bytes: number; declareLength?: boolean; everyMs?: number; written?: (bytes: number) => void };
}

/**
 * A fault to answer instead of the vendor's behaviour: a status and body, a streamed body, or a
 * hang; or `handleThen`: the vendor does the work (creates, deletes) and then answers late (after
 * that many ms), never ("hang"), drops the connection ("drop"), or answers what a function makes
 * of its real answer (a body cut short, of the wrong shape, too large) — a write whose outcome
 * the caller cannot know.
 */
export type Fault =
  | SandboxReply
  | StreamedReply
  | { hang: true }
  | { handleThen: number | "hang" | "drop" | ((reply: SandboxReply) => SandboxReply | StreamedReply) };

export interface SandboxControls {
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** Latency added before every answer (benchmarks use it). */
  delayMs: number;
  /** Answer the next `times` requests (optionally only those matching `match`) with `fault`. */
  injectFault(fault: Fault, options?: { times?: number; match?: (req: RecordedRequest) => boolean }): void;
  clearFaults(): void;
}

export type Handler = (req: RecordedRequest, params: Record<string, string>) => SandboxReply | Promise<SandboxReply>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** Routes written like `/api/v1/Relation/:id`; `:name` matches one segment (decoded into params). */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler, options: { caseInsensitive?: boolean } = {}): this {
    const names: string[] = [];
    const source = path
      .split("/")
      .map((segment) =>
        segment.startsWith(":")
          ? (names.push(segment.slice(1)), "([^/]+)")
          : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/");
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`, options.caseInsensitive ? "i" : ""), names, handler });
    return this;
  }

  async dispatch(req: RecordedRequest): Promise<SandboxReply | undefined> {
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(req.path);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(match[i + 1] ?? "");
      });
      return route.handler(req, params);
    }
    return undefined;
  }
}

export interface RunningSandboxServer extends SandboxControls {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1 (random port unless given). `notFound` answers requests no
 * route takes, in the vendor's own error shape.
 */
export async function startSandboxServer(
  handle: (req: RecordedRequest) => Promise<SandboxReply>,
  options: { port?: number } = {},
): Promise<RunningSandboxServer> {
  const requests: RecordedRequest[] = [];
  const faults: Array<{ fault: Fault; times: number; match?: (req: RecordedRequest) => boolean }> = [];
  const hanging = new Set<ServerResponse>();

  const controls = {
    requests,
    delayMs: 0,
    clearRequests: () => void requests.splice(0),
    injectFault(fault: Fault, opts: { times?: number; match?: (req: RecordedRequest) => boolean } = {}) {
      faults.push({ fault, times: opts.times ?? 1, match: opts.match });
    },
    clearFaults: () => void faults.splice(0),
  };

  const server: Server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const url = new URL(incoming.url ?? "/", "http://sandbox");
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const req: RecordedRequest = {
        method: incoming.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: parseBody(rawBody),
        rawBody,
      };
      requests.push(req);
      void answer(req, res);
    });
  });

  function hang(res: ServerResponse): void {
    hanging.add(res);
    res.on("close", () => hanging.delete(res));
  }

  async function handleSafely(req: RecordedRequest): Promise<SandboxReply> {
    try {
      return await handle(req);
    } catch (error) {
      return { status: 500, body: { message: `sandbox failure: ${(error as Error).message}` } };
    }
  }

  async function answer(req: RecordedRequest, res: ServerResponse): Promise<void> {
    if (controls.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, controls.delayMs));
    const index = faults.findIndex((f) => !f.match || f.match(req));
    let reply: SandboxReply;
    if (index >= 0) {
      const entry = faults[index]!;
      if (--entry.times <= 0) faults.splice(index, 1);
      const fault = entry.fault;
      if ("hang" in fault) return hang(res);
      if ("stream" in fault) return stream(res, fault);
      if ("handleThen" in fault) {
        reply = await handleSafely(req);
        if (fault.handleThen === "hang") return hang(res);
        if (fault.handleThen === "drop") return void res.socket?.destroy();
        if (typeof fault.handleThen === "function") {
          const answered = fault.handleThen(reply);
          if ("stream" in answered) return stream(res, answered);
          reply = answered;
        } else {
          await new Promise((resolve) => setTimeout(resolve, fault.handleThen as number));
          if (res.destroyed) return;
        }
      } else {
        reply = fault;
      }
    } else {
      reply = await handleSafely(req);
    }
    const body = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(body && { "content-type": typeof reply.body === "string" ? "text/plain" : "application/json; charset=utf-8" }),
      ...reply.headers,
    });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return Object.assign(controls, {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const STREAM_CHUNK = Buffer.alloc(64 * 1024, "x");

/** Writes `"xxx…"` of `bytes` bytes with backpressure; stops when the client goes away. */
async function stream(res: ServerResponse, reply: StreamedReply): Promise<void> {
  const { bytes, declareLength, everyMs, written } = reply.stream;
  res.writeHead(reply.status, { "content-type": "application/json", ...(declareLength && { "content-length": String(bytes) }) });
  let sent = 0;
  const closed = new Promise<void>((resolve) => res.once("close", resolve));
  const write = (chunk: Buffer) => {
    sent += chunk.length;
    return res.write(chunk);
  };
  write(Buffer.from('"'));
  while (sent < bytes - 1 && !res.destroyed) {
    if (everyMs !== undefined) await Promise.race([new Promise((resolve) => setTimeout(resolve, everyMs)), closed]);
    if (res.destroyed) break;
    const chunk = STREAM_CHUNK.subarray(0, everyMs === undefined ? Math.min(STREAM_CHUNK.length, bytes - 1 - sent) : 1);
    if (!write(chunk)) await Promise.race([new Promise((resolve) => res.once("drain", resolve)), closed]);
  }
  if (!res.destroyed) {
    res.end('"');
    sent += 1;
  }
  // Bytes handed to the socket: less than `bytes` when the client cut the answer off.
  written?.(sent);
}

/** A fresh random credential: sandboxes accept only what they generated at start. */
export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(18).toString("base64url")}`;
}

export function header(req: RecordedRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function parseBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
