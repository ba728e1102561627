import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

/** The code a client gets for an operation type the gateway does not run. */
export const OPERATION_NOT_SUPPORTED = "OPERATION_NOT_SUPPORTED";

/** The refusal of a subscription, told apart from other validation errors by ./format-error.ts. */
export class SubscriptionNotSupported extends GraphQLError {}

/**
 * The schema has no subscription root, and graphql-js only notices when it executes one ("Schema
 * is not configured to execute subscription operation.", no code: an internal error). This rule
 * refuses it while validating instead: a client error, HTTP 400, before anything runs.
 */
export function noSubscriptions(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== "subscription") return;
      context.reportError(
        new SubscriptionNotSupported("Subscriptions are not supported: this gateway serves queries and mutations over HTTP only", {
          nodes: [node],
          extensions: { code: OPERATION_NOT_SUPPORTED },
        }),
      );
    },
  };
}
