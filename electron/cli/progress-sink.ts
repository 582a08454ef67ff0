import cliProgress from 'cli-progress';
import type { EngineEvent, EngineSink } from '../../shared/engine-events';
import { maskSqlSecrets } from '../engine/sql/redact-secrets';
import type { CliIo } from './runtime';

/** An engine sink for the CLI, plus `done()` to take its progress bar off the terminal. */
export type CliSink = EngineSink & {
  /** Stops and clears the bar, if one is shown. Safe to call more than once; later events draw a new bar. */
  readonly done: () => void;
};

/** What `createCliSink` prints without a terminal. */
export type PlainMode =
  /** One stdout line per statement and per log message: what CI logs and the crash tests read (apply, rollback). */
  | 'statements'
  /** Only warn/error log messages, on stderr: introspection stays silent on stdout. */
  | 'warnings';

/** Options of `createCliSink`. */
export interface CliSinkOptions {
  /** --json: stdout stays pure JSON, so nothing is printed at all. */
  readonly json: boolean;
  /** Shown at the start of the bar ("Applying", "Introspecting"). */
  readonly title: string;
  /** What to print without a terminal (default: 'statements'). */
  readonly plain?: PlainMode;
}

/** Progress events have no count: the bar runs on this scale for them. */
const FRACTION_SCALE = 1000;

/** The plain line of a statement event, exactly as `lupo apply`/`rollback` have always printed it. */
export function formatStatementLine(event: Extract<EngineEvent, { type: 'statement' }>): string {
  const summary = maskSqlSecrets(event.sql).replace(/\s+/g, ' ').slice(0, 80);
  const elapsed = event.elapsedMs === undefined ? '' : ` ${event.elapsedMs} ms`;
  return `statement ${event.index + 1}/${event.total} ${event.phase}${elapsed}: ${summary}\n`;
}

/**
 * The CLI's one way to show a long job (DESIGN §3): on a terminal (stdout and stderr TTYs,
 * not --json) a cli-progress bar on stderr — title, bar, percentage, `n/total` for
 * statements, elapsed, ETA and the current step, cut to the terminal width — with log
 * messages and failed statements printed above it; otherwise plain lines (see PlainMode).
 * With --json it prints nothing, so stdout stays pure JSON. The bar starts at the first
 * progress or statement event; call `done()` (in a `finally`) to stop it — its redraw
 * timer would otherwise keep the process alive.
 */
export function createCliSink(io: CliIo, options: CliSinkOptions): CliSink {
  if (options.json) return Object.assign((() => {}) as EngineSink, { done: () => {} });
  if (!io.isTTY || io.stderrIsTTY === false) return plainSink(io, options.plain ?? 'statements');
  return barSink(io, options.title);
}

function plainSink(io: CliIo, mode: PlainMode): CliSink {
  const sink: EngineSink = (event) => {
    if (mode === 'statements') {
      if (event.type === 'statement' && event.phase !== 'skipped') io.stdout(formatStatementLine(event));
      else if (event.type === 'log') io.stdout(`${event.message}\n`);
    } else if (event.type === 'log' && event.level !== 'info') {
      io.stderr(`lupo: ${event.level}: ${event.message}\n`);
    }
  };
  return Object.assign(sink, { done: () => {} });
}

/** Cuts a line to `width` columns (the bar is ASCII plus one-column block characters). */
function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The bar line: `title [████░░░░] 42% 3/7 | 00:04 elapsed | ETA 6s | detail`. */
const formatLine: cliProgress.GenericFormatter = (
  options,
  params,
  payload: { title: string; count: string; detail: string },
) => {
  const percentage = Math.floor(params.progress * 100);
  const elapsed = Math.round(((params.stopTime ?? Date.now()) - params.startTime) / 1000);
  const eta =
    typeof params.eta === 'number' && params.value > 0 && params.value < params.total
      ? cliProgress.Format.TimeFormat(params.eta, options, 5)
      : '--';
  const head = `${payload.title} [${cliProgress.Format.BarFormat(params.progress, options)}] ${String(percentage).padStart(3)}%`;
  const line = `${head}${payload.count ? ` ${payload.count}` : ''} | ${cliProgress.Format.TimeFormat(elapsed, options, 1)} elapsed | ETA ${eta}${payload.detail ? ` | ${payload.detail}` : ''}`;
  return fit(line, params.maxWidth - 1);
};

function barSink(io: CliIo, title: string): CliSink {
  // cli-progress writes through a stream; this one forwards to the injected stderr.
  const stream = {
    isTTY: true,
    columns: io.columns ?? 80,
    write: (text: string): boolean => {
      io.stderr(text);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  let multi: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let counted = false;
  const payload = { title, count: '', detail: '' };

  const ensureBar = (total: number): cliProgress.SingleBar => {
    if (multi && bar) return bar;
    multi = new cliProgress.MultiBar(
      {
        stream,
        format: formatLine,
        clearOnComplete: true,
        hideCursor: false,
        linewrap: true,
        gracefulExit: false,
        etaBuffer: 20,
        etaAsynchronousUpdate: true,
        barsize: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    bar = multi.create(total, 0, payload);
    multi.update();
    return bar;
  };
  const log = (line: string): void => {
    if (multi) {
      multi.log(line);
      multi.update();
    } else io.stderr(line);
  };

  const sink: EngineSink = (event) => {
    if (event.type === 'log') {
      log(`${event.level === 'info' ? '' : `${event.level}: `}${event.message}\n`);
    } else if (event.type === 'statement') {
      counted = true;
      const finished = event.phase === 'start' ? event.index : event.index + 1;
      const current = ensureBar(event.total);
      payload.count = `${finished}/${event.total}`;
      payload.detail = `#${event.index + 1} ${maskSqlSecrets(event.sql).replace(/\s+/g, ' ')}`;
      current.setTotal(event.total);
      current.update(finished, payload);
      if (event.phase === 'failed') log(formatStatementLine(event));
    } else {
      const current = ensureBar(counted ? 1 : FRACTION_SCALE);
      if (event.detail !== undefined) payload.detail = event.detail.replace(/\s+/g, ' ');
      // Statement events carry the count; a progress event then only refreshes the detail.
      if (!counted && event.value !== undefined) current.update(Math.round(event.value * FRACTION_SCALE), payload);
      else current.update(payload);
    }
  };
  const done = (): void => {
    multi?.stop();
    multi = undefined;
    bar = undefined;
    counted = false;
    payload.count = '';
    payload.detail = '';
  };
  return Object.assign(sink, { done });
}
