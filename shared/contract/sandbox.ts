import { z } from 'zod';
import { defineCall } from './define';

/**
 * The local playground (the "sandbox"): one disposable MariaDB/MySQL per user on
 * 127.0.0.1, root without password, that outlives the app until stopped. The connection
 * screen offers it when no other connection is configured.
 */
export const sandboxView = z.object({
  /** True when the recorded server process is alive. */
  running: z.boolean(),
  /** `mysql://root@127.0.0.1:PORT` while running. */
  url: z.string().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** ISO date-time the server was started. */
  startedAt: z.string().optional(),
  /** `SELECT VERSION()`, when the running server answered it. */
  serverVersion: z.string().optional(),
});
/** The playground as the connection screen shows it. */
export type SandboxView = z.output<typeof sandboxView>;

/** Calls of the local playground. */
export const sandboxCalls = {
  'sandbox/status': defineCall('Whether the local playground server runs, and where.', z.object({}), sandboxView),
  'sandbox/start': defineCall(
    'Starts the local playground server (or returns the running one: never two).',
    z.object({}),
    sandboxView,
  ),
  'sandbox/load-demo': defineCall(
    'Runs the demo workspace’s install.sql on the running playground (creates the demo databases as the install file has them).',
    z.object({}),
    z.object({ databases: z.array(z.object({ name: z.string(), tableCount: z.number().int().nonnegative() })) }),
  ),
  'sandbox/stop': defineCall(
    'Stops the local playground server and deletes its data.',
    z.object({}),
    z.object({ stopped: z.boolean() }),
  ),
} as const;
