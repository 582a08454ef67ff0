import { splitStatements } from '../sqlfile/statement-splitter';

/** One statement of a console script, with its place in the editor text. */
export interface ScriptStatement {
  readonly sql: string;
  /** Offset of the statement's first character in the script (for error marks). */
  readonly from: number;
  /** Offset just after the statement's last character (before its delimiter). */
  readonly to: number;
  /** 1-based line and column of `from`. */
  readonly line: number;
  readonly column: number;
}

/** Offsets of the start of every line (index 0 = line 1). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Splits a console script into statements with the project's one splitter (quotes,
 * comments, `DELIMITER` commands), keeping each statement's offsets in the text so the
 * editor can run the statement at the cursor and mark an error's position.
 */
export function splitScript(text: string): ScriptStatement[] {
  const starts = lineStarts(text);
  return splitStatements(text).map((s) => {
    const from = (starts[s.line - 1] ?? 0) + s.column - 1;
    return { sql: s.sql, from, to: from + s.sql.length, line: s.line, column: s.column };
  });
}

/**
 * The statement under the cursor: the one whose span holds `offset`, else the nearest one
 * before it (the cursor sits after a `;` or on a blank line below), else the first.
 */
export function statementAt(text: string, offset: number): ScriptStatement | undefined {
  const statements = splitScript(text);
  let best: ScriptStatement | undefined;
  for (const s of statements) {
    if (s.from <= offset) best = s;
    if (offset >= s.from && offset <= s.to) return s;
  }
  return best ?? statements[0];
}
