import { LupoError } from '../../../shared/errors';

/** One statement of a SQL file: its text without the delimiter, and where it starts. */
export interface SqlStatement {
  readonly sql: string;
  /** 1-based line and column of the statement's first significant character. */
  readonly line: number;
  readonly column: number;
  /** The delimiter that ended it (`;`, `$$`, …; empty for a final statement without one). */
  readonly delimiter: string;
}

type State = 'normal' | 'quote' | 'line-comment' | 'block-comment';

/**
 * Incremental statement splitter (mysql-client semantics): quotes with backslash and
 * doubled-quote escapes, `--`/`#`/`/* *\/` comments (versioned `/*!…*\/` comments are
 * statement text), and `DELIMITER` commands. Feed chunks with `push`, then `end`.
 * Keeps only the unfinished statement in memory, so any file size streams.
 */
export class StatementSplitter {
  private buf = '';
  private pos = 0;
  private state: State = 'normal';
  private quote = '';
  private delimiter = ';';
  /** Start of the current statement in `buf` (-1 until a significant character). */
  private start = -1;
  private startLine = 1;
  private startColumn = 1;
  private line = 1;
  private column = 1;
  private versioned = false;
  /** Where the open quote or block comment started (for the "never closed" error). */
  private openedAt = { line: 1, column: 1 };

  /** Adds text; returns the statements completed by it. */
  push(chunk: string): SqlStatement[] {
    const keep = this.start >= 0 ? Math.min(this.start, this.pos) : this.pos;
    if (keep > 0) {
      this.buf = this.buf.slice(keep);
      this.pos -= keep;
      if (this.start >= 0) this.start -= keep;
    }
    const nul = chunk.indexOf('\u0000');
    const bad = nul >= 0 ? nul : chunk.indexOf('\uFFFD');
    if (bad >= 0) {
      const before = chunk.slice(0, bad);
      const line =
        this.line + (this.buf.slice(this.pos).match(/\n/g)?.length ?? 0) + (before.match(/\n/g)?.length ?? 0);
      throw new LupoError(
        'sql/binary-content',
        `Line ${line} holds ${nul >= 0 ? 'a NUL byte' : 'bytes that are not UTF-8 text'}: this is not a SQL text file.`,
        {
          hint: 'Give the SQL dump itself (uncompressed, UTF-8), not a binary or compressed file.',
          details: { line },
        },
      );
    }
    this.buf += chunk;
    return this.scan(false);
  }

  /**
   * Flushes the final statement (one not followed by a delimiter). A string, quoted name or
   * block comment still open at the end is an error (LupoError with `details.line`): the
   * server would read everything after it differently, so nothing after it can be trusted.
   */
  end(): SqlStatement[] {
    const out = this.scan(true);
    if (this.state === 'quote' || this.state === 'block-comment') {
      const { line, column } = this.openedAt;
      const what =
        this.state === 'block-comment'
          ? 'comment /* … is never closed with */'
          : this.quote === '`'
            ? 'quoted name (`) is never closed'
            : `string (${this.quote}) is never closed`;
      throw new LupoError('sql/unterminated', `The ${what}: it starts at line ${line}, column ${column}.`, {
        hint: 'Close it (or remove the stray quote); every statement after it would otherwise be lost.',
        details: { line, column },
      });
    }
    if (this.start >= 0) {
      const sql = this.buf.slice(this.start).trim();
      if (sql !== '') out.push({ sql, line: this.startLine, column: this.startColumn, delimiter: '' });
    }
    this.buf = '';
    this.pos = 0;
    this.start = -1;
    return out;
  }

  private advance(n: number): void {
    const b = this.buf;
    for (let i = 0; i < n; i++) {
      if (b.charCodeAt(this.pos) === 10) {
        this.line++;
        this.column = 1;
      } else this.column++;
      this.pos++;
    }
  }

  private markStart(): void {
    if (this.start < 0) {
      this.start = this.pos;
      this.startLine = this.line;
      this.startColumn = this.column;
    }
  }

