import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test/generated/", "test/artifacts/", "coverage/", "scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // Plain Node scripts (the build).
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    // The playground's browser script: the page's globals, GraphiQL's UMD bundles among them.
    files: ["src/playground/public/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: { document: "readonly", React: "readonly", ReactDOM: "readonly", GraphiQL: "readonly" },
    },
  },
  {
    // Tests read GraphQL JSON answers; `any` there is the wire boundary, not a loophole in src/.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
