import { defineConfig, type Plugin } from 'vitest/config';
import { importSignature } from './scripts/import_signature.ts';

/** The built app in headless Chromium, one file at a time, served by tests/e2e/global_setup.ts. */
const browserProject = (name: string, include: string[]) => ({
  extends: true as const,
  test: {
    name,
    environment: 'node' as const,
    include,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // One process for all the files, one after the other: Playwright and the helpers are loaded once
    // (about 0.8 s per file otherwise). The files share no module state: each opens its own browser.
    isolate: false,
    globalSetup: ['tests/e2e/global_setup.ts'],
  },
});

/**
 * In the tests, a JSON file of a package (e.g. @etalab/decoupage-administratif's 8.6 MB communes.json)
 * is read by Node's own JSON.parse, the same data as Vite's JSON module gives: Vite turns it into a
 * module whose evaluation took 20–25 s per test file on these machines, JSON.parse takes a fraction of a second.
 */
function packageJsonByNode(): Plugin {
  // A virtual id per file: outside node_modules (which Vitest would hand to Node's own import) and
  // ending in .js, not .json (which Vite's JSON plugin would transform).
  const files = new Map<string, string>();
  return {
    name: 'maillage-package-json-by-node',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('.json') || source.startsWith('.') || source.startsWith('/')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !resolved.id.includes('/node_modules/') || !resolved.id.endsWith('.json')) return null;
      const id = `virtual:package-json/${source}.js`;
      files.set(id, resolved.id);
      return id;
    },
    load(id) {
      const file = files.get(id);
      if (file === undefined) return null;
      return `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));\n`;
    },
  };
}

export default defineConfig({
  plugins: [packageJsonByNode()],
  define: { __MAILLAGE_IMPORT_SIGNATURE__: JSON.stringify(importSignature(import.meta.dirname)) },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          // Threads start faster than processes, and both CPUs are used (Vitest's default leaves
          // one free): 264 s → 161 s for the unit suite on 2 vCPUs.
          pool: 'threads' as const,
          maxWorkers: 2,
          // A worker keeps the modules it has loaded from one file to the next (DuckDB-WASM, the COG
          // tables, the demo generator): per-file imports fell from 208 s to 38 s in total. Nothing
          // is shared through module state: the accessibility handlers are made per client
          // (workers/handlers.ts createHandler), and the suite passes with its files shuffled.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // `npm test`: behaviour of the built app.
      browserProject('e2e', ['tests/e2e/**/*.test.ts']),
      // `npm run test:perf`: measures (main-thread long tasks, a 500 MB import and its memory), run alone
      // on the machine so that nothing else shares its CPUs.
      browserProject('perf', ['tests/perf/**/*.test.ts']),
    ],
  },
});
