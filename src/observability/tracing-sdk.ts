import type { IncomingMessage, ServerResponse } from "node:http";
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  diag,
  DiagLogLevel,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { TracingConfig } from "../config.js";
import type { UpstreamTracer } from "../http/observer.js";
import { errorSummary, type Logger } from "./logger.js";
import type { Tracing, TracingOptions } from "./tracing.js";
import { tracingPlugin } from "./tracing-plugin.js";

const TRACER_NAME = "crm-relations-gateway";

/**
 * The OpenTelemetry SDK, loaded by ./tracing.ts only when tracing is on. Each gateway has its
 * own provider (tests run several in one process); the context manager is process-wide, since
 * `context.with` is how the operation span reaches the vendor calls made on its behalf.
 */
export function createTracing(config: TracingConfig | undefined, options: TracingOptions): Tracing {
  enableContext();
  reportSdkProblems(options.logger);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": config?.serviceName ?? TRACER_NAME }),
    sampler: config ? sampler(config.sampler) : new AlwaysOnSampler(),
    spanProcessors: [processor(config, options)],
  });
  const tracer = provider.getTracer(TRACER_NAME);
  const propagator = new W3CTraceContextPropagator();

  const upstream: UpstreamTracer = {
    startCall({ target, method, operation, attempt }) {
      const parent = context.active();
      const span = tracer.startSpan(
        `${method} ${operation}`,
        {
          kind: SpanKind.CLIENT,
          // The path template only: ids, query strings, hosts and credentials stay out of spans.
          attributes: {
            "gateway.vendor": target.vendor,
            "gateway.connection": target.connection,
            "http.request.method": method,
            "url.template": operation,
            ...(attempt > 1 && { "http.request.resend_count": attempt - 1 }),
          },
        },
        parent,
      );
      const headers: Record<string, string> = {};
      propagator.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
      return {
        headers,
        end(record) {
          if (record.status !== undefined) span.setAttribute("http.response.status_code", record.status);
          if (record.errorCode !== undefined) span.setAttribute("error.type", record.errorCode);
          if (record.errorCode !== undefined || (record.status ?? 0) >= 400) {
            span.setStatus({ code: SpanStatusCode.ERROR, ...(record.errorCode !== undefined && { message: record.errorCode }) });
          }
          span.end();
        },
      };
    },
  };

  return {
    upstream,
    apolloPlugin: tracingPlugin(),
    async inOperationSpan<T>(req: IncomingMessage, res: ServerResponse, run: () => Promise<T>): Promise<T> {
      const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
      const span = tracer.startSpan(
        "GraphQL Operation",
        { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method ?? "GET", "http.route": "/graphql" } },
        parent,
      );
      try {
        return await context.with(trace.setSpan(parent, span), run);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorSummary(error).type });
        throw error;
      } finally {
        span.setAttribute("http.response.status_code", res.statusCode);
        span.end();
      }
    },
    async shutdown() {
      // A collector that is down must not turn a clean stop into a failed one.
      await provider.shutdown().catch((error: unknown) =>
        options.logger.warn({ component: "opentelemetry", err: errorSummary(error) }, "tracing: could not export the last spans"),
      );
    },
  };
}

let contextEnabled = false;

function enableContext(): void {
  if (contextEnabled) return;
  // Returns false when something else registered one first; any working manager will do.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextEnabled = true;
}

let diagLogger: Logger | undefined;

/** Export failures (collector down, refused) go to the gateway's log as warnings, one line without stacks. */
function reportSdkProblems(logger: Logger): void {
  if (diagLogger) return;
  diagLogger = logger;
  const warn = (message: string, ...args: unknown[]) => diagLogger?.warn({ component: "opentelemetry" }, diagText(message, args));
  const quiet = () => undefined;
  diag.setLogger({ error: warn, warn, info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
}

/** The SDK reports errors as JSON with a stack, or as a message and an Error: keep the messages, first line only. */
function diagText(message: string, args: unknown[]): string {
  let text = String(message);
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === "string") text = parsed.message;
  } catch {
    // Not JSON: a plain message.
  }
  const details = args.map((arg) => (arg instanceof Error ? arg.message : "")).filter((detail) => detail !== "");
  return [text, ...details].join(": ").split("\n")[0]!.slice(0, 300);
}

function processor(config: TracingConfig | undefined, options: TracingOptions): SpanProcessor {
  if (options.exporter) return new SimpleSpanProcessor(options.exporter);
  if (config?.exporter === "console") return new SimpleSpanProcessor(new ConsoleSpanExporter());
  // Batches are sent every OTEL_BSP_SCHEDULE_DELAY ms (default 5000) and on shutdown.
  return new BatchSpanProcessor(new OTLPTraceExporter({ url: config?.otlpUrl }));
}

function sampler({ kind, parentBased, ratio }: TracingConfig["sampler"]): Sampler {
  const root = kind === "always_on" ? new AlwaysOnSampler() : kind === "always_off" ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(ratio);
  return parentBased ? new ParentBasedSampler({ root }) : root;
}
