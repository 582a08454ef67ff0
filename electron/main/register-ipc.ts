import { ipcMain, type WebContents } from 'electron';
import { dispatchCall, type HandlerMap } from '../../shared/contract/server';
import type { EventName, EventPayload } from '../../shared/contract/index';
import { isAppUrl } from './app-url';

/** The one Electron IPC channel for calls; the contract's channel travels as an argument. */
export const INVOKE_CHANNEL = 'lupo:invoke';
/** The one Electron IPC channel for events. */
export const EVENT_CHANNEL = 'lupo:event';

/**
 * The only code that touches `ipcMain`: one handler that refuses callers other than the
 * app's own top frame, then hands the call to the contract's dispatcher (which validates
 * request and response).
 */
export function registerIpc(
  handlers: HandlerMap,
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void,
): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, payload: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl) || event.senderFrame?.parent) {
      return {
        ok: false,
        error: {
          name: 'LupoError',
          code: 'ipc/forbidden-sender',
          message: 'Refused a call from a frame that is not the app.',
        },
      };
    }
    return dispatchCall(handlers, String(channel), payload, { emit });
  });
}

/** Sends an event to a window's renderer (the only place `webContents.send` is used). */
export function sendEvent(contents: WebContents, event: string, payload: unknown): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
}
