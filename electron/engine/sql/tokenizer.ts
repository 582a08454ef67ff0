import { LupoError } from '../../../shared/errors';

/** Kinds of lexical token in MySQL text (`comment` only with the `comments` option). */
export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct' | 'variable' | 'comment';

/**
 * One token. `value` is unquoted/unescaped for `ident` and `string`; `word` keeps its
 * spelling (compare with `upper`). `start`/`end` are offsets into the text, so callers can
 * slice the original source of an expression. `unterminated` marks a quote or comment that
 * ran to the end of the text (only in `tolerant` mode; otherwise that throws).
 */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly upper: string;
  readonly start: number;
  readonly end: number;
  readonly unterminated?: true;
}

/** How a `Tokenizer` reads; the defaults suit parsers (strict, comments skipped). */
export interface TokenizerOptions {
  /**
   * Never throw: an unterminated quote or comment ends at the end of the text (its token is
   * marked `unterminated`). For classifiers and linters that must accept any text.
   */
  readonly tolerant?: boolean;
  /**
   * Return comments as `comment` tokens (raw text in `value`) instead of skipping them.
   * The markers of executable comments (`/*!40101`, `/*M!100000`, their `*\/`) are then
   * comment tokens of their own and the content between them is code, as the server reads
   * it. For callers that mask or map comments (doctrine's `maskSql`).
   */
  readonly comments?: boolean;
  /**
   * Which executable comments the server runs as code (`/*!NNNNN … *\/` on both servers,
   * `/*M!NNNNNN … *\/` on MariaDB only). Default `all`: both read as code, which is what
   * some server executes — the safe reading for classifiers and linters. With `serverVersion`
   * (e.g. 101106 for 10.11.6, 80036 for 8.0.36) a comment gated on a newer version stays a
   * comment, as on that server.
   */
  readonly executable?: ExecutableComments;
  readonly serverVersion?: number;
}

/** Which executable comments are code: both kinds, MariaDB's reading or MySQL's. */
export type ExecutableComments = 'all' | 'mariadb' | 'mysql';

/**
 * The length of an executable comment's opening marker at `at` (`/*!`, `/*!40101`,
 * `/*M!100000`) when the server reads its content as code, else 0.
 */
export function executableMarker(
  text: string,
  at: number,
  executable: ExecutableComments = 'all',
  serverVersion?: number,
): number {
  if (text[at] !== '/' || text[at + 1] !== '*') return 0;
  const mariaOnly = text[at + 2] === 'M' && text[at + 3] === '!';
  if (!mariaOnly && text[at + 2] !== '!') return 0;
  if (mariaOnly && executable === 'mysql') return 0;
  let i = at + (mariaOnly ? 4 : 3);
  const digitsFrom = i;
  while (i - digitsFrom < 6 && isDigit(text[i] ?? '')) i++;
  const version = i > digitsFrom ? Number(text.slice(digitsFrom, i)) : 0;
  if (serverVersion !== undefined && version > serverVersion) return 0;
  return i - at;
}

// Char-code tests, not regexes: the tokenizer runs over every statement of large files.
function isWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 36 || // $
    code >= 0x80
  );
}
const isWordChar = (c: string): boolean => isWordCode(c.charCodeAt(0));
const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
/**
 * `word` upper-cased, or the word itself when that changes nothing (no a-z, all ASCII):
 * keywords are mostly written upper-case, and toUpperCase copies even then.
 */
