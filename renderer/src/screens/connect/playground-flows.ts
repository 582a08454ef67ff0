import { useStore } from 'zustand';
import { lupo } from '../../api/lupo';
import { DEFAULT_ROLE_DATABASE_NAMES } from '../../lib/role-databases';
import { disconnect, refreshAfterRun } from '../../stores/app-flows';
import { connectionStore, workspaceStore } from '../../stores/app-stores';
import {
  createPlaygroundStore,
  isPlaygroundConnection,
  playgroundConnectParams,
  type PlaygroundState,
} from '../../stores/playground-store';
import { connectTo } from './connect-flows';

/** The app's playground store, bound to the real transport. */
export const playgroundStore = createPlaygroundStore(lupo);

/** Selects from the playground store. */
export const usePlayground = <T>(selector: (state: PlaygroundState) => T): T => useStore(playgroundStore, selector);

/**
 * Connects to the running playground with the existing direct-connect flow: 127.0.0.1,
 * its port, root without password, the open workspace's role database names.
 */
export async function connectPlayground(): Promise<void> {
  const names = workspaceStore.getState().summary?.config.databases ?? DEFAULT_ROLE_DATABASE_NAMES;
  const params = playgroundConnectParams(playgroundStore.getState().view, names);
  if (params) await connectTo(params);
}

/** Stops the playground; an open connection to it is closed first, so nothing is left pointing at a dead server. */
export async function stopPlayground(): Promise<void> {
  if (isPlaygroundConnection(connectionStore.getState().info, playgroundStore.getState().view)) await disconnect();
  await playgroundStore.getState().stop();
}

/**
 * Runs the demo's install.sql on the running playground (the README's "load the demo into
 * the playground" step, as a button); when the app is connected to the playground, what
 * was read from it is reloaded. Resolves to a one-line summary, or throws the engine's error.
 */
export async function loadDemoIntoPlayground(): Promise<string> {
  const { databases } = await lupo.call('sandbox/load-demo', {});
  const info = connectionStore.getState().info;
  if (info && isPlaygroundConnection(info, playgroundStore.getState().view)) refreshAfterRun();
  return databases.map((database) => `${database.name}: ${database.tableCount} tables`).join(' · ');
}
