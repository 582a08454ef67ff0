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
  const spans = new Map<string, Span>();
  const length = text.length;
  let i = 0;
  let problem: JsonStructureProblem | undefined;
  const ws = (): void => {
    while (i < length && isSpace(text.charCodeAt(i))) i++;
  };
  /** Skips a string starting at `i` (a quote) and returns its value. */
  const str = (): string => {
    const start = i;
    // Jump from quote to quote (native indexOf); a quote after an odd run of backslashes is escaped.
    let end = text.indexOf('"', start + 1);
    for (;;) {
      if (end === -1) {
        end = length;
        break;
      }
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    i = end + 1;
    const raw = text.slice(start + 1, end);
    return raw.includes('\\') ? (JSON.parse(text.slice(start, i)) as string) : raw;
  };
  /** Scans one value; false once a problem is found (the scan stops there). */
  const value = (path: string, depth: number): boolean => {
    ws();
    const start = i;
    const code = text.charCodeAt(i);
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (depth + 1 > MAX_DEFINITION_DEPTH) {
        problem = { message: `Nested more than ${MAX_DEFINITION_DEPTH} levels deep`, offset: i };
        return false;
      }
      const object = code === OPEN_OBJECT;
      const close = object ? CLOSE_OBJECT : CLOSE_ARRAY;
      const keys = object ? new Set<string>() : undefined;
      const named = depth < maxDepth; // children deeper than maxDepth get no path
      i++;
      ws();
      let n = 0;
      while (i < length && text.charCodeAt(i) !== close) {
        let childPath = '';
        if (keys) {
          const keyStart = i;
          const key = str();
          if (keys.has(key)) {
            problem = { message: `Duplicate key ${JSON.stringify(key)} in one object`, offset: keyStart };
            return false;
          }
          keys.add(key);
          ws();
          i++; // ':'
          if (named) childPath = path === '' ? key : `${path}/${key}`;
        } else if (named) childPath = `${path}/${n}`;
        n++;
        if (!value(childPath, depth + 1)) return false;
        ws();
        if (text.charCodeAt(i) === COMMA) i++;
        ws();
      }
      i++;
    } else if (code === QUOTE) {
      str();
    } else {
      for (let c = code; i < length && !isSpace(c) && c !== COMMA && c !== CLOSE_ARRAY && c !== CLOSE_OBJECT;)
        c = text.charCodeAt(++i);
    }
    if (depth <= maxDepth && path !== '') spans.set(path, { start, end: i });
    return true;
  };
  value('', 0);
  return problem ? { spans, problem } : { spans };
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
 * A line/column finder for many offsets of one text: the line starts are indexed once, each
 * lookup is a binary search (a definition locates every field; scanning from the top each
 * time made that quadratic in the file's length).
 */
export function lineColumnFinder(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const end = Math.min(offset, text.length);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= end) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: end - starts[low]! + 1 };
  };
}
