/** Source span of a value inside a JSON text (offsets; `end` exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Records where each value of a (valid) JSON text sits, keyed by path (`fields/3`,
 * `primary_key/column_name`), down to `maxDepth`. Run after JSON.parse succeeded; it lets
 * findings point at the line of a field and the writer reuse untouched text byte for byte.
 */
export function jsonSpans(text: string, maxDepth = 2): Map<string, Span> {
  const spans = new Map<string, Span>();
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, depth: number): void => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (text[i] !== '}' && i < text.length) {
        ws();
        const key = str();
        ws();
        i++; // ':'
        value(path === '' ? key : `${path}/${key}`, depth + 1);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let n = 0;
      while (text[i] !== ']' && i < text.length) {
        value(`${path}/${n++}`, depth + 1);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
    if (depth <= maxDepth && path !== '') spans.set(path, { start, end: i });
  };
  value('', 0);
  return spans;
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
