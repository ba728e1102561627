import { setTimeout as sleep } from "node:timers/promises";
import { Pool, errors as undiciErrors, type Dispatcher } from "undici";
import { UpstreamError, type UpstreamTarget } from "../errors.js";
import { AnswerReader, type Answer } from "./answer.js";
import type { CallBudget } from "./budget.js";
import type { UpstreamObserver, UpstreamTracer } from "./observer.js";
import type { RequestPath } from "./path.js";
import { USER_AGENT } from "./user-agent.js";

export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string>;

export interface UpstreamRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: RequestPath;
  query?: Record<string, QueryValue>;
  /** Not changed after it is passed: the client merges each headers object with its own once and reuses that. */
  headers?: Record<string, string | undefined>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Safe to send twice (GET, PUT): retried on connection failures and 502/503/504. */
  idempotent?: boolean;
  requestId?: string;
  /** The client request's deadline and abort signal; without one, the call has only UPSTREAM_TIMEOUT_MS. */
  budget?: CallBudget;
  /** Paces this call instead of the client's own pacer (a caller's own rate-limit window). */
  pacer?: Pacer;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as JSON; an unparseable body is an UPSTREAM_BAD_RESPONSE error. */
  json(): unknown;
}

/** One call asking a pacer for a slot. */
export interface PacedCall {
  /** Epoch ms: a call that cannot go out before then is dropped. */
  deadline: number;
  /** Aborted when the client request is given up: the call leaves the queue at once. */
  signal?: AbortSignal;
  /** The calls of one client request share a group (its budget); the pacer shares a window fairly between groups. */
  group?: object;
}

/** A slot the pacer handed out. */
export interface PacerGrant {
  /** The call was not sent after all: its slot goes back to the window. */
  cancel(): void;
}

/** Throttling hook shared by the connections of one rate-limit window (fed by the vendor's rate-limit headers). */
export interface Pacer {
  /** Resolves with a grant when the call may go out; null when it cannot before its deadline, or its signal aborted. */
  ready(call?: PacedCall): Promise<PacerGrant | null>;
  observe(headers: UpstreamResponse["headers"]): void;
}

export interface HttpClientOptions {
  /** The vendor's base URL; its path (e.g. `/Cust1/api/v1`) prefixes every request path. */
  baseUrl: string;
  target: UpstreamTarget;
  /** How messages name the connection, e.g. "<Vendor> (connection 'default')". */
  name: string;
  /** The connection's credentials: vendor text is scrubbed of them before it goes anywhere. */
  secrets?: readonly string[];
  timeoutMs: number;
  /** Answers larger than this fail with UPSTREAM_BAD_RESPONSE and their socket is dropped; unlimited when omitted. */
  maxResponseBytes?: number;
  /** Extra attempts for idempotent calls. */
  retries?: number;
  observer?: UpstreamObserver;
  /** Opens a span per attempt and adds its trace headers to the request. */
  tracer?: UpstreamTracer;
  pacer?: Pacer;
  /** Tests inject undici's MockAgent here. */
  dispatcher?: Dispatcher;
}

/** Reports how one sent call ended to the observer and its span. */
type RecordCall = (status?: number, errorCode?: string) => void;

const RETRYABLE_STATUS = new Set([502, 503, 504]);
const NO_HEADERS: Record<string, string | undefined> = {};
/** Timeouts of attempts that never left the gateway. */
const NOT_SENT = new WeakSet<object>();
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * The one HTTP client every vendor adapter uses: a keep-alive pool per origin, a deadline
 * per call (the lower of UPSTREAM_TIMEOUT_MS and what is left of the client request's
 * budget), retries for idempotent calls, a cap on answer sizes, and vendor-neutral status
 * classification: 401/403/429/5xx become UpstreamErrors here; other statuses are the
 * adapter's to read.
 */
