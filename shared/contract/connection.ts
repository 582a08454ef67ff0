import { z } from 'zod';
import { defineCall, defineEvent } from './define';

/** What the operator types to reach a server (the password never leaves the main process after this call). */
export const connectionParams = z
  .object({
    host: z.string().trim().min(1).max(255).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(3306),
    socketPath: z.string().max(1024).optional(),
    user: z.string().min(1).max(255),
    password: z.string().max(1024).optional(),
    connectTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  })
  .strict();
/** Parameters of a direct connection. */
export type ConnectionParams = z.input<typeof connectionParams>;

/** One database on the server, as the connection screen lists it. */
export const serverDatabase = z.object({
  name: z.string(),
  tableCount: z.number().int().nonnegative(),
  isSystem: z.boolean(),
});

/** The state of an open connection. */
export const connectionInfo = z.object({
  connectionId: z.string(),
  serverVersion: z.string(),
  flavor: z.enum(['mariadb', 'mysql']),
  user: z.string(),
  endpoint: z.string(),
  databases: z.array(serverDatabase),
});
/** The state of an open connection. */
export type ConnectionInfo = z.output<typeof connectionInfo>;

/** Calls of the connection domain. */
export const connectionCalls = {
  'connection/open': defineCall(
    'Connect to a server and list its databases.',
    connectionParams,
    connectionInfo,
  ),
  'connection/close': defineCall(
    'Close an open connection.',
    z.object({ connectionId: z.string() }).strict(),
    z.object({ closed: z.boolean() }),
  ),
  'connection/list-databases': defineCall(
    'List the databases of an open connection again.',
    z.object({ connectionId: z.string() }).strict(),
    z.object({ databases: z.array(serverDatabase) }),
  ),
} as const;

/** Events of the connection domain. */
export const connectionEvents = {
  'connection/state': defineEvent(
    'An open connection was lost or came back.',
    z.object({
      connectionId: z.string(),
      state: z.enum(['connected', 'lost']),
      message: z.string().optional(),
    }),
  ),
} as const;
