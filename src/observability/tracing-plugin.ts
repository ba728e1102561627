import type { ApolloServerPlugin } from "@apollo/server";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { summarizeOperation } from "./operation.js";

/**
 * Gives the operation span (opened around the HTTP request, so that vendor calls nest under
 * it) the GraphQL operation's name, type and outcome. Labels only: never the query text,
 * variables or results.
 */
export function tracingPlugin(): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart({ contextValue }) {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      span.setAttribute("gateway.request_id", contextValue.requestId);
      return {
        async willSendResponse(ctx) {
          const op = summarizeOperation(ctx);
          if (op.type !== "unknown") {
            span.updateName(op.name === "anonymous" ? op.type : `${op.type} ${op.name}`);
            span.setAttributes({ "graphql.operation.type": op.type, "graphql.operation.name": op.name });
          }
          span.setAttribute("gateway.outcome", op.outcome);
          if (op.errorCodes.length > 0) span.setAttribute("gateway.error_codes", op.errorCodes);
          if (op.outcome === "error") span.setStatus({ code: SpanStatusCode.ERROR, message: op.errorCodes.join(", ") });
        },
      };
    },
  };
}