export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  /** scheme://host:port of the vendor, as readiness reports group connections. */
  readonly origin: string;
  private readonly basePath: string;
  /** Each caller's headers object merged with the client's own, with and without a JSON body. */
  private readonly merged = new WeakMap<object, { plain?: Record<string, string>; json?: Record<string, string> }>();

  constructor(private readonly options: HttpClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ?? new Pool(this.origin, { connections: 128, keepAliveTimeout: 10_000, pipelining: 1 });
  }

  get target(): UpstreamTarget {
    return this.options.target;
  }

  get name(): string {
    return this.options.name;
  }

  get secrets(): readonly string[] {
    return this.options.secrets ?? [];
  }

  /** Whether `url` lies under this client's base URL (used to vet vendor-supplied next links). */
  owns(url: URL): boolean {
    return url.origin === this.origin && (url.pathname + "/").startsWith(this.basePath + "/");
  }

  /** Turns an absolute URL of this vendor (a next link) into a request path under the base path. */
  relativePath(url: URL): string {
    return url.pathname.slice(this.basePath.length) + url.search;
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /**
   * One call: sent once, or, when idempotent, again on connection failures and 502/503/504
   * while the deadline allows. The first attempt has no async frame of its own (most calls
   * need no second): each frame is a generator, a promise and a context held for as long as
   * the call is in flight.
   */
  request(req: UpstreamRequest): Promise<UpstreamResponse> {
    const deadline = Math.min(Date.now() + this.options.timeoutMs, req.budget?.deadline ?? Infinity);
    const first = this.attempt(req, deadline, 1);
    return req.idempotent ? first.catch((error: unknown) => this.retry(req, deadline, error)) : first;
  }

  private async retry(req: UpstreamRequest, deadline: number, error: unknown): Promise<UpstreamResponse> {
    const maxAttempts = 1 + (this.options.retries ?? 2);
    for (let attempt = 2; ; attempt++) {
      const retryable =
        error instanceof UpstreamError && error.code === "UPSTREAM_UNAVAILABLE" && (error.status === undefined || RETRYABLE_STATUS.has(error.status));
      const backoff = 100 * 2 ** (attempt - 2) * (0.5 + Math.random());
      if (!retryable || attempt > maxAttempts || Date.now() + backoff >= deadline) throw error;
      await sleep(backoff, undefined, { signal: req.budget?.signal }).catch(() => undefined);
      try {
        return await this.attempt(req, deadline, attempt);
      } catch (next) {
        // A retry that never went out (no slot or pacer grant before the deadline) learnt nothing: the failure before it stands.
        if (NOT_SENT.has(next as object)) throw error;
        error = next;
      }
    }
  }

  /**
   * `HEAD /` on the origin over the pool's keep-alive connections, without credentials or the
   * tenant's path: undefined when it answered in time (any status), else a short reason.
   */
  async probe(timeoutMs: number): Promise<string | undefined> {
    try {
      const res = await this.dispatcher.request({
        origin: this.origin,
        method: "HEAD",
        path: "/",
        headers: { "user-agent": USER_AGENT },
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await res.body.dump();
      return undefined;
    } catch (error) {
      return probeFailure(error);
    }
  }

  /** One attempt: a slot among the request's calls in flight, the pacer's go, the call, its answer classified. */
  private async attempt(req: UpstreamRequest, deadline: number, attempt: number): Promise<UpstreamResponse> {
    const { budget } = req;
    const pacer = req.pacer ?? this.options.pacer;
    const reader = new AnswerReader(this.options.maxResponseBytes ?? Infinity, this.tooLarge);
    // Calls not yet sent when the request is given up are dropped: no pacer slot, no vendor call.
    const slot = budget ? budget.acquire(reader) : true;
    if (slot !== true && !(await slot)) throw this.notSent(req, deadline);
    try {
      if (budget?.ended || Date.now() >= deadline) throw this.notSent(req, deadline);
      const grant = pacer ? await pacer.ready({ deadline, signal: budget?.signal, group: budget }) : null;
      if (pacer && !grant) throw this.notSent(req, deadline);
      const left = deadline - Date.now();
      if (budget?.ended || left <= 0) {
        grant?.cancel();
        throw this.notSent(req, deadline);
      }
      const record = this.dispatch(req, reader, left, attempt);
      // undici's timers are idle timers: an answer that keeps trickling in outlives them. The request's budget
      // cuts its calls at its deadline; a call whose own deadline (UPSTREAM_TIMEOUT_MS) comes first gets a timer.
      const timer = budget && deadline >= budget.deadline ? undefined : setTimeout(() => reader.abort(new DOMException("The call's deadline passed", "TimeoutError")), left);
      let answer: Answer;
      try {
        answer = await reader.answer;
      } catch (error) {
        throw this.failed(req, deadline, reader, record, error);
      } finally {
        clearTimeout(timer);
      }
      pacer?.observe(answer.headers);
      return this.answered(req, answer, record);
    } finally {
      budget?.release(reader);
    }
  }

  /** Sends the call (its answer comes to `reader`); what it returns records how the call ended, for metrics, logs and its span. */
  private dispatch(req: UpstreamRequest, reader: AnswerReader, left: number, attempt: number): RecordCall {
    const { target, observer, tracer } = this.options;
    // Built before the call counts as started: what throws here (a body that cannot be serialised) leaves no call half-recorded.
    const path = this.basePath + req.path.path + queryString(req.query);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const span = tracer?.startCall({ target, method: req.method, operation: req.path.template, attempt });
    const started = performance.now();
    observer?.callStarted?.(target);
    req.budget?.sent();
    // undici reports every failure to `reader` (onResponseError), none by throwing.
    this.dispatcher.dispatch(
      {
        origin: this.origin,
        method: req.method,
        path,
        headers: span ? { ...this.headers(req), ...span.headers } : this.headers(req),
        body,
        // undici's own timers bound the wait for headers and between body chunks.
        headersTimeout: left,
        bodyTimeout: left,
      },
      reader,
    );
    return (status, errorCode) => {
      const finished = {
        target,
        method: req.method,
        operation: req.path.template,
        status,
        errorCode,
        durationMs: performance.now() - started,
        attempt,
        requestId: req.requestId,
      };
      observer?.callFinished?.(finished);
      span?.end(finished);
    };
  }

  /** A call that got no whole answer: over the size cap, cut at its deadline, or the vendor unreachable. */
  private failed(req: UpstreamRequest, deadline: number, reader: AnswerReader, record: RecordCall, error: unknown): UpstreamError {
    const failure =
      error instanceof UpstreamError // over the size cap
        ? error
        : req.budget?.ended || isTimeout(error)
          ? this.timedOut(req, deadline)
          : unreachable(this.options.name, this.options.target, networkReason(error));
    record(reader.answered, failure.code);
    // The request left: a write's outcome is unknown unless it never did.
    return withWriteOutcome(failure, req, !neverSent(error));
  }

  /** A whole answer: the response, or the error its status means (401, 403, 429, 5xx, a redirect). */
  private answered(req: UpstreamRequest, answer: Answer, record: RecordCall): UpstreamResponse {
    const result = toResponse(answer.status, answer.headers, answer.text, this.options.target, this.options.name);
    const error = this.classify(result);
    record(result.status, error?.code);
    // A 5xx may have been taken before it failed; a refusal (401, 403, 429) was not.
    if (error) throw withWriteOutcome(error, req, result.status >= 500);
    return result;
  }

  /** The error of an answer over `maxResponseBytes` (a field, so every call's reader shares it). */
  private readonly tooLarge = (): UpstreamError => {
    const { name, target, maxResponseBytes } = this.options;
    return new UpstreamError("UPSTREAM_BAD_RESPONSE", `${name} answered with more than ${maxResponseBytes} bytes`, target);
  };

  /** A timeout before the call was sent: a retry that ends so reports the failure it retried. */
  private notSent(req: UpstreamRequest, deadline: number): UpstreamError {
    const error = this.timedOut(req, deadline);
    NOT_SENT.add(error);
    return error;
  }

  private timedOut(req: UpstreamRequest, deadline: number): UpstreamError {
    const { name, target, timeoutMs } = this.options;
    if (req.budget?.ended === "client-gone") {
      return new UpstreamError("UPSTREAM_TIMEOUT", `The client went away before ${name} answered`, target);
    }
    const requestLimited = req.budget !== undefined && deadline === req.budget.deadline && deadline < Infinity;
    return new UpstreamError(
      "UPSTREAM_TIMEOUT",
      requestLimited ? `${name} did not answer within the request's deadline` : `${name} did not answer within ${timeoutMs} ms`,
      target,
    );
  }

  /** The call's headers: the caller's over the client's own. Built once per caller's headers object (adapters keep one per request). */
  private headers(req: UpstreamRequest): Record<string, string> {
    const own = req.headers ?? NO_HEADERS;
    let entry = this.merged.get(own);
    if (!entry) this.merged.set(own, (entry = {}));
    return req.body === undefined ? (entry.plain ??= this.mergeHeaders(req)) : (entry.json ??= this.mergeHeaders(req));
  }

  private mergeHeaders(req: UpstreamRequest): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT };
    if (req.body !== undefined) headers["content-type"] = "application/json";
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    return headers;
  }

  private classify(res: UpstreamResponse): UpstreamError | undefined {
    const { target, name: who } = this.options;
    const { status } = res;
    if (status === 401) return new UpstreamError("UNAUTHENTICATED", `${who} rejected the connection's credentials`, target, status);
    if (status === 403) return new UpstreamError("FORBIDDEN", `${who} refused access with the connection's credentials`, target, status);
    if (status === 429) {
      const retryAfter = retryAfterSeconds(res.headers["retry-after"]);
      return new UpstreamError("RATE_LIMITED", `${who} is rate limiting this connection`, target, status, retryAfter);
    }
    if (status >= 500) return new UpstreamError("UPSTREAM_UNAVAILABLE", `${who} failed with HTTP ${status}`, target, status);
    if (status >= 300 && status < 400 && status !== 304) {
      return new UpstreamError("UPSTREAM_BAD_RESPONSE", `${who} answered with an unexpected redirect (HTTP ${status})`, target, status);
    }
    return undefined;
  }
}

