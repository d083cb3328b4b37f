// ESLint flat config (`npm run lint`, also run by `npm test`).
// - typescript-eslint "recommended" (syntactic: no type information, so the whole tree lints in seconds);
// - React hooks: rules-of-hooks and exhaustive-deps, both errors (a missing dependency is a stale-closure
//   bug, and a warning nobody reads does not fail `npm test`; a deliberate omission is written down with
//   an eslint-disable-next-line comment that says why);
// - import boundaries (STYLE.md "Imports flow one way: ui → map, data, workers/client → domain"),
//   enforced with `no-restricted-imports` patterns, as excalidraw does. Type-only imports count too.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import specifiers are relative ('../../data/queries/dashboard.ts' from src/map/layers, '../../src/ui/App.tsx'
// from tests/unit): each regex matches a path that climbs with ../ and enters the folder, from inside src/
// (`../ui/`) or from a top-level folder (`../src/ui/`).
const into = (folders) => `^(\\.\\./)+(src/)?(${folders})(/|$)`;

const NO_UI = { regex: into('ui'), message: 'Nothing imports src/ui except src/main.tsx and src/ui itself (STYLE.md: imports flow ui → map, data, workers → domain).' };
const NO_MAP_FROM_DATA = { regex: into('map'), message: 'src/data does not import src/map: the map reads what data produces, never the reverse.' };
const NO_QUERIES_FROM_MAP = {
  regex: into('data/queries'),
  message: 'src/map does not import the SQL builders, not even for their row types: take the row types from a neutral module (src/shared/rows.ts).',
};
const DOMAIN_PACKAGES = {
  group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'maplibre-gl', 'maplibre-gl/*', '@deck.gl/*', '@vis.gl/*', '@duckdb/*', 'apache-arrow', 'apache-arrow/*'],
  message: 'src/domain is pure TypeScript: no React, MapLibre, deck.gl or DuckDB (inject effects from the caller).',
};
const DOMAIN_FOLDERS = {
  regex: `${into('ui|map|data|export')}|^(\\.\\./)+workers(/|$)`,
  message: 'src/domain imports nothing from src/ui, src/map, src/data, src/export or workers/: it is the pure core they all call.',
};

const WHOLE_TURF = {
  group: ['@turf/turf'],
  message: 'The app imports the @turf/* packages it uses (e.g. @turf/area); @turf/turf, the whole of turf, is for the tests\' own computations.',
};

const restrict = (...patterns) => ['error', { patterns }];
// `no-restricted-imports` does not see dynamic import(): the same paths, as a syntax rule.
const restrictDynamic = (...patterns) => [
  'error',
  ...patterns
    .filter((p) => p.regex)
    .map((p) => ({ selector: `ImportExpression > Literal[value=/${p.regex.replaceAll('/', '\\/')}/]`, message: p.message })),
];

export default tseslint.config(
  {
    ignores: ['dist/', 'dist-e2e/', 'node_modules/', 'public/demo/', 'test-results/', 'coverage/', '.vite/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  // Import boundaries. A later block replaces an earlier one's `no-restricted-imports` for the same file,
  // so each block lists every pattern that applies to its folder.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    // Tests may reach the UI state they test (tests/unit/ui mirrors src/ui); production code may not.
    // The demo's first screen is the dashboard's own analysis run at build time (in Node, as the tests run it).
    ignores: ['src/main.tsx', 'src/ui/**', 'tests/**', 'data/demo/first_screen.ts'],
    rules: { 'no-restricted-imports': restrict(NO_UI, WHOLE_TURF), 'no-restricted-syntax': restrictDynamic(NO_UI) },
  },
  {
    files: ['src/main.tsx', 'src/ui/**'],
    rules: { 'no-restricted-imports': restrict(WHOLE_TURF) },
  },
  {
    files: ['src/data/**'],
    rules: {
      'no-restricted-imports': restrict(NO_UI, NO_MAP_FROM_DATA, WHOLE_TURF),
      'no-restricted-syntax': restrictDynamic(NO_UI, NO_MAP_FROM_DATA),
    },
  },
  {
    files: ['src/map/**'],
    rules: {
      'no-restricted-imports': restrict(NO_UI, NO_QUERIES_FROM_MAP, WHOLE_TURF),
      'no-restricted-syntax': restrictDynamic(NO_UI, NO_QUERIES_FROM_MAP),
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': restrict(DOMAIN_FOLDERS, DOMAIN_PACKAGES, WHOLE_TURF),
      'no-restricted-syntax': restrictDynamic(DOMAIN_FOLDERS),
    },
  },
);
