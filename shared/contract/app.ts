import { z } from 'zod';
import { defineCall } from './define';

/** One SQL console tab as kept across restarts. */
export const consoleTabSchema = z
  .object({ id: z.string().min(1).max(100), title: z.string().max(200), sql: z.string().max(1_000_000) })
  .strict();
/** Profile key (profile id or endpoint) → its console tabs. */
const consoleTabsSchema = z.record(z.string().min(1).max(400), z.array(consoleTabSchema).max(100));

/** The renderer's settings that survive a restart (kept by the engine in the user-data folder). */
export const uiSettingsSchema = z
  .object({
    /** Path of the last workspace opened (absent: the demo). */
    lastWorkspace: z.string().min(1).max(4096).optional(),
    /** The light/dark choice (absent: follow the system). */
    colorScheme: z.enum(['light', 'dark', 'auto']).optional(),
    /** The SQL console's tabs per profile (browser mode starts on a new origin each time). */
    consoleTabs: consoleTabsSchema.optional(),
  })
  .strict();
/** The renderer's persisted settings. */
export type UiSettings = z.output<typeof uiSettingsSchema>;

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
  'app/settings-get': defineCall('The renderer settings kept in the user-data folder.', z.object({}), uiSettingsSchema),
  'app/settings-set': defineCall(
    'Merges settings into the user-data folder (null forgets a key); answers the stored settings.',
    z
      .object({
        lastWorkspace: z.string().min(1).max(4096).nullable().optional(),
        colorScheme: z.enum(['light', 'dark', 'auto']).nullable().optional(),
        /** Merged per profile: a profile's list replaces its tabs, null forgets them; other profiles are kept. */
        consoleTabs: z.record(z.string().min(1).max(400), z.array(consoleTabSchema).max(100).nullable()).optional(),
      })
      .strict(),
    uiSettingsSchema,
  ),
} as const;
