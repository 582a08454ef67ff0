import { MAX_DEFINITION_DEPTH, type JsonStructureProblem } from './json-structure';

/** Source span of a value inside a JSON text (offsets; `end` exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** What one scan of a (valid) JSON text found: its spans, or the structural problem that stopped it. */
export interface JsonOutline {
  readonly spans: Map<string, Span>;
  readonly problem?: JsonStructureProblem;
}

// Character codes the scanner compares against (one charCodeAt per character, no regex:
// this runs over every definition file, 10,000 of them in a large workspace).
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/** How many keys of one object are compared one by one before they go into a Set. */
const SHORT_KEY_LIST = 16;

/** True for the whitespace JSON allows between tokens. */
function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * One pass over a JSON text that `JSON.parse` accepted: records where each value sits,
 * keyed by path (`fields/3`, `primary_key/column_name`), down to `maxDepth`, and stops at
 * the first thing a definition must not have although JSON allows it — a key repeated in
 * one object (JSON.parse keeps the last one) or nesting deeper than MAX_DEFINITION_DEPTH.
 */
export function jsonOutline(text: string, maxDepth = 2): JsonOutline {
  const scanner = new OutlineScanner(text, maxDepth);
  scanner.value('', 0);
  return scanner.problem ? { spans: scanner.spans, problem: scanner.problem } : { spans: scanner.spans };
}

/**
 * The scan of {@link jsonOutline}: the offset is a field of one object, not a variable
 * shared by several closures (which V8 keeps in a heap context, one per scanned file).
 */
class OutlineScanner {
  readonly spans = new Map<string, Span>();
  problem: JsonStructureProblem | undefined;
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  private ws(): void {
    const text = this.text;
    let i = this.i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    this.i = i;
  }

  /** Skips a string starting at the offset (a quote); returns the offset of its closing quote. */
  private skipString(): number {
    const text = this.text;
    // Jump from quote to quote (native indexOf); a quote after an odd run of backslashes is escaped.
    let end = text.indexOf('"', this.i + 1);
    for (;;) {
      if (end === -1) {
        end = text.length;
        break;
      }
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    this.i = end + 1;
    return end;
  }

  /** Skips a key (a string) and returns its value; string values are skipped, never copied. */
  private key(): string {
    const start = this.i;
    const end = this.skipString();
    const raw = this.text.slice(start + 1, end);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, this.i)) as string) : raw;
  }

  /** Scans one value; false once a problem is found (the scan stops there). */
  value(path: string, depth: number): boolean {
    const text = this.text;
    this.ws();
    const start = this.i;
    const code = text.charCodeAt(start);
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (depth + 1 > MAX_DEFINITION_DEPTH) {
        this.problem = { message: `Nested more than ${MAX_DEFINITION_DEPTH} levels deep`, offset: start };
        return false;
      }
      const object = code === OPEN_OBJECT;
      const close = object ? CLOSE_OBJECT : CLOSE_ARRAY;
      // An object's keys so far: a short list (a definition's objects have a few keys; a Set
      // per object was about a sixth of what this scan allocated), a Set once it grows.
      let keys: string[] | Set<string> | undefined = object ? [] : undefined;
      const named = depth < this.maxDepth; // children deeper than maxDepth get no path
      this.i++;
      this.ws();
      let n = 0;
      while (this.i < text.length && text.charCodeAt(this.i) !== close) {
        let childPath = '';
        if (keys) {
          const keyStart = this.i;
          const key = this.key();
          if (Array.isArray(keys) ? keys.includes(key) : keys.has(key)) {
            this.problem = { message: `Duplicate key ${JSON.stringify(key)} in one object`, offset: keyStart };
            return false;
          }
          if (!Array.isArray(keys)) keys.add(key);
          else if (keys.push(key) > SHORT_KEY_LIST) keys = new Set(keys);
          this.ws();
          this.i++; // ':'
          if (named) childPath = path === '' ? key : `${path}/${key}`;
        } else if (named) childPath = `${path}/${n}`;
        n++;
        if (!this.value(childPath, depth + 1)) return false;
        this.ws();
        if (text.charCodeAt(this.i) === COMMA) this.i++;
        this.ws();
      }
      this.i++;
    } else if (code === QUOTE) {
      this.skipString();
    } else {
      let i = start;
      for (let c = code; i < text.length && !isSpace(c) && c !== COMMA && c !== CLOSE_ARRAY && c !== CLOSE_OBJECT;)
        c = text.charCodeAt(++i);
      this.i = i;
    }
    if (depth <= this.maxDepth && path !== '') this.spans.set(path, { start, end: this.i });
    return true;
  }
}

/**
 * Records where each value of a (valid) JSON text sits, keyed by path (`fields/3`,
 * `primary_key/column_name`), down to `maxDepth`. Run after JSON.parse succeeded; it lets
 * findings point at the line of a field and the writer reuse untouched text byte for byte.
 */
export function jsonSpans(text: string, maxDepth = 2): Map<string, Span> {
  return jsonOutline(text, maxDepth).spans;
}

/** 1-based line and column of an offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * A line/column finder for many offsets of one text. Lookups mostly come in text order (a
 * definition locates each field in turn), so it keeps a cursor at the start of a line and
 * moves it newline by newline (native indexOf/lastIndexOf), forward or back, to the line of
 * each offset: no index of line starts is built per file, and no lookup rescans from the top.
 */
export function lineColumnFinder(text: string): (offset: number) => { line: number; column: number } {
  let line = 1;
  let lineStart = 0; // 0, or just after a newline; `line` counts the newlines before it, plus one
  return (offset) => {
    const end = Math.min(offset, text.length);
    while (lineStart > 0 && lineStart - 1 >= end) {
      line--;
      lineStart = lineStart >= 2 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
    }
    for (let nl = text.indexOf('\n', lineStart); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    return { line, column: end - lineStart + 1 };
  };
}
