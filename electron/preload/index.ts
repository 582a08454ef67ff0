import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createLupoClient } from '../../shared/contract/client';
import type { Envelope } from '../../shared/contract/envelope';

// Kept in step with electron/main/register-ipc.ts (the preload cannot import main code).
const INVOKE_CHANNEL = 'lupo:invoke';
const EVENT_CHANNEL = 'lupo:event';

/**
 * Exposes the typed contract client as `window.lupo` — nothing else. The renderer never
 * sees `ipcRenderer`; every response and event is validated by the client on arrival.
 */
const client = createLupoClient({
  invoke: (channel, payload) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, payload) as Promise<Envelope>,
  subscribe: (event, listener) => {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});

contextBridge.exposeInMainWorld('lupo', client);
