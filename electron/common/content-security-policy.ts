/**
 * The Content-Security-Policy of the renderer, shared by the Electron shell and the
 * browser-mode host: scripts only from the app itself, no eval, no remote anything.
 * `style-src 'unsafe-inline'` is needed by the component library's style attributes;
 * it does not allow scripts. `connectSrc` adds the WebSocket origin in browser mode.
 */
export function contentSecurityPolicy(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${connectSrc.map((s) => ' ' + s).join('')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
