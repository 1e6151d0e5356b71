import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer served by the loopback host, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // expect.poll waits for a state; its 1 s default is less than one round trip to Chromium takes on a
    // loaded 2-core machine, so a slow answer would read as a wrong one.
    expect: { poll: { timeout: 10_000 } },
  },
});
