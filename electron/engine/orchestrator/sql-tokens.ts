/**
 * A small SQL tokenizer for classifying already-split statements: identifiers (bare or
 * backtick-quoted, unescaped), string literals (unescaped), numbers and punctuation.
 * Comments are skipped. It does not parse SQL; it gives the classifier reliable words.
 */

/** One token of a statement. */
export interface SqlToken {
  readonly kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  /** Unescaped text (identifier without backticks, string without quotes). */
  readonly text: string;
  /** Offset of the token in the statement text. */
  readonly offset: number;
}

/** Splits one statement into tokens; never throws (an unterminated quote ends at the end). */
export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-' && (i + 2 >= n || /\s/.test(sql[i + 2]!))) {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '#') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*' && sql[i + 2] !== '!') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '/' && sql[i + 1] === '*' && sql[i + 2] === '!') {
      // Executable comment: its content is SQL; skip the marker and optional version.
      i += 3;
      while (i < n && /[0-9]/.test(sql[i]!)) i++;
    } else if (c === '*' && sql[i + 1] === '/') {
      i += 2;
    } else if (c === '`') {
      const start = i;
      let text = '';
      i++;
      while (i < n) {
        if (sql[i] === '`') {
          if (sql[i + 1] === '`') {
            text += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += sql[i];
        i++;
      }
      tokens.push({ kind: 'quoted', text, offset: start });
    } else if (c === "'" || c === '"') {
      const start = i;
      let text = '';
      i++;
      while (i < n) {
        const d = sql[i]!;
        if (d === '\\' && i + 1 < n) {
          text += unescapeChar(sql[i + 1]!);
          i += 2;
          continue;
        }
        if (d === c) {
          if (sql[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += d;
        i++;
      }
      tokens.push({ kind: 'string', text, offset: start });
    } else if (/[A-Za-z_$@\u0080-\uffff]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_$@\u0080-\uffff]/.test(sql[i]!)) i++;
      tokens.push({ kind: 'word', text: sql.slice(start, i), offset: start });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[0-9.eE]/.test(sql[i]!)) i++;
      tokens.push({ kind: 'number', text: sql.slice(start, i), offset: start });
    } else {
      tokens.push({ kind: 'punct', text: c, offset: i });
      i++;
    }
  }
  return tokens;
}

function unescapeChar(c: string): string {
  switch (c) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case '0':
      return '\u0000';
    case 'Z':
      return '\u001a';
    default:
      return c;
  }
}

/** True when the token is the given keyword (case-insensitive, bare words only). */
export function isKeyword(token: SqlToken | undefined, ...keywords: string[]): boolean {
  return token?.kind === 'word' && keywords.includes(token.text.toUpperCase());
}

/** True when the token can name something (bare word or backtick-quoted). */
export function isName(token: SqlToken | undefined): token is SqlToken {
  return token?.kind === 'word' || token?.kind === 'quoted';
}

/**
 * Splits tokens at top-level commas (outside parentheses), e.g. the clauses of an
 * `ALTER TABLE` or the tables of a `DROP TABLE`.
 */
export function splitTopLevel(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === '(') depth++;
    if (token.kind === 'punct' && token.text === ')') depth--;
    if (token.kind === 'punct' && token.text === ',' && depth === 0) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1]!.push(token);
  }
  return parts.filter((part) => part.length > 0);
}
