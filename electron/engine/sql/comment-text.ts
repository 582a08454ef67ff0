/**
 * Text that goes into a generated SQL comment (`-- …` lines of migration, down and backup
 * files). Names come from definition files and the live schema, so they may hold a newline
 * (which ends a `--` comment and turns the rest of the name into a statement), other control
 * characters, or `*\/` (which ends a block comment). `commentText` makes such text inert:
 * every control or line-breaking character becomes a visible `\xNN`/`\uNNNN` escape and
 * `*\/` becomes `* /`, so the comment always ends where the generator ends it.
 */
export function commentText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    // C0 controls, DEL, C1 controls (NEL among them) and the Unicode line/paragraph separators.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return out.replaceAll('*/', '* /');
}

/** One `-- ` line comment holding `text` made inert (see `commentText`). */
export function lineComment(text: string): string {
  return `-- ${commentText(text)}`;
}
