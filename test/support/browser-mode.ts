import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserMode } from '../../electron/browser-host/main';
import { HEADLESS_CHROMIUM_ARGS } from '../../electron/engine/reports/render-pdf';

/** Where e2e screenshots go (git-ignored). */
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../test-artifacts');

/** A running browser-mode app for one test file, with its own user-data folder. */
export async function startApp(): Promise<{
  url: string;
  token: string;
  port: number;
  userDataDir: string;
  close(): Promise<void>;
}> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'lupo-e2e-userdata-'));
  const running = await startBrowserMode({ userDataDir, openBrowser: false, log: () => {} });
  return {
    url: running.host.url,
    token: running.host.token,
    port: running.host.port,
    userDataDir,
    close: async () => {
      await running.stop();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Launches the system Chromium headless (never a downloaded browser). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.LUPO_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: HEADLESS_CHROMIUM_ARGS,
  });
}

/** Saves a full-page screenshot as test-artifacts/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
