import { defineConfig } from 'vitest/config';

// Reliability tier (`bash scripts/test-reliability.sh`, docs/security.md items 33–40): each spec starts the real server
// process (server/reliability/harness.ts), loads it over HTTP, kills or stops it, restarts it and inspects the
// database. One file at a time: the specs measure a 2-core machine under load and must not share it.
export default defineConfig({
  test: {
    include: ['server/reliability/**/*.reliability.ts'],
    environment: 'node',
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
