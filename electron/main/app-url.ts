/**
 * Where the renderer is loaded from: the built files, through a custom `app://` scheme
 * (so the CSP's 'self' is our bundle only). A frame is "ours" only when its URL has this
 * origin; IPC from anything else is refused.
 */
export const APP_SCHEME = 'app';
/** Host part of the app URL. */
export const APP_HOST = 'lupo';
/** The URL of the renderer's entry page. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True when a frame URL belongs to the app's own renderer. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
