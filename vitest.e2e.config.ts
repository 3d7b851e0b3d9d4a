import { defineConfig } from 'vitest/config';

// End-to-end tier (`npm run test:e2e`): e2e/global-setup.ts starts the real server once,
// specs drive Debian's Chromium through playwright-core, one file at a time.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    // A shared 2-core machine runs the server, Chromium and vitest together: give polled UI checks time.
    // These are waits for a condition, not timing assertions: a busy machine only makes them take longer.
    expect: { poll: { timeout: 30_000 } },
  },
});
