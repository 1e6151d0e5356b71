import { defineConfig } from 'vitest/config';

// Unit and integration tests: plain Node, real SQLite. End-to-end tests have their own config.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    // Generous: CLI tests spawn processes that take seconds on a loaded 2-core machine. Speed is
    // measured in npm run bench, never by these timeouts.
    testTimeout: 120_000,
  },
});
