import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts the tests' own Neo4j (instance "test", its own ports and data folder), so
    // `npm test` never touches the graph `npm start` serves; both can run at once.
    globalSetup: ['test/global-setup.ts', 'test/web-setup.ts'],
    // Integration tests share that one database: run files one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
  },
});
