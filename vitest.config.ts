import { defineConfig } from "vitest/config";

/**
 * type-graphql and @apollo/* load graphql's CommonJS build; tests must use the same copy
 * or graphql throws "Cannot use GraphQLSchema from another module or realm".
 */
export const graphqlAliases = [
  { find: /^graphql$/, replacement: "graphql/index.js" },
  { find: /^graphql\/(.+?)(\.m?js)?$/, replacement: "graphql/$1.js" },
];

export default defineConfig({
  resolve: { alias: graphqlAliases },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // @apollo/gateway (supergraph tests) would otherwise probe cloud metadata hosts and report usage.
    env: { APOLLO_TELEMETRY_DISABLED: "true" },
  },
});
