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

/** A settings change: `null` forgets a key; `consoleTabs` is merged per profile (null forgets one profile's tabs). */
export type UiSettingsPatch = {
  readonly [K in Exclude<keyof UiSettings, 'consoleTabs'>]?: UiSettings[K] | null;
} & {
  readonly consoleTabs?: Readonly<Record<string, NonNullable<UiSettings['consoleTabs']>[string] | null>>;
};

/** One read-modify-write at a time per folder, so concurrent saves (tabs, colour scheme…) never lose each other. */
const queues = new Map<string, Promise<unknown>>();

/** Merges `patch` into the stored settings (a `null` value forgets that key) and writes them atomically. */
export async function updateUiSettings(userDataDir: string, patch: UiSettingsPatch): Promise<UiSettings> {
  const run = async (): Promise<UiSettings> => {
    const next: Record<string, unknown> = { ...(await readUiSettings(userDataDir)) };
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'consoleTabs' && value) {
        const tabs: Record<string, unknown> = { ...(next.consoleTabs as Record<string, unknown> | undefined) };
        for (const [profile, list] of Object.entries(value as Record<string, unknown>)) {
          if (list === null) delete tabs[profile];
          else tabs[profile] = list;
        }
        if (Object.keys(tabs).length > 0) next.consoleTabs = tabs;
        else delete next.consoleTabs;
      } else if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    const settings = uiSettingsSchema.parse(next);
    await writeJsonFile(join(userDataDir, UI_SETTINGS_FILE), settings);
    return settings;
  };
  const result = (queues.get(userDataDir) ?? Promise.resolve()).catch(() => undefined).then(run);
  queues.set(userDataDir, result);
  try {
    return await result;
  } finally {
    if (queues.get(userDataDir) === result) queues.delete(userDataDir);
  }
}
