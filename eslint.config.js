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
    // Object types are declared with src/graphql/object-type.ts (plain fields read without type-graphql's per-field wrapper).
    files: ["src/**/*.ts"],
    ignores: ["src/graphql/object-type.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "type-graphql", importNames: ["ObjectType"], message: "Use ObjectType from src/graphql/object-type.ts." }] },
      ],
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
