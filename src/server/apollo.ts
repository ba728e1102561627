import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { GatewayConfig } from "../config.js";
import type { GatewayContext } from "../context.js";
import { createFormatError } from "../graphql/format-error.js";
import { noSubscriptions } from "../graphql/no-subscriptions.js";
import { buildGatewaySchema } from "../graphql/schema.js";
import { limitsPlugin } from "../limits/plugin.js";
import { parseOptions, tokenRefusal } from "../limits/tokens.js";
import { errorSummary, type Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { RequestLog } from "../observability/request-log.js";

/** Apollo Server over the gateway's schema, with the plugins it runs and the ones it turns off. */
export async function createApollo(
  config: GatewayConfig,
  logger: Logger,
  metrics: Metrics,
  requestLog: RequestLog,
  tracingPlugin?: ApolloServerPlugin<GatewayContext>,
): Promise<ApolloServer<GatewayContext>> {
  // A connection that looks misconfigured is said once at warn, besides each request's own line.
  const warned = new Set<string>();
  const formatError = createFormatError({
    internal: (error) => logger.error({ err: errorSummary(error) }, "internal error"),
    misconfigured: ({ target: { vendor, connection }, message }) => {
      if (warned.has(`${vendor}/${connection}`)) return;
      warned.add(`${vendor}/${connection}`);
      logger.warn({ vendor, connection }, `connection looks misconfigured: ${message}`);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    includeStacktraceInErrorResponses: false,
    // Explicit, so NODE_ENV=production (Apollo's switch for it) cannot silently break the playground.
    introspection: config.introspection,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would stop early and re-send the signal.
    stopOnTerminationSignals: false,
    // Refusals stay cheap: the parser stops at MAX_QUERY_TOKENS, before validation (src/limits/tokens.ts).
    // Apollo keeps each validated document by the hash of its text (its default documentStore, an
    // in-memory LRU cache), so a repeated query is neither parsed nor validated again.
    parseOptions: parseOptions(config.limits.maxTokens),
    formatError: (formatted, error) => tokenRefusal(formatted, config.limits.maxTokens) ?? formatError(formatted, error),
    validationRules: [noSubscriptions],
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // The schema is a subgraph: Apollo would otherwise announce (and add) federated tracing.
      ApolloServerPluginInlineTraceDisabled(),
      // No field sets cache hints; without this Apollo instruments every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      limitsPlugin(config.limits),
      metrics.apolloPlugin,
      requestLog.plugin,
      ...(tracingPlugin ? [tracingPlugin] : []),
    ],
  });
  await apollo.start();
  return apollo;
}
