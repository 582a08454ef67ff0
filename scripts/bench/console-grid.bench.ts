/**
 * The console's result grid in headless Chromium (browser mode, built renderer in out/):
 * time from Ctrl-Enter to the first page of a 100,000-row × 50-column result on screen
 * (target < 0.5 s), then every row fetched (Fetch all) and a full scroll of the grid, one
 * viewport per animation frame, with frame times (target: 60 fps, i.e. ≤ 16.7 ms).
 * Needs `npx electron-vite build` first (the e2e setup does it). `--frames N` scrolls N frames only.
 */
import { startLocalServer } from '../../electron/engine/sandbox/local-server';
import { launchBrowser, startApp } from '../../test/support/browser-mode';

const ROWS = 100_000;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `--frames N` stops the scroll after N frames (quick comparisons); the default is the full scroll. */
const maxFrames = Number(flag('frames') ?? Number.MAX_SAFE_INTEGER);
const COLUMNS = 50;

export default async function bench(): Promise<void> {
  const server = await startLocalServer();
  const [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    const u = new URL(server.url);
    await page.getByTestId('nav-connect').click();
    await page.getByTestId('connect-host').fill(u.hostname);
    await page.getByTestId('connect-port').fill(u.port);
    await page.getByTestId('connect-user').fill('root');
    await page.getByTestId('connect-password').fill(decodeURIComponent(u.password));
    await page.getByTestId('connect-submit').click();
    await page.getByTestId('server-version').waitFor();
    await page.getByTestId('nav-console').click();
    const columns = Array.from({ length: COLUMNS }, (_, i) => `seq + ${i} AS c${i}`).join(', ');
    await page.locator('[data-testid="console-editor"] .cm-content').click();
    await page.keyboard.insertText(`SELECT ${columns} FROM mysql.seq_1_to_${ROWS}`);
    const t0 = Date.now();
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="result-grid"] [data-row="0"]').waitFor();
    const firstPage = Date.now() - t0;
    process.stdout.write(
      `first page of ${ROWS.toLocaleString('en-US')} × ${COLUMNS}: ${firstPage} ms (target < 500 ms)\n`,
    );
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Fetch all' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Fetch all' }).click();
    await page
      .getByTestId('console-status')
      .getByText(`${ROWS.toLocaleString('en-US')} row(s)`, { exact: false })
      .waitFor({ timeout: 300_000 });
    const fetchAll = Date.now() - t1;
    // The renderer's own CPU time (Chromium's Performance metrics): unlike frame intervals it does
    // not grow when other processes compete for the cores, so rounds on a busy machine compare.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (await cdp.send('Performance.getMetrics')).metrics.map((m: { name: string; value: number }) => [
          m.name,
          m.value,
        ]),
      );
    const before = await metrics();
    // A string, not a function: tsx would inject its `__name` helper, unknown in the page.
    const frames = (await page.evaluate(`new Promise((done) => {
      const element = document.querySelector('[data-testid="result-grid"]');
      const times = [];
      let last = -1;
      const step = (t) => {
        if (last >= 0) times.push(t - last);
        last = t;
        element.scrollTop += element.clientHeight;
        element.scrollLeft = (element.scrollLeft + 97) % Math.max(1, element.scrollWidth - element.clientWidth);
        if (element.scrollTop + element.clientHeight >= element.scrollHeight - 1 || times.length >= ${maxFrames}) done(times);
        else requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })`)) as number[];
    const after = await metrics();
    const perFrame = (name: string): string =>
      ((((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / Math.max(1, frames.length)).toFixed(2);
    const sorted = [...frames].sort((a, b) => a - b);
    const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    const mean = frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length);
    process.stdout.write(
      `fetch all ${ROWS.toLocaleString('en-US')} rows: ${fetchAll} ms\n` +
        `full scroll: ${frames.length} frames, mean ${mean.toFixed(1)} ms, p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, max ${pct(1).toFixed(1)} ms (60 fps = 16.7 ms)\n` +
        `per frame, CPU: main thread ${perFrame('ThreadTime')} ms, renderer process ${perFrame('ProcessTime')} ms; ` +
        `script ${perFrame('ScriptDuration')} ms, style ${perFrame('RecalcStyleDuration')} ms, layout ${perFrame('LayoutDuration')} ms\n`,
    );
  } finally {
    await browser.close();
    await app.close();
    await server.destroy();
  }
}
