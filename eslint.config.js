// ESLint for the browser code of the site (make lint). It runs as it is, with no build step:
// the discussion client as native ES modules, the other pages' small classic scripts.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", ".venv/", "staticfiles/"] },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      eqeqeq: "error",
      "no-alert": "error",
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { varsIgnorePattern: "^_" }],
      "prefer-const": "error",
    },
  },
  {
    files: [
      "collaboration/static/collaboration/*.js",
      "accounts/static/accounts/*.js",
      "eslint.config.js",
    ],
    languageOptions: { sourceType: "module" },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];
