import { decode, type JsonObject } from '@toon-format/toon';
import { LupoError } from '../../../shared/errors';
import { jsonErrorOffset } from './json-error-offset';
import { jsonOutline, lineColumnAt, lineColumnFinder } from './json-spans';
import { MAX_DEFINITION_DEPTH, toonTooDeep } from './json-structure';

/** How a definition file is encoded: the generator's legacy JSON, or TOON proper. */
export type DefinitionEncoding = 'json' | 'toon';

/** Formatting facts the writer reproduces. */
export interface DocumentStyle {
  /** One indentation level (`'    '`, `'  '`, `'\t'`). */
  readonly indent: string;
  readonly eol: '\n' | '\r\n';
  readonly trailingNewline: boolean;
}

/** A decoded definition file: the raw object (unknown keys and `data` rows kept) plus how it was written. */
export interface DefinitionDocument {
  readonly encoding: DefinitionEncoding;
  readonly raw: JsonObject;
  readonly text: string;
  readonly style: DocumentStyle;
  /** Finds the 1-based line/column of a path (`fields/2`, `indexes/0`, `table_name`). */
  readonly locate: (path: string) => { line: number; column: number };
}

function detectStyle(text: string): DocumentStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  return { indent: m ? m[1]! : '  ', eol, trailingNewline: text.endsWith('\n') };
}

/** Line of a TOON key: best effort by scanning for `key:` / `key[`, or for a value's text. */
function toonLocator(text: string): (path: string) => { line: number; column: number } {
  const lines = text.split(/\r?\n/);
  const find = (pattern: RegExp, from = 0): number => {
    for (let i = from; i < lines.length; i++) if (pattern.test(lines[i]!)) return i;
    return -1;
  };
  return (path) => {
    const [key, index] = path.split('/');
    const esc = (key ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const keyLine = find(new RegExp(`^\\s*"?${esc}"?\\s*[:[]`));
    if (keyLine < 0) return { line: 1, column: 1 };
    if (index === undefined) return { line: keyLine + 1, column: lines[keyLine]!.search(/\S/) + 1 };
    // list items `- …` after the key line, else the inline array on the key line
    let seen = -1;
    for (let i = keyLine + 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (!/^\s/.test(l)) break;
      if (/^\s*- /.test(l) && ++seen === Number(index)) return { line: i + 1, column: l.indexOf('-') + 1 };
    }
    return { line: keyLine + 1, column: 1 };
  };
}

/**
 * Decodes one definition file. JSON when the text starts with `{`, TOON otherwise
 * (decoded with @toon-format/toon). Throws LupoError `definition/invalid-json` or
 * `definition/invalid-toon` with details.line/column when the text is malformed.
 */
export function parseDefinitionDocument(text: string): DefinitionDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const style = detectStyle(body);
  if (body.trimStart().startsWith('{')) {
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch (error) {
      const m = /position (\d+)/.exec((error as Error).message);
      const at = lineColumnAt(body, m ? Number(m[1]) : (jsonErrorOffset(body) ?? body.length));
      throw new LupoError(
        'definition/invalid-json',
        `Invalid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}`,
        {
          hint: 'Fix the JSON syntax at this position (a missing comma, quote or bracket).',
          details: { line: at.line, column: at.column },
        },
      );
    }
    // One scan finds both what JSON.parse let through (repeated keys, deep nesting) and where each field sits.
    const { spans, problem } = jsonOutline(body);
    if (problem) {
      const at = lineColumnAt(body, problem.offset);
      throw new LupoError('definition/invalid-json', `Invalid definition: ${problem.message}`, {
        hint: 'Remove the repeated key (JSON would silently keep the last one) or the needless nesting.',
        details: { line: at.line, column: at.column },
      });
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new LupoError(
        'definition/not-an-object',
        'A definition must be a JSON object with "table_name" and "fields"',
        {
          hint: 'Wrap the definition in { … }.',
          details: { line: 1, column: 1 },
        },
      );
    }
    let lineColumn: ((offset: number) => { line: number; column: number }) | undefined;
    const locate = (path: string): { line: number; column: number } => {
      const span = spans.get(path);
      if (!span) return { line: 1, column: 1 };
      lineColumn ??= lineColumnFinder(body);
      return lineColumn(span.start);
    };
    return { encoding: 'json', raw: raw as JsonObject, text, style, locate };
  }
  const indentSize = style.indent === '\t' ? 2 : style.indent.length;
  const deep = toonTooDeep(body, indentSize);
  if (deep !== undefined) {
    throw new LupoError(
      'definition/invalid-toon',
      `Invalid TOON: nested more than ${MAX_DEFINITION_DEPTH} levels deep`,
      {
        hint: 'Remove the needless nesting (a definition nests three levels).',
        details: { line: deep, column: 1 },
      },
    );
  }
  let raw: unknown;
  try {
    raw = decode(body, { indentSize });
  } catch (error) {
    const line = (error as { line?: number }).line ?? Number(/^Line (\d+)/.exec((error as Error).message)?.[1] ?? 1);
    throw new LupoError(
      'definition/invalid-toon',
      `Invalid TOON: ${(error as Error).message.replace(/^Line \d+: /, '')}`,
      {
        hint: 'Fix the TOON syntax on this line (indentation, array length [N], quoting).',
        details: { line, column: 1 },
      },
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new LupoError('definition/not-an-object', 'A TOON definition must be an object with table_name and fields', {
      hint: 'Start the file with `table_name: <name>`.',
      details: { line: 1, column: 1 },
    });
  }
  return { encoding: 'toon', raw: raw as JsonObject, text, style, locate: toonLocator(body) };
}
