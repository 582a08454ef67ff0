import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/engine-events';
import { createCliSink } from '../../../electron/cli/progress-sink';
import { captureIo } from '../../support/cli-io';

/** What a terminal would show, roughly: escape sequences dropped, one entry per redraw. */
const visibleSegments = (text: string): string[] =>
  text
    .split('\x1b[')
    .map((piece) => piece.replace(/^[0-9;]*[A-Za-z]/, ''))
    .flatMap((piece) => piece.split(/[\r\n]/))
    .map((s) => s.trim())
    .filter(Boolean);

const statement = (
  index: number,
  total: number,
  phase: 'start' | 'done' | 'failed' | 'skipped',
  sql: string,
  elapsedMs?: number,
): EngineEvent => ({
  type: 'statement',
  index,
  total,
  phase,
  sql,
  ...(elapsedMs === undefined ? {} : { elapsedMs }),
});

describe('createCliSink without a terminal', () => {
  it('prints the exact statement lines apply/rollback always printed, and log messages, on stdout', () => {
    const io = captureIo({ isTTY: false });
    const sink = createCliSink(io, { json: false, title: 'Applying' });
    sink(statement(0, 3, 'start', 'CREATE TABLE t (\n  id INT\n)'));
    sink(statement(0, 3, 'done', 'CREATE TABLE t (\n  id INT\n)', 12));
    sink(statement(1, 3, 'skipped', 'ALTER TABLE t ADD c INT'));
    sink({ type: 'progress', value: 0.5, detail: 'half' });
    sink({ type: 'log', level: 'info', message: '[1/2] V1__x.sql → core' });
    sink(statement(2, 3, 'failed', `INSERT INTO t VALUES (${'1,'.repeat(60)}1)`, 3));
    sink.done();
    expect(io.out).toEqual([
      'statement 1/3 start: CREATE TABLE t ( id INT )\n',
      'statement 1/3 done 12 ms: CREATE TABLE t ( id INT )\n',
      '[1/2] V1__x.sql → core\n',
      `statement 3/3 failed 3 ms: ${`INSERT INTO t VALUES (${'1,'.repeat(60)}1)`.slice(0, 80)}\n`,
    ]);
    expect(io.err).toEqual([]);
  });

  it('in "warnings" mode prints only warnings and errors, on stderr', () => {
    const io = captureIo({ isTTY: false });
    const sink = createCliSink(io, { json: false, title: 'Introspecting', plain: 'warnings' });
    sink({ type: 'progress', value: 0, detail: 'Reading information_schema' });
    sink({ type: 'log', level: 'info', message: 'quiet' });
    sink({ type: 'log', level: 'warn', message: 'Database "x" does not exist; treated as empty.' });
    sink.done();
    expect(io.out).toEqual([]);
    expect(io.err).toEqual(['lupo: warn: Database "x" does not exist; treated as empty.\n']);
  });

  it('uses plain lines when only stdout is a terminal (stderr redirected)', () => {
    const io = captureIo({ isTTY: true, stderrIsTTY: false });
    const sink = createCliSink(io, { json: false, title: 'Applying' });
    sink(statement(0, 1, 'start', 'SELECT 1'));
    sink.done();
    expect(io.out).toEqual(['statement 1/1 start: SELECT 1\n']);
    expect(io.err).toEqual([]);
  });

  it('prints nothing at all with --json, even on a terminal', () => {
    for (const isTTY of [false, true]) {
      const io = captureIo({ isTTY });
      const sink = createCliSink(io, { json: true, title: 'Applying' });
      sink(statement(0, 1, 'start', 'SELECT 1'));
      sink({ type: 'log', level: 'warn', message: 'w' });
      sink({ type: 'progress', value: 1 });
      sink.done();
      expect(io.out).toEqual([]);
      expect(io.err).toEqual([]);
    }
  });
});

describe('createCliSink on a terminal', () => {
  it('draws a bar on stderr with title, percentage, n/total and the statement, and done() stops it', async () => {
    const io = captureIo({ isTTY: true, columns: 120 });
    const sink = createCliSink(io, { json: false, title: 'Applying' });
    sink(statement(0, 4, 'start', 'CREATE TABLE a (id INT)'));
    sink(statement(0, 4, 'done', 'CREATE TABLE a (id INT)', 5));
    sink(statement(1, 4, 'start', 'CREATE TABLE b (id INT)'));
    sink(statement(1, 4, 'done', 'CREATE TABLE b (id INT)', 5));
    sink(statement(2, 4, 'start', 'ALTER TABLE b\n  ADD COLUMN c INT'));
    await sleep(250); // the bar redraws on its own timer
    const drawn = io.err.join('');
    expect(drawn).toContain('Applying [');
    expect(drawn).toMatch(/ 50% 2\/4 \| \d+s elapsed \| ETA [^|]+ \| #3 ALTER TABLE b ADD COLUMN c INT/);
    expect(io.out).toEqual([]); // stdout stays the command's own

    sink({ type: 'log', level: 'warn', message: 'lock held for 3 s' });
    sink(statement(2, 4, 'failed', 'ALTER TABLE b ADD COLUMN c INT', 7));
    await sleep(150);
    expect(io.err.join('')).toContain('warn: lock held for 3 s\n');
    expect(io.err.join('')).toContain('statement 3/4 failed 7 ms: ALTER TABLE b ADD COLUMN c INT\n');

    sink.done();
    const atStop = io.err.length;
    expect(io.err.at(-1)).toContain('\x1b[0J'); // the bar is cleared off the screen
    await sleep(250);
    expect(io.err.length).toBe(atStop); // no redraw after done(): the timer is gone
    sink.done(); // idempotent
    expect(io.err.length).toBe(atStop);
  });

  it('shows fractional progress and cuts every redraw to the terminal width', async () => {
    const io = captureIo({ isTTY: true, columns: 60 });
    const sink = createCliSink(io, { json: false, title: 'Introspecting', plain: 'warnings' });
    sink({ type: 'progress', value: 0, detail: 'Reading information_schema on 127.0.0.1:3306' });
    sink({ type: 'progress', value: 1 / 3, detail: `Built the model of core database ${'x'.repeat(200)} (12 tables)` });
    await sleep(250);
    const segments = visibleSegments(io.err.join(''));
    expect(segments.some((s) => s.startsWith('Introspecting [') && s.includes(' 33% |'))).toBe(true);
    for (const segment of segments) expect([...segment].length).toBeLessThanOrEqual(59);
    expect(segments.some((s) => s.endsWith('…'))).toBe(true);
    sink.done();
  });

  it('draws nothing until the first progress, and prints logs plainly without a bar', () => {
    const io = captureIo({ isTTY: true });
    const sink = createCliSink(io, { json: false, title: 'Applying' });
    sink({ type: 'log', level: 'info', message: '[1/2] V1__a.sql → core' });
    sink.done();
    expect(io.err).toEqual(['[1/2] V1__a.sql → core\n']);
    expect(io.out).toEqual([]);
  });
});
