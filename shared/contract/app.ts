import { z } from 'zod';
import { defineCall } from './define';

/** Calls about the app itself. */
export const appCalls = {
  'app/info': defineCall(
    'Version and host mode of the running app.',
    z.object({}),
    z.object({
      version: z.string(),
      mode: z.enum(['electron', 'browser']),
      platform: z.string(),
    }),
  ),
} as const;
