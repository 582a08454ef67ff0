import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../electron/main/window-options';
import { contentSecurityPolicy } from '../../../electron/common/content-security-policy';
import { isAppUrl } from '../../../electron/main/app-url';

describe('Electron hardening', () => {
  const prefs = mainWindowOptions('/app/preload.cjs').webPreferences ?? {};

  it('isolates and sandboxes the renderer without Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('has a strict CSP: no remote or inline scripts, no eval, no framing', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:|\*)/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('accepts IPC only from the app origin', () => {
    expect(isAppUrl('app://lupo/index.html')).toBe(true);
    expect(isAppUrl('https://evil.example/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
  });

  it('blocks navigation, new windows, webviews and permission requests in the session code', () => {
    const source = readFileSync(new URL('../../../electron/main/harden-session.ts', import.meta.url), 'utf8');
    expect(source).toContain("'will-navigate'");
    expect(source).toContain("action: 'deny'");
    expect(source).toContain("'will-attach-webview'");
    expect(source).toContain('setPermissionRequestHandler');
  });
});
