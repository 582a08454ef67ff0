import type { TestProject } from 'vitest/node';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';

/**
 * Vitest global setup for the integration and e2e projects: one throwaway server for the
 * whole run (or the one named by LUPO_TEST_MYSQL_URL), handed to tests as `mysqlUrl`.
 * Tests that need to kill or restart a server start their own with `startLocalServer`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.LUPO_TEST_MYSQL_URL;
  if (external) {
    project.provide('mysqlUrl', external);
    return async () => {};
  }
  const server: LocalServer = await startLocalServer();
  project.provide('mysqlUrl', server.url);
  return () => server.destroy();
}

declare module 'vitest' {
  export interface ProvidedContext {
    mysqlUrl: string;
  }
}
