import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import { summarizeOperation } from "./operation.js";

/**
 * One log line per GraphQL request: request id, operation name and type, outcome, error
 * codes and duration. Built field by field from an allow-list: no query text, variables,
 * headers or results, so nothing a caller or vendor sent can leak into the log.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart(start) {
      const started = performance.now();
      const requestId = start.contextValue.requestId;
      return {
        async willSendResponse(ctx) {
          const op = summarizeOperation(ctx);
          const line = {
            requestId,
            operationName: op.name,
            operationType: op.type,
            outcome: op.outcome,
            ...(op.errorCodes.length > 0 && { errorCodes: op.errorCodes }),
            durationMs: round(performance.now() - started),
          };
          const message = `graphql ${op.type} ${op.name} ${op.outcome}`;
          if (op.outcome === "error") logger.warn(line, message);
          else logger.info(line, message);
        },
      };
    },
  };
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
