import { isPunct, tokenizeAll, type Token } from './tokenizer';

/**
 * Splits tokens at top-level commas (outside parentheses), e.g. the clauses of an
 * `ALTER TABLE` or the tables of a `DROP TABLE`. Empty parts are dropped.
 */
export function splitTokensTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')')) depth--;
    if (isPunct(token, ',') && depth === 0) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1]!.push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/**
 * Splits `text` at commas outside parentheses, quotes and comments (read with the shared
 * tokenizer, tolerant: never throws), returning every part untrimmed — empty ones too —
 * with its offset (`base` + offset in `text`). Parts keep their source text exactly, so
 * callers can map offsets back to lines.
 */
export function splitTextTopLevel(text: string, base = 0): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let from = 0;
  for (const token of tokenizeAll(text, { tolerant: true })) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (isPunct(token, ',') && depth === 0) {
      parts.push({ text: text.slice(from, token.start), offset: base + from });
      from = token.end;
    }
  }
  parts.push({ text: text.slice(from), offset: base + from });
  return parts;
}
