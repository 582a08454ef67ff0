import { localStorageColorSchemeManager, type MantineColorSchemeManager } from '@mantine/core';
import type { LupoClient } from '../../../shared/contract/client';

/**
 * Mantine's colour-scheme storage, kept by the engine in the user-data folder (as the last
 * workspace is) so a light/dark choice survives browser mode's restarts on new ports (a new
 * origin each time, with an empty localStorage). Mantine reads synchronously, so the page's
 * localStorage answers first and the engine's value is applied as soon as it arrives.
 */
export function engineColorSchemeManager(client: LupoClient): MantineColorSchemeManager {
  const local = localStorageColorSchemeManager({ key: 'lupo.colorScheme' });
  let onUpdate: ((scheme: 'light' | 'dark' | 'auto') => void) | undefined;
  return {
    get: (defaultValue) => local.get(defaultValue),
    set(value) {
      local.set(value);
      void client.call('app/settings-set', { colorScheme: value }).catch(() => {});
    },
    subscribe(update) {
      onUpdate = update;
      local.subscribe(update);
      void client
        .call('app/settings-get', {})
        .then((settings) => {
          if (settings.colorScheme && settings.colorScheme !== local.get('auto')) {
            local.set(settings.colorScheme);
            onUpdate?.(settings.colorScheme);
          }
        })
        .catch(() => {});
    },
    unsubscribe() {
      onUpdate = undefined;
      local.unsubscribe();
    },
    clear() {
      local.clear();
      void client.call('app/settings-set', { colorScheme: null }).catch(() => {});
    },
  };
}
