import { createLupoClient, type LupoClient } from '../../../shared/contract/client';
import { takeLaunchToken } from './launch-token';
import { createWebSocketBridge } from './websocket-bridge';

declare global {
  interface Window {
    /** The typed API: set by Electron's preload, or below in browser mode. */
    lupo?: LupoClient;
  }
}

/**
 * The renderer's only door to the engine. In Electron the preload has put the typed client
 * on `window.lupo`; in browser mode we build the same client over a WebSocket. Renderer
 * code imports `lupo` and cannot tell which one it got. Browser mode first takes the launch
 * token out of the address bar (see launch-token.ts).
 */
export const lupo: LupoClient =
  window.lupo ??
  (window.lupo = createLupoClient(
    createWebSocketBridge(window.location, takeLaunchToken(window.location, window.history, window.sessionStorage)),
  ));
