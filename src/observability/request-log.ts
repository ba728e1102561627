import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import { intendedOperation, responseErrors, summarizeOperation } from "./operation.js";
import { cap, levelOf, whatFailed } from "./request-outcome.js";

/** What the request log reads from a request's context: its id, and its budget's count of vendor calls when it has one. */
interface LoggedContext {
  requestId: string;
  budget?: { readonly calls: number };
}

/**
 * One log line per GraphQL request: request id, operation name and type, outcome, error
 * codes, duration, and in the message what happened (`graphql query Q validation failed: …`).
 * Built field by field from an allow-list: no query text, variables, headers or results, so
 * nothing a caller or vendor sent can leak into the log; the one error message quoted is the
 * one the client got, with variable values taken out (./request-outcome.ts).
 */
export interface RequestLog {
  plugin: ApolloServerPlugin<LoggedContext>;
  /**
   * A request answered with `status` before GraphQL ran (body not JSON, too large, no query):
   * Apollo's plugins never see those. `httpRequest` is the one handed to Apollo, if it got that
   * far; when the plugin already logged it this does nothing.
   */
  refused(requestId: string, httpRequest: object | undefined, status: number, message: string): void;
}

export function createRequestLog(logger: Logger): RequestLog {
  const logged = new WeakSet<object>();
  return {
    plugin: {
      async requestDidStart(start) {
        const started = performance.now();
        const { requestId, budget } = start.contextValue;
        return {
          async willSendResponse(ctx) {
            // Apollo hands each operation a copy of the context, but the HTTP request object itself.
            if (ctx.request.http) logged.add(ctx.request.http);
            const op = summarizeOperation(ctx);
            // Metrics say "unknown" for what did not validate; the log names what the client asked for.
            const intended = intendedOperation(ctx);
            const line = {
              requestId,
              operationName: op.name === "unknown" ? (intended.name ?? "unknown") : op.name,
              operationType: intended.type ?? op.type,
              outcome: op.outcome,
              ...(op.errorCodes.length > 0 && { errorCodes: op.errorCodes }),
              ...(budget && { upstreamCalls: budget.calls }),
              durationMs: round(performance.now() - started),
            };
            const subject = ["graphql", intended.type, intended.name ?? (intended.type ? "anonymous" : undefined)].filter(Boolean).join(" ");
            if (op.outcome === "success") return void logger.info(line, `${subject} success`);
            logger[levelOf(op.errorCodes)](line, `${subject} ${whatFailed(responseErrors(ctx))}`);
          },
        };
      },
    },
    refused(requestId, httpRequest, status, message) {
      if (httpRequest && logged.has(httpRequest)) return;
      logger[status >= 500 ? "error" : "info"]({ requestId, outcome: "error", status }, `graphql bad request: ${cap(message)}`);
    },
  };
}

/** The plugin alone (tests and servers that answer every bad request through Apollo). */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<LoggedContext> {
  return createRequestLog(logger).plugin;
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
