import { LupoError } from '../../../shared/errors';

/** Kinds of lexical token in MySQL DDL text. */
export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct' | 'variable';

/**
 * One token. `value` is unquoted/unescaped for `ident` and `string`; `word` keeps its
 * spelling (compare with `upper`). `start`/`end` are offsets into the text, so callers can
 * slice the original source of an expression.
 */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly upper: string;
  readonly start: number;
  readonly end: number;
}

const isWordChar = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', Z: '\x1a' };

/**
 * A lazy MySQL tokenizer: skips whitespace and comments (`--`, `#`, `/* *\/`), and treats
 * the markers of versioned comments (`/*!40101 … *\/`) as transparent so their content
 * is tokenized. Lazy because callers often classify a huge statement by its first words.
 */
export class Tokenizer {
  private pos = 0;
  private versioned = 0;
  private peeked: Token | null | undefined;

  constructor(readonly text: string) {}

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

  private skipTrivia(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) return;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
        this.pos++;
      } else if (c === '#' || (c === '-' && t[this.pos + 1] === '-' && /[\s]|^$/.test(t[this.pos + 2] ?? ''))) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl === -1 ? t.length : nl + 1;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        if (t[this.pos + 2] === '!') {
          this.pos += 3;
          while (isDigit(t[this.pos] ?? '')) this.pos++;
          this.versioned++;
        } else {
          const close = t.indexOf('*/', this.pos + 2);
          if (close === -1) this.fail('Unterminated comment', this.pos);
          this.pos = close + 2;
        }
      } else if (c === '*' && t[this.pos + 1] === '/' && this.versioned > 0) {
        this.versioned--;
        this.pos += 2;
      } else {
        return;
      }
    }
  }

  private readQuoted(quote: string): string {
    const t = this.text;
    const start = this.pos;
    let out = '';
    let i = this.pos + 1;
    for (;;) {
      const c = t[i];
      if (c === undefined) this.fail(`Unterminated ${quote === '`' ? 'identifier' : 'string'}`, start);
      if (c === '\\' && quote !== '`') {
        const n = t[i + 1] ?? '';
        out += ESCAPES[n] ?? n;
        i += 2;
      } else if (c === quote) {
        if (t[i + 1] === quote) {
          out += quote;
          i += 2;
        } else {
          this.pos = i + 1;
          return out;
        }
      } else {
        out += c;
        i++;
      }
    }
  }

  private read(): Token | null {
    this.skipTrivia();
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === undefined) return null;
    const make = (kind: TokenKind, value: string): Token => ({
      kind,
      value,
      upper: kind === 'word' ? value.toUpperCase() : value,
      start,
      end: this.pos,
    });
    if (c === '`') return make('ident', this.readQuoted('`'));
    if (c === "'" || c === '"') return make('string', this.readQuoted(c));
    if (c === '@') {
      let i = start + 1;
      if (t[i] === '@') i++;
      while (i < t.length && isWordChar(t[i]!)) i++;
      this.pos = i;
      return make('variable', t.slice(start, i));
    }
    if (isDigit(c) || (c === '.' && isDigit(t[start + 1] ?? ''))) {
      const m = /^(0x[0-9a-f]+|0b[01]+|\d*\.?\d+(e[+-]?\d+)?)/i.exec(t.slice(start, start + 64));
      const len = m ? m[0].length : 1;
      if (isWordChar(t[start + len] ?? ' ') && !/e/i.test(t[start + len] ?? '')) {
        // identifiers may start with digits (`1col`)
        let i = start;
        while (i < t.length && isWordChar(t[i]!)) i++;
        this.pos = i;
        return make('word', t.slice(start, i));
      }
      this.pos = start + len;
      return make('number', t.slice(start, this.pos));
    }
    if (isWordChar(c)) {
      let i = start;
      while (i < t.length && isWordChar(t[i]!)) i++;
      // hex/bit literals x'..' b'..' and charset introducers stay words; quote follows separately
      this.pos = i;
      return make('word', t.slice(start, i));
    }
    const two = t.slice(start, start + 2);
    if (['<=', '>=', '<>', '!=', ':=', '||', '&&', '<<', '>>', '->'].includes(two)) {
      this.pos = start + (t.slice(start, start + 3) === '->>' ? 3 : 2);
      return make('punct', t.slice(start, this.pos));
    }
    this.pos = start + 1;
    return make('punct', c);
  }
}
