import { readServerOptionLists, type NamedOption, unknownOptions } from '../sql/table-options';
import { isKeyword, isPunct, tokenizeAll, type Token } from '../sql/tokenizer';
import type { Queryable } from './live-names';
import type { ExecutionStep } from './steps';

/** Statements inside string literals that the server may run (guards, PREPARE, EXECUTE IMMEDIATE). */
const DYNAMIC = /^\s*(ALTER|CREATE)\s/i;

function optionsIn(tokens: readonly Token[], line: number, out: NamedOption[]): void {
  const where = `line ${line}`;
  const valueAt = (i: number): Token | undefined => {
    const at = isPunct(tokens[i], '=') ? i + 1 : i;
    const token = tokens[at];
    return token && (token.kind === 'word' || token.kind === 'string' || token.kind === 'ident') ? token : undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'string' && DYNAMIC.test(token.value)) {
      optionsIn(tokenizeAll(token.value, { tolerant: true }), line, out);
      continue;
    }
    if (isKeyword(token, 'ENGINE')) {
      const value = valueAt(i + 1);
      if (value) out.push({ kind: 'engine', value: value.value, where });
    } else if (isKeyword(token, 'CHARSET') || (isKeyword(token, 'CHARACTER') && isKeyword(tokens[i + 1], 'SET'))) {
      const value = valueAt(isKeyword(token, 'CHARSET') ? i + 1 : i + 2);
      if (value && !isKeyword(value, 'DEFAULT')) out.push({ kind: 'character set', value: value.value, where });
    } else if (isKeyword(token, 'COLLATE')) {
      const value = valueAt(i + 1);
      if (value && !isKeyword(value, 'DEFAULT')) out.push({ kind: 'collation', value: value.value, where });
    }
  }
}

/**
 * The engines, character sets and collations a file's statements name (in guards and
 * dynamic SQL too) that this server does not have, as messages with the line — checked
 * against the server's own `information_schema` lists before anything runs. A typo or an
 * injected word is then a refusal at validation, not a half-applied file (or, with a lax
 * sql_mode, a silently substituted engine).
 */
export async function unknownServerOptions(db: Queryable, steps: readonly ExecutionStep[]): Promise<string[]> {
  const named: NamedOption[] = [];
  for (const step of steps) {
    for (const statement of step.statements) {
      optionsIn(tokenizeAll(statement.sql, { tolerant: true }), statement.line, named);
    }
  }
  if (named.length === 0) return [];
  return unknownOptions(named, await readServerOptionLists(db));
}
