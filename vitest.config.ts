import { defineConfig } from 'vitest/config';
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
    globalSetup: ['tests/e2e/global_setup.ts'],
  },
});

export default defineConfig({
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
