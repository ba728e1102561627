import type { ApolloServerPlugin } from "@apollo/server";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { UpstreamTarget } from "../errors.js";
import type { UpstreamCallRecord, UpstreamObserver } from "../http/observer.js";
import { OperationNames } from "./operation-names.js";
import { summarizeOperation } from "./operation.js";
import { KeyedHistogram, SeriesCounts, type Labels } from "./series.js";

export interface Metrics {
  upstreamObserver: UpstreamObserver;
  onBatch(loader: string, size: number): void;
  apolloPlugin: ApolloServerPlugin<OperationContext>;
  contentType: string;
  render(): Promise<string>;
  /** The private registry (tests read single metrics from it). */
  registry: Registry;
}

/** What the metrics read from a request's context: its budget says whether the client went away. */
interface OperationContext {
  requestId: string;
  budget?: { readonly ended?: string };
}

/**
 * Operation names come from callers: at most this many have series at a time (established
 * ones, after PROMOTE_AFTER successes, and new ones on probation); see ./operation-names.ts.
 */
const ESTABLISHED_NAMES = 150;
const PROBATION_NAMES = 50;
const PROMOTE_AFTER = 5;
/** Names the gateway gives itself (./operation.ts): always labelled, never evicted. */
const OWN_NAMES = new Set(["anonymous", "unknown"]);
const OPERATION_TYPES = ["query", "mutation", "subscription", "unknown"];
const OUTCOMES = ["success", "error", "abandoned"];
/** Error codes are the gateway's own (format-error.ts); the cap guards the label set all the same. */
const MAX_ERROR_CODES = 50;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;


const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 250];

export interface MetricsOptions {
  /** prom-client's process_* and nodejs_* series (CPU, memory, event loop lag, GC, handles). */
  processMetrics?: boolean;
  /** Log lines dropped so far because the log destination took no more (read when /metrics is). */
  logLinesDropped?: () => number;
}

/**
 * Prometheus metrics on a private registry (several gateways in one process, as in tests,
 * must not share counters): GraphQL operations and their error codes, upstream calls,
 * DataLoader batches, and optionally the process's own series.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  // Series updated per request or per vendor call live in plain maps (./series.ts) and reach
  // prom-client when /metrics is read; the counters are the histograms' counts.
  const operationSeconds = new KeyedHistogram(
    "gateway_graphql_operation_duration_seconds",
    "GraphQL operation latency from request start to response, by operation name, type and outcome.",
    LATENCY_BUCKETS,
    registry,
  );
  new Counter({
    name: "gateway_graphql_operations_total",
    help: "GraphQL operations by operation name, type and outcome (success, error, or abandoned: the client went away first).",
    labelNames: ["operation", "type", "outcome"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, value } of operationSeconds.counts()) this.inc(labels, value);
    },
  });
  const errorResponses = new Counter({
    name: "gateway_graphql_errors_total",
    help: "GraphQL responses carrying at least one error of this extensions.code (each code counted once per response).",
    labelNames: ["code"] as const,
    registers: [registry],
  });
  const upstreamSeconds = new KeyedHistogram(
    "gateway_upstream_request_duration_seconds",
    "Upstream HTTP call latency by vendor, connection, method, path template and status.",
    LATENCY_BUCKETS,
    registry,
  );
  new Counter({
    name: "gateway_upstream_requests_total",
    help: "Upstream HTTP calls (each attempt) by vendor, connection, method, path template and status (or error code when no status came back).",
    labelNames: ["vendor", "connection", "method", "operation", "status"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, value } of upstreamSeconds.counts()) this.inc(labels, value);
    },
  });
  // Keyed by the connection's target object: one per connection, no key to build per call.
  const inFlight = new SeriesCounts<UpstreamTarget>();
  new Gauge({
    name: "gateway_upstream_in_flight_requests",
    help: "Upstream HTTP calls currently waiting for an answer, by vendor and connection.",
    labelNames: ["vendor", "connection"] as const,
    registers: [registry],
    collect() {
      // Summed by labels: two clients of one connection would each have a target object.
      this.reset();
      for (const { labels, value } of inFlight.series()) this.inc(labels, value);
    },
  });
  const { logLinesDropped } = options;
  new Counter({
    name: "gateway_log_lines_dropped_total",
    help: "Log lines dropped rather than waited for: the log destination (stdout) took no more while LOG_BUFFER_MAX_BYTES of lines waited.",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(logLinesDropped?.() ?? 0);
    },
  });
  const batchSize = new KeyedHistogram("gateway_dataloader_batch_size", "Keys per DataLoader batch, by loader.", BATCH_BUCKETS, registry);

  const names = new OperationNames({
    established: ESTABLISHED_NAMES,
    probation: PROBATION_NAMES,
    promoteAfter: PROMOTE_AFTER,
    onEvict: (operation) => {
      for (const type of OPERATION_TYPES) {
        for (const outcome of OUTCOMES) {
          operationSeconds.remove(operationKey(operation, type, outcome));
        }
      }
    },
  });
  const operationLabel = (name: string, success: boolean) => (OWN_NAMES.has(name) ? name : names.label(name, success));
  const boundedCode = boundedLabel(MAX_ERROR_CODES, "OTHER");


  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    onBatch: (loader, size) => batchSize.observe(loader, size, loaderLabels, loader),
    upstreamObserver: {
      callStarted: (target) => inFlight.add(target, 1, targetLabels, target),
      callFinished: (record) => {
        inFlight.add(record.target, -1, targetLabels, record.target);
        const { target, method, operation } = record;
        const key = `${target.vendor}\0${target.connection}\0${method}\0${operation}\0${callStatus(record)}`;
        upstreamSeconds.observe(key, record.durationMs / 1000, callLabels, record);
      },
    },
    apolloPlugin: {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse(ctx) {
            const op = summarizeOperation(ctx);
            // A client that left before its answer was complete: its unsent calls were dropped, so this is no failure of ours.
            const outcome = ctx.contextValue.budget?.ended === "client-gone" ? "abandoned" : op.outcome;
            const labels = { operation: operationLabel(op.name, outcome === "success"), type: op.type, outcome };
            operationSeconds.observe(operationKey(labels.operation, labels.type, outcome), (performance.now() - started) / 1000, same, labels);
            for (const code of op.errorCodes) errorResponses.inc({ code: ERROR_CODE.test(code) ? boundedCode(code) : "OTHER" });
          },
        };
      },
    },
  };
}

const operationKey = (operation: string, type: string, outcome: string) => `${operation}\0${type}\0${outcome}`;
const same = (labels: Labels) => labels;
const loaderLabels = (loader: string) => ({ loader });
const targetLabels = ({ vendor, connection }: UpstreamTarget) => ({ vendor, connection });
/** The status label: the HTTP status, or the error code when no answer came. */
const callStatus = (record: UpstreamCallRecord) => (record.status !== undefined ? String(record.status) : (record.errorCode ?? "none"));
const callLabels = (record: UpstreamCallRecord) => ({
  vendor: record.target.vendor,
  connection: record.target.connection,
  method: record.method,
  operation: record.operation,
  status: callStatus(record),
});

/** A label that takes at most `max` distinct values; later newcomers all become `overflow`. */
function boundedLabel(max: number, overflow: string): (value: string) => string {
  const known = new Set<string>();
  return (value) => {
    if (known.has(value)) return value;
    if (known.size >= max) return overflow;
    known.add(value);
    return value;
  };
}
