/**
 * The app at scale, as an operator sees it: browser mode served to headless Chromium (the
 * system's), a throwaway server holding --sizes tables (default 1,000 and 10,000) of the
 * schema fixture, and the same tables as a definitions workspace. Prints, per size:
 * - overview: opening the workspace until the overview shows the definitions' analysis;
 * - connect + analysis: Connect clicked until the analysis against the live databases is shown;
 * - explorer: first paint of the table list;
 * - map: the relationship map laid out and drawn (the fixture's tables share no `*_id`
 *   target, so the map is also timed on a definitions-only workspace of as many tables in
 *   name families with ~0.9 inferred relationships a table, like a real system);
 * and for each, the longest main-thread task of the page (PerformanceObserver 'longtask').
 * Below the overview and connect rows, a breakdown read off the page's WebSocket (when each
 * call's answer or job event arrived, ms after the click) and the CPU each side spent: the
 * engine (this process: the host runs in it) and the page's main thread (CDP TaskDuration),
 * plus the longest stall of the engine's event loop (nothing else is answered meanwhile).
 * Targets (issue 16): connect + analysis ≤ 5 s, overview ≤ 2 s, no task over 100 ms.
 * With LUPO_BENCH_PROFILE=<dir>, each step also writes a Chromium CPU profile of the page
 * (<dir>/<size>-<step>.cpuprofile, for DevTools or speedscope) to see what made a long task;
 * with LUPO_BENCH_TRACE=<dir>, a Chromium trace instead (<dir>/<size>-<step>.json, for the
 * DevTools Performance panel), which also shows style, layout, paint and garbage collection.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { chromium, type Page, type WebSocket as PageSocket } from 'playwright-core';
import { startBrowserMode } from '../../electron/browser-host/main';
import { HEADLESS_CHROMIUM_ARGS } from '../../electron/engine/reports/render-pdf';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';
import { relatedTables, writeRelatedWorkspace } from '../../test/support/related-schema';
import { createLiveSchema, tableCacheArgs, writeWorkspace } from './schema-fixture';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
/** Longest wait for one step: a step that never finishes fails the bench instead of hanging it. */
const STEP_TIMEOUT = 180_000;

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Builds the renderer the host serves (skipped with LUPO_BENCH_SKIP_BUILD=1 when a build exists). */
function buildRenderer(): void {
  if (process.env.LUPO_BENCH_SKIP_BUILD === '1' && existsSync(join(root, 'out/renderer/index.html'))) return;
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stderr}`);
}

/** Records every long task of the page from its first script on (read back with `longestTaskSince`). */
const RECORD_LONG_TASKS = `
  window.__lupoLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lupoLongTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
