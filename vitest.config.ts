import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'common', include: ['common/src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          // Every feature's dictionaries, which the app loads with its pages (i18n/index.ts), loaded up front.
          setupFiles: ['web/src/test-setup.ts'],
          // antd forms rendered in happy-dom take seconds on a loaded 2-core machine (StandardsPage: 4.9 s alone).
          testTimeout: 30_000,
        },
      },
    ],
  },
});
