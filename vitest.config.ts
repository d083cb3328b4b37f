import { defineConfig } from 'vitest/config';

/** The built app in headless Chromium, one file at a time, served by tests/e2e/global_setup.ts. */
const browserProject = (name: string, include: string[]) => ({
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
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
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
