import { defineConfig } from 'vitest/config';
import { importSignature } from './scripts/import_signature.ts';

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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['tests/e2e/global_setup.ts'],
        },
      },
    ],
  },
});
