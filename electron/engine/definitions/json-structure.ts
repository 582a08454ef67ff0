/** A structural problem of a JSON text, with the offset it starts at (found by jsonOutline). */
export interface JsonStructureProblem {
  readonly message: string;
  readonly offset: number;
}

/** How deep a definition may nest (a real one nests 3 levels). */
export const MAX_DEFINITION_DEPTH = 32;

/** The first line whose indentation nests deeper than `MAX_DEFINITION_DEPTH` levels (TOON), or undefined. */
export function toonTooDeep(text: string, indentSize: number): number | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const indent = /^[ \t]*/.exec(lines[i]!)![0].length;
    if (indent / Math.max(indentSize, 1) > MAX_DEFINITION_DEPTH) return i + 1;
  }
  return undefined;
}
