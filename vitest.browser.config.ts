import { defineConfig } from "vitest/config";
import { graphqlAliases } from "./vitest.config.js";

/** `npm run test:browser`: the playground in a real (Debian) chromium, test/browser/** only. */
export default defineConfig({
  resolve: { alias: graphqlAliases },
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: "forks",
  },
});
