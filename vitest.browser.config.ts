import { defineConfig } from "vitest/config";

/** `npm run test:browser`: the playground in a real (Debian) chromium, test/browser/** only. */
export default defineConfig({
  resolve: {
    // Same graphql aliases as vitest.config.ts: one graphql realm for tests, type-graphql and @apollo/*.
    alias: [
      { find: /^graphql$/, replacement: "graphql/index.js" },
      { find: /^graphql\/(.+?)(\.m?js)?$/, replacement: "graphql/$1.js" },
    ],
  },
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: "forks",
  },
});
