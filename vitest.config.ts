import { defineConfig } from 'vitest/config';

// Unit and integration tests: plain Node, real SQLite. End-to-end tests have their own config.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
  },
});
