/** A structural problem of a JSON text, with the offset it starts at. */
export interface JsonStructureProblem {
  readonly message: string;
  readonly offset: number;
}

/** How deep a definition may nest (a real one nests 3 levels). */
export const MAX_DEFINITION_DEPTH = 32;

/**
 * Finds what `JSON.parse` accepts silently but a definition must not have: nesting deeper
 * than `MAX_DEFINITION_DEPTH` (which would exhaust the stack of whatever walks it) and a
 * key repeated in one object (JSON.parse keeps the last one; TOON rejects it, and so do we).
 * Iterative, one pass; run on text that JSON.parse accepted.
 */
export function jsonStructureProblem(text: string): JsonStructureProblem | undefined {
  // Per open container: its key set (objects) or null (arrays).
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.has(key)) return { message: `Duplicate key ${JSON.stringify(key)} in one object`, offset: start };
        top.add(key);
      }
      expectKey = false;
    } else if (c === '{' || c === '[') {
      stack.push(c === '{' ? new Set() : null);
      if (stack.length > MAX_DEFINITION_DEPTH) {
        return { message: `Nested more than ${MAX_DEFINITION_DEPTH} levels deep`, offset: i };
      }
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return undefined;
}

/** The first line whose indentation nests deeper than `MAX_DEFINITION_DEPTH` levels (TOON), or undefined. */
export function toonTooDeep(text: string, indentSize: number): number | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const indent = /^[ \t]*/.exec(lines[i]!)![0].length;
    if (indent / Math.max(indentSize, 1) > MAX_DEFINITION_DEPTH) return i + 1;
  }
  return undefined;
}
