import { defineConfig } from 'vitest/config';

/**
 * Tests in tiers, each runnable alone (`npm run test:<tier>`); `npm test` runs them all, one
 * tier after another (sequence.groupOrder), into one report.
 *   unit         no Neo4j, files in parallel: seconds
 *   integration  the tests' own Neo4j (global-setup.ts), files one after another (they share it)
 *   browser      the same Neo4j, the pages in Chromium (web/dist built first when stale)
 *   slow         faults (private Neo4j servers stopped, started, SIGKILLed), the embedded
 *                Neo4j's own life, the notebook end to end (on the shared Neo4j)
 */
const SLOW = [
  'test/integration/reliability-*.test.ts',
  'test/integration/embedded.test.ts',
  'test/integration/notebook.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: SLOW,
          // Starts the tests' own Neo4j (instance "test", its own ports and data folder), so
          // the tests never touch the graph `npm start` serves; both can run at once.
          globalSetup: ['test/global-setup.ts'],
          // The files share that one database: one after another.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts', 'test/web-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          // The fault tests start private Neo4j servers of their own; the notebook reads the
          // shared test Neo4j (the same one as the integration tier, started once).
          globalSetup: ['test/global-setup.ts'],
          // The machine's cores are theirs, one file at a time.
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