  private scan(final: boolean): SqlStatement[] {
    const out: SqlStatement[] = [];
    const b = this.buf;
    const len = b.length;
    // Characters of lookahead a decision may need; without `final` we wait for more input.
    const need = (n: number): boolean => this.pos + n <= len || final;
    while (this.pos < len) {
      const c = b[this.pos]!;
      if (this.state === 'quote') {
        if (c === '\\' && this.quote !== '`') {
          if (!need(2)) break;
          this.advance(Math.min(2, len - this.pos));
        } else if (c === this.quote) {
          if (!need(2)) break;
          if (b[this.pos + 1] === this.quote) this.advance(2);
          else {
            this.advance(1);
            this.state = 'normal';
          }
        } else {
          // fast path: jump to the next quote or backslash
          let j = this.pos + 1;
          while (j < len) {
            const d = b.charCodeAt(j);
            if (d === 92 || b[j] === this.quote || d === 10) break;
            j++;
          }
          this.column += j - this.pos;
          this.pos = j;
        }
        continue;
      }
      if (this.state === 'line-comment') {
        const nl = b.indexOf('\n', this.pos);
        if (nl === -1) {
          this.column += len - this.pos;
          this.pos = len;
          break;
        }
        this.column += nl - this.pos;
        this.pos = nl;
        this.advance(1);
        this.state = 'normal';
        continue;
      }
      if (this.state === 'block-comment') {
        const close = b.indexOf('*/', this.pos);
        if (close === -1) {
          // keep a possible '*' at the end for the next chunk
          const stop = Math.max(this.pos, len - 1);
          this.advance(stop - this.pos);
          if (final) this.advance(len - this.pos);
          break;
        }
        this.advance(close + 2 - this.pos);
        this.state = 'normal';
        continue;
      }
      // normal state
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.advance(1);
        continue;
      }
      if (this.start < 0 && (c === 'd' || c === 'D')) {
        if (!need(10)) break;
        if (/^delimiter(?:[ \t\r\n]|$)/i.test(b.slice(this.pos, this.pos + 10))) {
          const nl = b.indexOf('\n', this.pos);
          if (nl === -1 && !final) break;
          const lineText = b.slice(this.pos + 9, nl === -1 ? len : nl).trim();
          const next = lineText.split(/\s+/)[0] ?? '';
          if (next === '') {
            throw new LupoError('sql/bare-delimiter', `DELIMITER without a delimiter at line ${this.line}.`, {
              hint: 'Write the new delimiter after it, e.g. `DELIMITER $$` … `DELIMITER ;`.',
              details: { line: this.line, column: this.column },
            });
          }
          this.delimiter = next;
          this.advance((nl === -1 ? len : nl + 1) - this.pos);
          continue;
        }
      }
      if (c === "'" || c === '"' || c === '`') {
        this.markStart();
        this.state = 'quote';
        this.quote = c;
        this.openedAt = { line: this.line, column: this.column };
        this.advance(1);
        continue;
      }
      if (c === '#') {
        this.state = 'line-comment';
        continue;
      }
      if (c === '-') {
        if (!need(3)) break;
        if (b[this.pos + 1] === '-' && (this.pos + 2 >= len || /\s/.test(b[this.pos + 2]!))) {
          this.state = 'line-comment';
          continue;
        }
      }
      if (c === '/') {
        if (!need(3)) break;
        if (b[this.pos + 1] === '*') {
          const versioned = b[this.pos + 2] === '!' || b[this.pos + 2] === '+';
          if (versioned) {
            this.markStart();
            this.versioned = true;
          }
          this.state = 'block-comment';
          this.openedAt = { line: this.line, column: this.column };
          this.advance(2);
          continue;
        }
      }
      const d = this.delimiter;
      if (c === d[0]) {
        if (!need(d.length)) break;
        if (d.length === 1 || b.startsWith(d, this.pos)) {
          if (this.start >= 0) {
            const sql = b.slice(this.start, this.pos).trim();
            out.push({ sql, line: this.startLine, column: this.startColumn, delimiter: d });
          }
          this.start = -1;
          this.versioned = false;
          this.advance(d.length);
          continue;
        }
      }
      this.markStart();
      this.advance(1);
    }
    return out;
  }
}

/** Splits a whole SQL text into statements (see StatementSplitter for the rules). */
export function splitStatements(text: string): SqlStatement[] {
  const splitter = new StatementSplitter();
  return [...splitter.push(text), ...splitter.end()];
}

/**
 * Splits a stream of text chunks (e.g. `fs.createReadStream(path, 'utf8')`) into
 * statements as they complete, in bounded memory (one statement at a time).
 */
export async function* statementStream(readable: AsyncIterable<string | Buffer>): AsyncGenerator<SqlStatement> {
  const splitter = new StatementSplitter();
  // Bytes that are not UTF-8 decode to U+FFFD, which push() reports with its line.
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of readable) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* splitter.push(text);
  }
  const rest = decoder.decode();
  if (rest) yield* splitter.push(rest);
  yield* splitter.end();
}