function toResponse(
  status: number,
  headers: UpstreamResponse["headers"],
  text: string,
  target: UpstreamTarget,
  name: string,
): UpstreamResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    text,
    json() {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(text) };
        } catch {
          throw new UpstreamError("UPSTREAM_BAD_RESPONSE", `${name} answered with a body that is not JSON`, target, status);
        }
      }
      return parsed.value;
    },
  };
}

/**
 * A write that is not safe to repeat, failed after the vendor may have taken it (a timeout or a
 * dropped connection after sending, a 5xx): its outcome is unknown, and the client is told so.
 */
function withWriteOutcome(error: UpstreamError, req: UpstreamRequest, maybeReceived: boolean): UpstreamError {
  if (!req.idempotent && maybeReceived) error.writeOutcome = "UNKNOWN";
  return error;
}

/** Transport failures that happen before a byte of the request left: connecting failed. */
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function neverSent(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" && CONNECT_FAILURES.has(code);
}

function queryString(query: UpstreamRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.append(key, String(value));
  }
  const text = params.toString().replace(/\+/g, "%20");
  return text ? `?${text}` : "";
}

function retryAfterSeconds(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function isTimeout(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: string; code?: unknown };
  return name === "TimeoutError" || (typeof code === "string" && TIMEOUT_CODES.has(code));
}

/** Why a readiness probe failed: a socket error code (ECONNREFUSED, ENOTFOUND…) or TIMEOUT. */
function probeFailure(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: string; code?: unknown };
  if (name === "TimeoutError" || name === "AbortError" || isTimeout(error)) return "TIMEOUT";
  if (typeof code === "string") return code.startsWith("UND_ERR_") && code.includes("TIMEOUT") ? "TIMEOUT" : code;
  return "UNREACHABLE";
}

function unreachable(name: string, target: UpstreamTarget, reason: string): UpstreamError {
  const error = new UpstreamError("UPSTREAM_UNAVAILABLE", `${name} could not be reached (${reason})`, target);
  error.network = reason;
  return error;
}

/** A short, secret-free reason for a transport failure. */
function networkReason(error: unknown): string {
  if (error instanceof undiciErrors.UndiciError) return error.code;
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : "network error";
}
