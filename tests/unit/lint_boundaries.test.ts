/**
 * eslint.config.js keeps the import boundaries of STYLE.md and the React hooks rules: each case is a
 * small piece of code linted as if it lived at `filePath` (nothing is written to disk), with the
 * rules it must break, or none.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..');

const cases: { name: string; filePath: string; code: string; rules: string[] }[] = [
  // src/domain: pure TypeScript.
  { name: 'domain → data (type only)', filePath: 'src/domain/access/x.ts', code: "import type { CommuneRow } from '../../data/queries/dashboard.ts';\nexport type T = CommuneRow;\n", rules: ['no-restricted-imports'] },
  { name: 'domain → ui', filePath: 'src/domain/x.ts', code: "export { App } from '../ui/App.tsx';\n", rules: ['no-restricted-imports'] },
  { name: 'domain → map, dynamic import()', filePath: 'src/domain/x.ts', code: "export const p = () => import('../map/palette.ts');\n", rules: ['no-restricted-syntax'] },
  { name: 'domain → workers', filePath: 'src/domain/routing/x.ts', code: "export { handle } from '../../../workers/handlers.ts';\n", rules: ['no-restricted-imports'] },
  { name: 'domain → react', filePath: 'src/domain/x.ts', code: "export { useState } from 'react';\n", rules: ['no-restricted-imports'] },
  { name: 'domain → maplibre-gl', filePath: 'src/domain/x.ts', code: "export { Map } from 'maplibre-gl';\n", rules: ['no-restricted-imports'] },
  { name: 'domain → @deck.gl/*', filePath: 'src/domain/x.ts', code: "export type { Layer } from '@deck.gl/core';\n", rules: ['no-restricted-imports'] },
  { name: 'domain → @duckdb/*', filePath: 'src/domain/x.ts', code: "export * as duckdb from '@duckdb/duckdb-wasm';\n", rules: ['no-restricted-imports'] },
  { name: 'domain → domain and kdbush', filePath: 'src/domain/access/x.ts', code: "import KDBush from 'kdbush';\nimport { HELP_KINDS } from '../types.ts';\nexport { KDBush, HELP_KINDS };\n", rules: [] },
  // src/map: no SQL builders (even their types), no ui.
  { name: 'map → data/queries (type only)', filePath: 'src/map/layers/x.ts', code: "import type { GridRow } from '../../data/queries/dashboard.ts';\nexport type T = GridRow;\n", rules: ['no-restricted-imports'] },
  { name: 'map → ui', filePath: 'src/map/x.ts', code: "import type { Session } from '../ui/state/session.ts';\nexport type T = Session;\n", rules: ['no-restricted-imports'] },
  { name: 'map → domain', filePath: 'src/map/x.ts', code: "export { HELP_KINDS } from '../domain/types.ts';\n", rules: [] },
  // src/data: no ui, no map.
  { name: 'data → map', filePath: 'src/data/import/x.ts', code: "export { HELP_STYLE } from '../../map/palette.ts';\n", rules: ['no-restricted-imports'] },
  { name: 'data → ui, dynamic import()', filePath: 'src/data/x.ts', code: "export const p = () => import('../ui/App.tsx');\n", rules: ['no-restricted-syntax'] },
  // Nobody imports src/ui but src/main.tsx and src/ui.
  { name: 'workers → ui', filePath: 'workers/x.ts', code: "export { installTestHook } from '../src/ui/test_hook.ts';\n", rules: ['no-restricted-imports'] },
  { name: 'tests → ui (the UI state is unit-tested)', filePath: 'tests/unit/x.test.ts', code: "export { App } from '../../src/ui/App.tsx';\n", rules: [] },
  { name: 'export → ui', filePath: 'src/export/x.ts', code: "export { App } from '../ui/App.tsx';\n", rules: ['no-restricted-imports'] },
  { name: 'main.tsx → ui', filePath: 'src/main.tsx', code: "export { App } from './ui/App.tsx';\n", rules: [] },
  { name: 'ui → ui, map, data', filePath: 'src/ui/panels/x.tsx', code: "export { App } from '../App.tsx';\nexport { HELP_STYLE } from '../../map/palette.ts';\nexport { gridSql } from '../../data/queries/dashboard.ts';\n", rules: [] },
  // The app takes the @turf/* packages it uses; the whole of turf is for the tests' own computations.
  { name: 'domain → @turf/turf', filePath: 'src/domain/x.ts', code: "export { union } from '@turf/turf';\n", rules: ['no-restricted-imports'] },
  { name: 'ui → @turf/turf', filePath: 'src/ui/x.ts', code: "export { area } from '@turf/turf';\n", rules: ['no-restricted-imports'] },
  { name: 'workers → @turf/turf', filePath: 'workers/x.ts', code: "export { area } from '@turf/turf';\n", rules: ['no-restricted-imports'] },
  { name: 'domain → @turf/union', filePath: 'src/domain/x.ts', code: "export { union } from '@turf/union';\n", rules: [] },
  { name: 'tests → @turf/turf', filePath: 'tests/unit/x.test.ts', code: "export { distance } from '@turf/turf';\n", rules: [] },
  // React hooks.
  {
    name: 'a hook called under a condition',
    filePath: 'src/ui/panels/x.tsx',
    code: "import { useState } from 'react';\nexport function P({ on }: { on: boolean }) {\n  if (on) {\n    const [v] = useState(0);\n    return v;\n  }\n  return null;\n}\n",
    rules: ['react-hooks/rules-of-hooks'],
  },
  {
    name: 'an effect missing a dependency',
    filePath: 'src/ui/panels/x.tsx',
    code: "import { useEffect } from 'react';\nexport function P({ n }: { n: number }) {\n  useEffect(() => {\n    document.title = String(n);\n  }, []);\n  return null;\n}\n",
    rules: ['react-hooks/exhaustive-deps'],
  },
];

describe('eslint.config.js: import boundaries and hooks rules', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: repoRoot });
  });

  it.each(cases)('$name', async ({ filePath, code, rules }) => {
    const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, filePath) });
    const fatal = result.messages.filter((m) => m.fatal);
    expect(fatal, 'the snippet parses').toEqual([]);
    expect([...new Set(result.messages.map((m) => m.ruleId))].sort()).toEqual([...rules].sort());
  });
});
