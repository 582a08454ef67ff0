import { defineConfig } from 'vitest/config';

/**
 * Three projects, all run by `npm test`: unit (no server), integration (a throwaway
 * MariaDB/MySQL started by the harness) and e2e (browser mode in the system Chromium).
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          globalSetup: ['test/support/global-tmpdir.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: [
            'test/support/global-prerequisites.ts',
            'test/support/global-tmpdir.ts',
            'test/support/global-mysql.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [
            'test/support/global-prerequisites.ts',
            'test/support/global-tmpdir.ts',
            'test/support/global-build.ts',
            'test/support/global-mysql.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Galera cluster, GTID replicas and a fleet of servers, each started by its suite (issue 15).
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          // The build: the Galera suite drives the Migration wizard in browser mode once.
          globalSetup: ['test/support/global-tmpdir.ts', 'test/support/global-build.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.fuzz.test.ts'],
          globalSetup: ['test/support/global-tmpdir.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
