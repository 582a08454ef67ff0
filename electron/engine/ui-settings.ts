import { join } from 'node:path';
import { uiSettingsSchema, type UiSettings } from '../../shared/contract/app';
import { readJsonFile, writeJsonFile } from './connection/json-file';

/** File of the renderer's settings in the user-data folder. */
export const UI_SETTINGS_FILE = 'ui-settings.json';

/**
 * The renderer's persisted settings (last workspace …), kept in the user-data folder by
 * the engine rather than in the page's localStorage: browser mode gets a new port, hence a
 * new origin and an empty localStorage, on every start. A missing, corrupt or foreign file
 * reads as "no settings" (settings are a convenience, never a reason to fail a start).
 */
export async function readUiSettings(userDataDir: string): Promise<UiSettings> {
  try {
    const parsed = uiSettingsSchema.safeParse(await readJsonFile<unknown>(join(userDataDir, UI_SETTINGS_FILE), {}));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Merges `patch` into the stored settings (a `null` value forgets that key) and writes them atomically. */
export async function updateUiSettings(
  userDataDir: string,
  patch: { readonly [K in keyof UiSettings]?: UiSettings[K] | null },
): Promise<UiSettings> {
  const next: Record<string, unknown> = { ...(await readUiSettings(userDataDir)) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  const settings = uiSettingsSchema.parse(next);
  await writeJsonFile(join(userDataDir, UI_SETTINGS_FILE), settings);
  return settings;
}
