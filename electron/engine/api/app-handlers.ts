import type { HandlersFor } from '../../../shared/contract/server';
import { appVersion } from '../app-version';
import { readUiSettings, updateUiSettings } from '../ui-settings';
import type { EngineHost } from './engine-host';

/** Handlers of the `app/*` calls. */
export function createAppHandlers(
  host: Pick<EngineHost, 'mode' | 'userDataDir'>,
): HandlersFor<'app/info' | 'app/settings-get' | 'app/settings-set'> {
  return {
    'app/info': async () => ({ version: appVersion(), mode: host.mode, platform: process.platform }),
    'app/settings-get': async () => readUiSettings(host.userDataDir),
    'app/settings-set': async (patch) => updateUiSettings(host.userDataDir, patch),
  };
}
