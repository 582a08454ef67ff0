import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFromArgs } from '../../electron/browser-host/launch';
import { startBrowserMode } from '../../electron/browser-host/main';
import { PortInUseError } from '../../electron/browser-host/server';
import { launchBrowser } from '../support/browser-mode';
import { DEMO_DIR, openWorkspaceFolder } from './support/demo-workspace';

/**
 * Issue 11 §5 (token hygiene) and issue 13 item 14 in real Chromium: the launch token
 * leaves the address bar, one instance's cookie opens nothing on another port, the last
 * workspace survives a restart on a new port, the favicon is served, a busy --port is one
 * clear line.
 */
describe('browser mode: token hygiene and settings across starts', () => {
  let browser: Browser;
  let userDataDir: string;
  let workspaceDir: string;
  const running: Array<{ stop(): Promise<void> }> = [];

  const start = async (port?: number) => {
    const app = await startBrowserMode({ userDataDir, openBrowser: false, log: () => {}, ...(port ? { port } : {}) });
    running.push(app);
    return app;
  };

  beforeAll(async () => {
    userDataDir = await mkdtemp(join(tmpdir(), 'lupo-e2e-trust-'));
    workspaceDir = await mkdtemp(join(tmpdir(), 'lupo-e2e-trust-ws-'));
    await writeFile(
      join(workspaceDir, 'lupo.config.json'),
      JSON.stringify({
        definitions: DEMO_DIR,
        databases: { core: 'trust_core', orchestration: 'trust_orch', ephemeral: 'trust_eph' },
        systemVersion: 'e2e',
      }),
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const app of running) await app.stop();
    await rm(userDataDir, { recursive: true, force: true });
    await rm(workspaceDir, { recursive: true, force: true });
  });

  it('removes the token from the address bar, keeps working after a reload, and serves the favicon', async () => {
    const app = await start();
    const page = await browser.newPage();
    const notFound: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) notFound.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(app.host.url);
    await expect.poll(() => page.getByTestId('workspace-badge').textContent()).toBeTruthy();
    expect(page.url()).toBe(`http://127.0.0.1:${app.host.port}/`);
    expect(await page.evaluate(() => window.location.href)).not.toContain('token');
    // A reload (no token in the URL any more) still reaches the engine: the token is kept for this tab only.
    await page.reload();
    await page.getByTestId('nav-overview').click();
    await expect.poll(() => page.getByTestId('workspace-badge').textContent()).toBeTruthy();
    expect(await page.evaluate(() => window.location.search)).toBe('');
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href);
    expect(icon).toBe(`http://127.0.0.1:${app.host.port}/favicon.svg`);
    const favicon = await page.evaluate(async (href) => (await fetch(href!)).status, icon);
    expect(favicon).toBe(200);
    expect(notFound).toEqual([]);
    await page.close();
  });

  it("refuses one instance's cookie on another instance's port, in the browser and replayed by hand", async () => {
    const first = await start();
    const second = await start();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(first.host.url);
    await expect.poll(() => page.getByTestId('workspace-badge').textContent()).toBeTruthy();
    const cookies = await context.cookies(`http://127.0.0.1:${first.host.port}/`);
    expect(cookies.map((c) => c.name)).toEqual([`lupo_token_${first.host.port}`]);
    expect(cookies[0]!.httpOnly).toBe(true);
    // The browser sends the first instance's cookie to the second port (cookies ignore ports): it is not accepted.
    const response = await page.goto(`http://127.0.0.1:${second.host.port}/`);
    expect(response?.status()).toBe(401);
    // Replayed by another local program, even under the second port's cookie name, it opens neither page nor API.
    const stolen = cookies[0]!.value;
    const asSecond = await fetch(`http://127.0.0.1:${second.host.port}/`, {
      headers: { cookie: `lupo_token_${second.host.port}=${stolen}` },
    });
    expect(asSecond.status).toBe(401);
    const wsStatus = await new Promise<number>((resolve) => {
      void import('ws').then(({ default: WebSocket }) => {
        const ws = new WebSocket(`ws://127.0.0.1:${first.host.port}/ws`, ['lupo.v1'], {
          headers: { cookie: `lupo_token_${first.host.port}=${stolen}` },
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
    });
    expect(wsStatus).toBe(401);
    await context.close();
  });

  it('reopens the last workspace and the colour scheme after a restart on a new port (kept in the user-data folder)', async () => {
    const before = await start();
    const page = await browser.newPage();
    await page.goto(before.host.url);
    await openWorkspaceFolder(page, workspaceDir);
    const scheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
    expect(await scheme()).toBe('light');
    await page.getByLabel('Toggle colour scheme').click();
    await expect.poll(scheme).toBe('dark');
    const settings = async () => JSON.parse(await readFile(join(userDataDir, 'ui-settings.json'), 'utf8'));
    await expect.poll(async () => (await settings()).lastWorkspace).toMatch(new RegExp(`^${workspaceDir}`));
    await expect.poll(async () => (await settings()).colorScheme).toBe('dark');
    await page.close();
    await before.stop();
    const after = await start();
    expect(after.host.port).not.toBe(before.host.port);
    const fresh = await browser.newContext(); // a new origin and empty storage, as after a real restart
    const again = await fresh.newPage();
    await again.goto(after.host.url);
    await expect.poll(() => again.getByTestId('workspace-badge').textContent()).toBe(basename(workspaceDir));
    await expect
      .poll(() => again.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme')))
      .toBe('dark');
    await fresh.close();
  });

  it('says in one line what to do when --port is busy or not a port (exit 2, no stack), and starts on a free one', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const lines: string[] = [];
      const io = { error: (line: string) => lines.push(line), log: () => {} };
      expect(await launchFromArgs(['--browser', '--port', String(busy), '--no-open'], io, { userDataDir })).toEqual({
        ok: false,
        exitCode: 2,
      });
      expect(await launchFromArgs(['--port', 'http'], io, { userDataDir })).toEqual({ ok: false, exitCode: 2 });
      expect(lines).toEqual([
        `Port ${busy} is already in use on 127.0.0.1: stop the program using it, or start with another --port (or leave --port out to pick a free one).`,
        '--port needs a port number between 1 and 65535 (got "http").',
      ]);
      // The error class the launcher relies on, straight from the host.
      await expect(start(busy)).rejects.toBeInstanceOf(PortInUseError);
      const started = await launchFromArgs(['--no-open'], io, { userDataDir });
      expect(started.ok).toBe(true);
      if (started.ok) await started.stop();
    } finally {
      blocker.close();
    }
  });
});
