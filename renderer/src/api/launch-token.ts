/** Where the page keeps the launch token for this tab (per origin = per port, gone with the tab). */
const KEY = 'lupo.launchToken';

/**
 * Browser mode's launch token, taken once from the address bar and then kept out of it.
 * The first load carries `?token=`; we move it into sessionStorage and remove it from the
 * URL with `history.replaceState`, so it is neither shown, bookmarked, nor shared with a
 * screenshot, and a reload of the tab still finds it. Returns undefined when the page was
 * opened without a token (the host then refuses the WebSocket and the UI says so).
 */
export function takeLaunchToken(
  location: Pick<Location, 'href'>,
  history: Pick<History, 'replaceState' | 'state'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      storage.setItem(KEY, fromUrl);
    } catch {
      // storage refused (privacy mode): the token still works for this page's life
    }
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return storage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