`;

async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** When each call's answer and each job event reached the page (bench clock), read off the page's WebSocket. */
class Timeline {
  private readonly calls = new Map<number, string>();
  readonly marks: { at: number; name: string }[] = [];

  watch(socket: PageSocket): void {
    // Only each frame's head is read: results of 10,000 tables are megabytes, and this process hosts the engine.
    socket.on('framesent', ({ payload }) => {
      const head = String(payload).slice(0, 200);
      const call = /"id":(\d+),"channel":"([^"]+)"/.exec(head);
      if (call) this.calls.set(Number(call[1]), call[2]!);
    });
    socket.on('framereceived', ({ payload }) => {
      const at = performance.now();
      const head = String(payload).slice(0, 400);
      const result = /^\{"type":"result","id":(\d+)/.exec(head);
      if (result) this.marks.push({ at, name: this.calls.get(Number(result[1])) ?? 'result' });
      const event = /^\{"type":"event","event":"(job\/[a-z]+)".*?"kind":"([^"]+)"/.exec(head);
      if (event) {
        const detail = /"detail":"([^"]*)"/.exec(head)?.[1];
        this.marks.push({ at, name: `${event[2]} ${event[1]}${detail ? `: ${detail}` : ''}` });
      }
    });
  }

  /** Time (ms after `since`) of the first (or last) mark at or after `since` whose name matches. */
  after(since: number, pattern: RegExp, which: 'first' | 'last' = 'first'): number | undefined {
    const found = this.marks.filter((mark) => mark.at >= since && pattern.test(mark.name));
    const mark = which === 'first' ? found[0] : found.at(-1);
    return mark === undefined ? undefined : mark.at - since;
  }
}

/** CPU spent meanwhile: the engine's (this process) and the page's main thread, and the engine's longest stall. */
async function cpuMeter(page: Page): Promise<() => Promise<{ engineMs: number; pageMs: number; stallMs: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async (): Promise<number> =>
    (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
  const pageStart = await taskSeconds();
  const engineStart = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return async () => {
    loop.disable();
    const engine = process.cpuUsage(engineStart);
    const pageMs = ((await taskSeconds()) - pageStart) * 1000;
    await cdp.detach();
    return { engineMs: (engine.user + engine.system) / 1000, pageMs, stallMs: loop.max / 1e6 };
  };
}

function printBreakdown(
  timeline: Timeline,
  since: number,
  steps: readonly [string, RegExp, ('first' | 'last')?][],
): void {
  const parts = steps.map(([label, pattern, which]) => {
    const ms = timeline.after(since, pattern, which);
    return `${label} ${ms === undefined ? '–' : ms.toFixed(0)}`;
  });
  console.log(`  at ms: ${parts.join(', ')}`);
}

/** The longest task (ms) that started after `since` (page clock), 0 when none took over 50 ms. */
async function longestTaskSince(page: Page, since: number): Promise<number> {
  return page.evaluate((from) => {
    const tasks = (window as unknown as { __lupoLongTasks: [number, number][] }).__lupoLongTasks;
    return Math.max(0, ...tasks.filter(([start]) => start >= from).map(([, duration]) => duration));
  }, since);
}

/** Where to write CPU profiles (LUPO_BENCH_PROFILE) or traces (LUPO_BENCH_TRACE) of the page's steps, if anywhere. */
const PROFILE_DIR = process.env.LUPO_BENCH_PROFILE;
const TRACE_DIR = process.env.LUPO_BENCH_TRACE;

/**
 * Records a CPU profile of the page (CDP Profiler) or a trace of its browser until the returned
 * function is called, which writes it to <dir>/<name>.cpuprofile or .json; does nothing without
 * LUPO_BENCH_PROFILE or LUPO_BENCH_TRACE.
 */
async function cpuProfiler(page: Page, name: string): Promise<() => Promise<void>> {
  const browser = page.context().browser();
  if (TRACE_DIR && browser) {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    return async () => {
      const trace = await browser.stopTracing();
      await mkdir(TRACE_DIR, { recursive: true });
      const file = join(TRACE_DIR, `${name}.json`);
      await writeFile(file, trace);
      console.log(`  trace: ${file}`);
    };
  }
  if (!PROFILE_DIR) return async () => {};
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  // 200 µs between samples: fine enough to split a 100 ms task into its functions.
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    await mkdir(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`  profile: ${file}`);
  };
}

/** Runs `action` and waits for `done` in the page; returns wall time and the longest task meanwhile. */
async function step(
  page: Page,
  name: string,
  action: () => Promise<void>,
  done: (arg: string | undefined) => boolean,
  arg: string | undefined,
): Promise<{ ms: number; longestTask: number; start: number; cpu: string }> {
  const since = await pageNow(page);
  const meter = await cpuMeter(page);
  const profiler = await cpuProfiler(page, name);
  const start = performance.now();
  await action();
  await page.waitForFunction(done, arg, { timeout: STEP_TIMEOUT, polling: 50 });
  const ms = performance.now() - start;
  const { engineMs, pageMs, stallMs } = await meter();
  await profiler();
  // Tasks end before they are reported: let the observer catch up.
  await page.waitForTimeout(200);
  const cpu = `  cpu ms: engine ${engineMs.toFixed(0)} (longest stall ${stallMs.toFixed(0)}), page main thread ${pageMs.toFixed(0)}`;
  return { ms, longestTask: await longestTaskSince(page, since), start, cpu };
}

function row(cells: readonly (string | number)[]): string {
  const widths = [24, 10, 16, 10];
  return cells
    .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[0]!) : String(cell).padStart(widths[i]!)))
    .join(' ');
}

export default async function (): Promise<void> {
  const sizes = (flag('sizes') ?? '1000,10000').split(',').map(Number);
  buildRenderer();
  const base = await mkdtemp(join(tmpdir(), 'lupo-bench-ui-'));
  await mkdir(join(base, 'tmp'));
  const server = await startLocalServer({
    baseDir: base,
    extraArgs: [`--tmpdir=${join(base, 'tmp')}`, ...tableCacheArgs()],
  });
  const browser = await chromium.launch({
    executablePath: process.env.LUPO_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: HEADLESS_CHROMIUM_ARGS,
  });
  try {
    for (const size of sizes) {
      const ws = join(base, `ws-${size}`);
      const setup = performance.now();
      await writeWorkspace(ws, size);
      await createLiveSchema(server.url, size);
      console.log(`\n${size} tables (workspace + live schema in ${((performance.now() - setup) / 1000).toFixed(1)} s)`);
      const userDataDir = join(base, `userdata-${size}`);
      const app = await startBrowserMode({ userDataDir, openBrowser: false, log: () => {} });
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      try {
        await page.addInitScript(RECORD_LONG_TASKS);
        const timeline = new Timeline();
        page.on('websocket', (socket) => timeline.watch(socket));
        await page.goto(app.host.url);
        await page.getByTestId('nav-overview').click({ timeout: 30_000 });
        await page.getByTestId('workspace-path').waitFor({ timeout: 30_000 });
        // Let the start-up analysis of the remembered (demo) workspace finish first.
        await page.waitForTimeout(1500);
        console.log(row(['step', 'ms', 'longest task ms', 'target']));

        await page.getByTestId('workspace-path').fill(ws);
        const overview = await step(
          page,
          `${size}-overview`,
          () => page.getByTestId('workspace-open').click(),
          (name) =>
            document.querySelector('[data-testid="workspace-badge"]')?.textContent === name &&
            /^headroom -?\d+$/.test(document.querySelector('[data-testid="budget-headroom"]')?.textContent ?? ''),
          `ws-${size}`,
        );
        console.log(row(['overview (definitions)', overview.ms.toFixed(0), overview.longestTask.toFixed(0), '≤ 2000']));
        printBreakdown(timeline, overview.start, [
          ['workspace open', /^workspace\/open$/],
          ['first definitions page', /^workspace\/model$/],
          ['last definitions page', /^workspace\/model$/, 'last'],
          ['analysis started', /^analyze job\/progress/],
          ['analysis done', /^analyze job\/finished/],
        ]);
        console.log(overview.cpu);

        const server_ = new URL(server.url);
        await page.getByTestId('nav-connect').click();
        await page.getByTestId('connect-host').fill(server_.hostname);
        await page.getByTestId('connect-port').fill(server_.port || '3306');
        await page.getByTestId('connect-user').fill(decodeURIComponent(server_.username || 'root'));
        await page.getByTestId('connect-password').fill(decodeURIComponent(server_.password));
        const connect = await step(
          page,
          `${size}-connect`,
          async () => {
            await page.getByTestId('connect-submit').click();
            await page.getByTestId('server-version').waitFor({ timeout: STEP_TIMEOUT });
            await page.getByTestId('nav-overview').click();
          },
          // The overview's drift card compares with live once the live analysis is in.
          () =>
            /vs live/.test(document.querySelector('[data-testid="drift-card"]')?.textContent ?? '') &&
            /^\d+$/.test(document.querySelector('[data-testid="drift-different"]')?.textContent ?? ''),
          undefined,
        );
        console.log(row(['connect + live analysis', connect.ms.toFixed(0), connect.longestTask.toFixed(0), '≤ 5000']));
        printBreakdown(timeline, connect.start, [
          ['connected', /^connection\/open$/],
          ['introspected', /^analyze job\/progress: Introspection done/],
          ['first live page', /^schema\/introspect$/],
          ['last live page', /^schema\/introspect$/, 'last'],
          ['diffing', /^analyze job\/progress: Comparing/],
          ['doctrine', /^analyze job\/progress: Checking the doctrine/],
          ['analysis done', /^analyze job\/finished/],
        ]);
        console.log(connect.cpu);

        const explorer = await step(
          page,
          `${size}-explorer`,
          () => page.getByTestId('nav-explorer').click(),
          () => document.querySelectorAll('[data-testid="table-row"]').length > 0,
          undefined,
        );
        console.log(row(['explorer first paint', explorer.ms.toFixed(0), explorer.longestTask.toFixed(0), '']));

        const map = await step(
          page,
          `${size}-map`,
          () => page.getByTestId('nav-relationships').click(),
          () => {
            const map = document.querySelector<HTMLElement>('[data-testid="relationship-map"]');
            return (
              map?.dataset.layingOut === 'false' &&
              Number(map.dataset.nodeCount) > 0 &&
              map.querySelectorAll('.react-flow__node').length > 0
            );
          },
          undefined,
        );
        console.log(row(['relationship map', map.ms.toFixed(0), map.longestTask.toFixed(0), '']));

        const related = join(base, `related-${size}`);
        await writeRelatedWorkspace(related, size, {
          core: 'bench_rel_core',
          orchestration: 'bench_rel_orch',
          ephemeral: 'bench_rel_eph',
        });
        await page.getByTestId('nav-overview').click();
        await page.getByTestId('workspace-path').fill(related);
        await page.getByTestId('workspace-open').click();
        await page.waitForFunction(
          (name) => document.querySelector('[data-testid="workspace-badge"]')?.textContent === name,
          `related-${size}`,
          { timeout: STEP_TIMEOUT },
        );
        const edges = relatedTables(size).reduce((sum, table) => sum + table.refs.length, 0);
        const relatedMap = await step(
          page,
          `${size}-related-map`,
          () => page.getByTestId('nav-relationships').click(),
          (wanted) => {
            const map = document.querySelector<HTMLElement>('[data-testid="relationship-map"]');
            return (
              map?.dataset.layingOut === 'false' &&
              (document.querySelector('[data-testid="screen-relationships"]')?.textContent ?? '').includes(
                `${wanted} relationships`,
              ) &&
              map.querySelectorAll('.react-flow__node').length > 0
            );
          },
          String(edges),
        );
        console.log(
          row([`map, ${edges} relationships`, relatedMap.ms.toFixed(0), relatedMap.longestTask.toFixed(0), '']),
        );
        await rm(related, { recursive: true, force: true });
      } finally {
        await page.close();
        await app.stop();
        await rm(ws, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
    await server.destroy();
    await rm(base, { recursive: true, force: true });
  }
}