function upperWord(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 97 && code <= 122) || code >= 0x80) return word.toUpperCase();
  }
  return word;
}
/** Two-character operators (`->` may extend to `->>`, read as one token). */
const TWO_CHAR_OPERATORS = new Set(['<=', '>=', '<>', '!=', ':=', '||', '&&', '<<', '>>', '->']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', Z: '\x1a' };

/**
 * The engine's one MySQL tokenizer. Lazy: skips whitespace and comments (`--`, `#`,
 * `/* *\/`), and treats the markers of executable comments (`/*!40101 … *\/`, MariaDB's
 * `/*M!100000 … *\/`) as transparent so their content is tokenized — the server runs it. Lazy because callers often classify a huge statement by
 * its first words; `tokenizeAll` is the eager form.
 */
export class Tokenizer {
  private pos = 0;
  private versioned = 0;
  private peeked: Token | null | undefined;
  private readonly tolerant: boolean;
  private readonly comments: boolean;
  private readonly executable: ExecutableComments;
  private readonly serverVersion: number | undefined;

  constructor(
    readonly text: string,
    options: TokenizerOptions = {},
  ) {
    this.tolerant = options.tolerant ?? false;
    this.comments = options.comments ?? false;
    this.executable = options.executable ?? 'all';
    this.serverVersion = options.serverVersion;
  }

  /** The next token without consuming it (`null` at the end). */
  peek(): Token | null {
    if (this.peeked === undefined) this.peeked = this.read();
    return this.peeked;
  }

  /** Consumes and returns the next token (`null` at the end). */
  next(): Token | null {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** Offset just after the last consumed token (or where the next token starts). */
  get offset(): number {
    return this.peeked ? this.peeked.start : this.pos;
  }

  private fail(message: string, offset: number): never {
    throw new LupoError('ddl/syntax', `${message} at offset ${offset}`, {
      hint: 'Check the quoting and parentheses of this definition.',
      details: { offset },
    });
  }

  /** Skips whitespace and (unless comments are returned) comments; returns a comment token. */
  private skipTrivia(): Token | null {
    const t = this.text;
    for (;;) {
      const start = this.pos;
      const c = t[start];
      if (c === undefined) return null;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
        this.pos++;
      } else if (c === '#' || (c === '-' && t[start + 1] === '-' && /[\s]|^$/.test(t[start + 2] ?? ''))) {
        const nl = t.indexOf('\n', start);
        this.pos = nl === -1 ? t.length : nl + 1;
        if (this.comments) return this.comment(start, nl === -1 ? t.length : nl, false);
      } else if (c === '/' && t[start + 1] === '*') {
        const marker = this.versioned > 0 ? 0 : executableMarker(t, start, this.executable, this.serverVersion);
        if (marker > 0) {
          // An executable comment: its content is code; the markers are trivia (or comments).
          this.pos += marker;
          this.versioned++;
          if (this.comments) return this.comment(start, this.pos, false);
        } else {
          const close = t.indexOf('*/', start + 2);
          if (close === -1 && !this.tolerant) this.fail('Unterminated comment', start);
          this.pos = close === -1 ? t.length : close + 2;
          if (this.comments) return this.comment(start, this.pos, close === -1);
        }
      } else if (c === '*' && t[start + 1] === '/' && this.versioned > 0) {
        this.versioned--;
        this.pos += 2;
        if (this.comments) return this.comment(start, this.pos, false);
      } else {
        return null;
      }
    }
  }

  private comment(start: number, end: number, unterminated: boolean): Token {
    if (end < this.pos) this.pos = end; // a line comment ends before its newline
    const value = this.text.slice(start, end);
    return { kind: 'comment', value, upper: value, start, end, ...(unterminated ? { unterminated: true } : {}) };
  }

  /** The `ident` (backquoted) or `string` token starting at the offset (its opening quote). */
  private readQuoted(quote: string): Token {
    const t = this.text;
    const start = this.pos;
    const kind = quote === '`' ? 'ident' : 'string';
    // Plain runs are copied with one slice each, found by native indexOf from quote to
    // quote (every quoted name and string of every definition goes through here).
    const escapes = quote !== '`';
    let out = '';
    let run = start + 1;
    let slash = escapes ? t.indexOf('\\', run) : -1;
    for (;;) {
      const close = t.indexOf(quote, run);
      if (slash !== -1 && (close === -1 || slash < close)) {
        const n = t[slash + 1] ?? '';
        out += t.slice(run, slash) + (ESCAPES[n] ?? n);
        run = slash + 2;
        slash = t.indexOf('\\', run);
      } else if (close === -1) {
        if (!this.tolerant) this.fail(`Unterminated ${quote === '`' ? 'identifier' : 'string'}`, start);
        this.pos = t.length;
        return this.makeToken(start, kind, out + t.slice(run), true);
      } else if (t[close + 1] === quote) {
        out += t.slice(run, close) + quote;
        run = close + 2;
      } else {
        this.pos = close + 1;
        return this.makeToken(start, kind, out + t.slice(run, close));
      }
    }
  }

  // A method rather than a closure per token: per-token closures dominated the profile.
  private makeToken(start: number, kind: TokenKind, value: string, unterminated = false): Token {
    const token: { -readonly [K in keyof Token]: Token[K] } = {
      kind,
      value,
      upper: kind === 'word' ? upperWord(value) : value,
      start,
      end: this.pos,
    };
    if (unterminated) token.unterminated = true;
    return token;
  }

  private read(): Token | null {
    const comment = this.skipTrivia();
    if (comment) return comment;
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === undefined) return null;
    if (c === '`' || c === "'" || c === '"') return this.readQuoted(c);
    if (c === '@') {
      let i = start + 1;
      if (t[i] === '@') i++;
      while (i < t.length && isWordCode(t.charCodeAt(i))) i++;
      this.pos = i;
      return this.makeToken(start, 'variable', t.slice(start, i));
    }
    const code = t.charCodeAt(start);
    if (isDigitCode(code)) {
      // The common number, plain digits followed by neither a word character nor a dot,
      // is read without the regex below (it reads the same).
      let end = start + 1;
      while (end < t.length && isDigitCode(t.charCodeAt(end))) end++;
      const after = end < t.length ? t.charCodeAt(end) : -1;
      if (end - start < 64 && after !== 46 && !isWordCode(after)) {
        this.pos = end;
        return this.makeToken(start, 'number', t.slice(start, end));
      }
    }
    if (isDigitCode(code) || (c === '.' && isDigit(t[start + 1] ?? ''))) {
      const m = /^(0x[0-9a-f]+|0b[01]+|\d*\.?\d+(e[+-]?\d+)?)/i.exec(t.slice(start, start + 64));
      const len = m ? m[0].length : 1;
      if (isWordChar(t[start + len] ?? ' ') && !/e/i.test(t[start + len] ?? '')) {
        if (c === '.') {
          // `db.1col`: the dot, then a name that starts with digits
          this.pos = start + 1;
          return this.makeToken(start, 'punct', c);
        }
        // identifiers may start with digits (`1col`)
        let i = start;
        while (i < t.length && isWordCode(t.charCodeAt(i))) i++;
        this.pos = i;
        return this.makeToken(start, 'word', t.slice(start, i));
      }
      this.pos = start + len;
      return this.makeToken(start, 'number', t.slice(start, this.pos));
    }
    if (isWordCode(code)) {
      let i = start + 1;
      while (i < t.length && isWordCode(t.charCodeAt(i))) i++;
      // hex/bit literals x'..' b'..' and charset introducers stay words; quote follows separately
      this.pos = i;
      return this.makeToken(start, 'word', t.slice(start, i));
    }
    const two = t.slice(start, start + 2);
    if (TWO_CHAR_OPERATORS.has(two)) {
      this.pos = start + (t.slice(start, start + 3) === '->>' ? 3 : 2);
      return this.makeToken(start, 'punct', t.slice(start, this.pos));
    }
    this.pos = start + 1;
    return this.makeToken(start, 'punct', c);
  }
}

/** Every token of `text` at once (the eager form of `Tokenizer`, same options). */
export function tokenizeAll(text: string, options: TokenizerOptions = {}): Token[] {
  const tokenizer = new Tokenizer(text, options);
  const tokens: Token[] = [];
  for (let token = tokenizer.next(); token; token = tokenizer.next()) tokens.push(token);
  return tokens;
}

/** True when the token is a bare word spelling one of `keywords` (upper-case, case-insensitive match). */
export function isKeyword(token: Token | null | undefined, ...keywords: string[]): boolean {
  return token?.kind === 'word' && keywords.includes(token.upper);
}

/** True when the token can name something (bare word or backtick-quoted identifier). */
export function isName(token: Token | null | undefined): token is Token {
  return token?.kind === 'word' || token?.kind === 'ident';
}

/** True when the token is the punctuation `p`. */
export function isPunct(token: Token | null | undefined, p: string): boolean {
  return token?.kind === 'punct' && token.value === p;
}
