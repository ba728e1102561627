import type { ApolloServerPlugin } from "@apollo/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { TracingConfig } from "../config.js";
import type { UpstreamTracer } from "../http/observer.js";
import type { Logger } from "./logger.js";

/** What the server and the HTTP core need from tracing; see ./tracing-sdk.ts for how it is built. */
export interface Tracing {
  /** Runs one GraphQL HTTP request inside its operation span, continued from the caller's `traceparent`. */
  inOperationSpan<T>(req: IncomingMessage, res: ServerResponse, run: () => Promise<T>): Promise<T>;
  /** A client span per vendor call, and the `traceparent` the vendor receives. */
  upstream: UpstreamTracer;
  /** Names the operation span after the GraphQL operation and records its outcome. */
  apolloPlugin: ApolloServerPlugin<{ requestId: string }>;
  /** Exports what is still buffered and stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  logger: Logger;
  /** Replaces the configured exporter, spans exported as they end (tests pass an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

/**
 * Tracing when configured (or given an exporter), else undefined. The SDK is imported only
 * then, so a gateway without tracing loads none of it and pays nothing per request.
 */
export async function startTracing(config: TracingConfig | undefined, options: TracingOptions): Promise<Tracing | undefined> {
  if (!config && !options.exporter) return undefined;
  const { createTracing } = await import("./tracing-sdk.js");
  return createTracing(config, options);
}
