import type { ApolloServerPlugin } from "@apollo/server";
import type { UpstreamObserver } from "../http/observer.js";

export interface Metrics {
  upstreamObserver: UpstreamObserver;
  onBatch(loader: string, size: number): void;
  apolloPlugin: ApolloServerPlugin;
  contentType: string;
  render(): Promise<string>;
}

/** Placeholder until the Prometheus metrics land: counts nothing. */
export function createMetrics(): Metrics {
  return {
    upstreamObserver: {},
    onBatch: () => undefined,
    apolloPlugin: {},
    contentType: "text/plain; version=0.0.4",
    render: async () => "",
  };
}
