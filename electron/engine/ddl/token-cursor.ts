import { LupoError } from '../../../shared/errors';
import { Tokenizer, type Token } from '../sql/tokenizer';

/**
 * Parser helpers over the lazy tokenizer: accept/expect keywords and punctuation, read
 * identifiers and balanced parenthesised source. Errors are LupoError `ddl/…` carrying the
 * offset (plus `base`, the offset of this text inside a larger statement).
 */
export class TokenCursor {
  readonly tokens: Tokenizer;

  constructor(
    readonly text: string,
    readonly base = 0,
  ) {
    this.tokens = new Tokenizer(text);
  }

  peek(): Token | null {
    return this.tokens.peek();
  }

  next(): Token | null {
    return this.tokens.next();
  }

  atEnd(): boolean {
    return this.peek() === null;
  }

  /** Throws `ddl/<code>` at the current (or given) token. */
  fail(code: string, message: string, token: Token | null = this.peek()): never {
    const offset = this.base + (token ? token.start : this.text.length);
    const found = token ? ` near "${this.text.slice(token.start, token.start + 30)}"` : ' at the end of the text';
    throw new LupoError(`ddl/${code}`, `${message}${found} (offset ${offset})`, {
      hint: 'Fix the definition text; it must be valid MySQL DDL.',
      details: { offset },
    });
  }

  isWord(...words: string[]): boolean {
    const t = this.peek();
    return t !== null && t.kind === 'word' && words.includes(t.upper);
  }

  isPunct(p: string): boolean {
    const t = this.peek();
    return t !== null && t.kind === 'punct' && t.value === p;
  }

  acceptWord(...words: string[]): Token | null {
    return this.isWord(...words) ? this.next() : null;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.next();
    return true;
  }

  expectWord(...words: string[]): Token {
    const t = this.acceptWord(...words);
    if (!t) this.fail('unexpected-token', `Expected ${words.join(' or ')}`);
    return t;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail('unexpected-token', `Expected "${p}"`);
  }

  /** An identifier: backquoted, double-quoted (ANSI) or a bare word. */
  identifier(what = 'a name'): string {
    const t = this.peek();
    if (t && (t.kind === 'ident' || t.kind === 'word' || t.kind === 'string')) {
      this.next();
      return t.value;
    }
    return this.fail('expected-identifier', `Expected ${what}`);
  }

  /** `[db.]name`. */
  qualifiedName(what = 'a table name'): { database?: string; name: string } {
    const first = this.identifier(what);
    if (this.acceptPunct('.')) return { database: first, name: this.identifier(what) };
    return { name: first };
  }

  /** A non-negative integer. */
  integer(what = 'a number'): number {
    const t = this.peek();
    if (t?.kind !== 'number' || !/^\d+$/.test(t.value)) return this.fail('expected-number', `Expected ${what}`);
    this.next();
    return Number(t.value);
  }

  /** A quoted string's value. */
  string(what = 'a quoted string'): string {
    const t = this.peek();
    if (t?.kind !== 'string') return this.fail('expected-string', `Expected ${what}`);
    this.next();
    return t.value;
  }

  /**
   * Consumes `( … )` with balanced nesting and returns the source text between the
   * parentheses (trimmed) and its offsets.
   */
  parenthesized(): { text: string; start: number; end: number } {
    const open = this.peek();
    if (!open || open.kind !== 'punct' || open.value !== '(') return this.fail('unexpected-token', 'Expected "("');
    this.next();
    let depth = 1;
    for (;;) {
      const t = this.next();
      if (!t) return this.fail('unbalanced', 'Missing ")"', null);
      if (t.kind === 'punct' && t.value === '(') depth++;
      if (t.kind === 'punct' && t.value === ')' && --depth === 0) {
        return { text: this.text.slice(open.end, t.start).trim(), start: open.end, end: t.start };
      }
    }
  }

  /** Skips an optional `=` (table and index options allow it). */
  optionalEquals(): void {
    this.acceptPunct('=');
  }
}
