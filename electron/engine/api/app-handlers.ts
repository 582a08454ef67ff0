import type { HandlersFor } from '../../../shared/contract/server';
import { appVersion } from '../app-version';
import type { EngineHost } from './engine-host';

/** Handlers of the `app/*` calls. */
export function createAppHandlers(host: Pick<EngineHost, 'mode'>): HandlersFor<'app/info'> {
  return {
    'app/info': async () => ({ version: appVersion(), mode: host.mode, platform: process.platform }),
  };
}
