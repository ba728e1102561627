import type { UpstreamTarget } from "../errors.js";

/** One finished upstream call, as logs and metrics see it: no URLs, headers or bodies. */
export interface UpstreamCallRecord {
  target: UpstreamTarget;
  method: string;
  /** Path template with ids replaced by `{}`. */
  operation: string;
  /** HTTP status, or undefined when no answer came (timeout, connection error). */
  status?: number;
  durationMs: number;
  /** Error code when the call failed at transport level or with a status the core maps. */
  errorCode?: string;
  attempt: number;
  requestId?: string;
}

/** Hooks the HTTP core calls; metrics and logging plug in here so the core knows neither. */
export interface UpstreamObserver {
  callStarted?(target: UpstreamTarget): void;
  callFinished?(record: UpstreamCallRecord): void;
}

export function combineObservers(...observers: Array<UpstreamObserver | undefined>): UpstreamObserver {
  const list = observers.filter((o): o is UpstreamObserver => o !== undefined);
  return {
    callStarted: (target) => list.forEach((o) => o.callStarted?.(target)),
    callFinished: (record) => list.forEach((o) => o.callFinished?.(record)),
  };
}

/** One attempt as it starts: what a trace span is named and labelled with (no URL, query or headers). */
export interface UpstreamCallStart {
  target: UpstreamTarget;
  method: string;
  /** Path template with ids replaced by `{}`. */
  operation: string;
  attempt: number;
}

/**
 * Tracing hook: a span per attempt, opened before the call is sent. Its `headers` (W3C
 * `traceparent`/`tracestate`) go out with the request so the vendor's side can join the trace.
 */
export interface UpstreamTracer {
  startCall(call: UpstreamCallStart): UpstreamSpan;
}

export interface UpstreamSpan {
  headers: Record<string, string>;
  end(record: UpstreamCallRecord): void;
}
