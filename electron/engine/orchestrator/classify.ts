import { splitTokensTopLevel } from '../sql/split-top-level';
import { isKeyword, isName, isPunct, tokenizeAll, type Token } from '../sql/tokenizer';

/** What a statement does, as the apply plan shows it (DESIGN §4 step 1). */
export type StatementKind = 'create' | 'add-column' | 'add-index' | 'drop' | 'modify' | 'data' | 'other';

/**
 * A checkable effect of a statement on the live schema. Resume and verification look these
 * up in the live schema to tell whether a statement took effect; `database` is absent when
 * the statement's names are unqualified (= the target database).
 */
export type StatementEffect =
  | { readonly kind: 'table-exists' | 'table-absent'; readonly database?: string; readonly table: string }
  | {
      readonly kind: 'column-exists' | 'column-absent';
      readonly database?: string;
      readonly table: string;
      readonly column: string;
    }
  | {
      readonly kind: 'index-exists' | 'index-absent';
      readonly database?: string;
      readonly table: string;
      readonly index: string;
    };

/** The classification of one statement. */
export interface StatementClass {
  readonly kind: StatementKind;
  /** Drops a table/column/index, deletes rows or truncates. */
  readonly destructive: boolean;
  /** Takes a table lock or rebuilds a table (ALTER, CREATE INDEX, …). */
  readonly locking: boolean;
  /** Effects that can be checked on the live schema (empty = cannot be detected). */
  readonly effects: readonly StatementEffect[];
  /** Running it twice gives the same schema (IF [NOT] EXISTS, guarded, read-only…). */
  readonly idempotent: boolean;
  /** The statement depends on session state set by an earlier statement (PREPARE/EXECUTE). */
  readonly sessionDependent: boolean;
  /** For `SET @v = …` guards: the user variable set (a guard group starts here). */
  readonly setsVariable?: string;
  /** Short human summary: "create table `x`", "add column `t`.`c`". */
  readonly summary: string;
}

interface QualifiedName {
  readonly database?: string;
  readonly name: string;
  readonly next: number;
}

function readQualified(tokens: readonly Token[], at: number): QualifiedName | undefined {
  const first = tokens[at];
  if (!isName(first)) return undefined;
  const dot = tokens[at + 1];
  const second = tokens[at + 2];
  if (isPunct(dot, '.') && isName(second)) {
    return { database: first.value, name: second.value, next: at + 3 };
  }
  return { name: first.value, next: at + 1 };
}

function skipKeywords(tokens: readonly Token[], at: number, ...sequence: string[][]): number {
  let i = at;
  for (const options of sequence) if (isKeyword(tokens[i], ...options)) i++;
  return i;
}

/** Skips `IF EXISTS` / `IF NOT EXISTS`, returning the index after it and whether it was there. */
function skipIfExists(tokens: readonly Token[], at: number): { next: number; guarded: boolean } {
  if (!isKeyword(tokens[at], 'IF')) return { next: at, guarded: false };
  let i = at + 1;
  if (isKeyword(tokens[i], 'NOT')) i++;
  if (isKeyword(tokens[i], 'EXISTS')) i++;
  return { next: i, guarded: true };
}

const where = (database: string | undefined): { database?: string } => (database === undefined ? {} : { database });

function base(kind: StatementKind, summary: string, extra: Partial<StatementClass> = {}): StatementClass {
  return {
    kind,
    destructive: false,
    locking: false,
    effects: [],
    idempotent: false,
    sessionDependent: false,
    summary,
    ...extra,
  };
}

function classifyCreate(tokens: readonly Token[]): StatementClass {
  let i = 1;
  i = skipKeywords(tokens, i, ['OR'], ['REPLACE']);
  i = skipKeywords(tokens, i, ['TEMPORARY']);
  if (isKeyword(tokens[i], 'TABLE')) {
    const guard = skipIfExists(tokens, i + 1);
    const name = readQualified(tokens, guard.next);
    if (!name) return base('other', 'create table (unreadable name)');
    return base('create', `create table \`${name.name}\``, {
      effects: [{ kind: 'table-exists', ...where(name.database), table: name.name }],
      idempotent: guard.guarded,
    });
  }
  const j = skipKeywords(tokens, i, ['UNIQUE', 'FULLTEXT', 'SPATIAL']);
  if (isKeyword(tokens[j], 'INDEX', 'KEY')) {
    const guard = skipIfExists(tokens, j + 1);
    const index = tokens[guard.next];
    const on = guard.next + 1;
    if (isName(index) && isKeyword(tokens[on], 'ON')) {
      const table = readQualified(tokens, on + 1);
      if (table) {
        return base('add-index', `add index \`${index.value}\` on \`${table.name}\``, {
          locking: true,
          effects: [{ kind: 'index-exists', ...where(table.database), table: table.name, index: index.value }],
          idempotent: guard.guarded,
        });
      }
    }
  }
  if (isKeyword(tokens[i], 'DATABASE', 'SCHEMA')) {
    return base('create', 'create database', { idempotent: skipIfExists(tokens, i + 1).guarded });
  }
  return base('other', `create ${tokens[i]?.value.toLowerCase() ?? ''}`.trim());
}

function classifyDrop(tokens: readonly Token[]): StatementClass {
  const i = skipKeywords(tokens, 1, ['TEMPORARY']);
  if (isKeyword(tokens[i], 'TABLE', 'TABLES')) {
    const guard = skipIfExists(tokens, i + 1);
    const effects: StatementEffect[] = [];
    for (const part of splitTokensTopLevel(tokens.slice(guard.next))) {
      const name = readQualified(part, 0);
      if (name) effects.push({ kind: 'table-absent', ...where(name.database), table: name.name });
    }
    return base('drop', `drop table ${effects.map((e) => `\`${e.table}\``).join(', ')}`, {
      destructive: true,
      effects,
      idempotent: guard.guarded,
    });
  }
  if (isKeyword(tokens[i], 'INDEX', 'KEY')) {
    const guard = skipIfExists(tokens, i + 1);
    const index = tokens[guard.next];
    if (isName(index) && isKeyword(tokens[guard.next + 1], 'ON')) {
      const table = readQualified(tokens, guard.next + 2);
      if (table) {
        return base('drop', `drop index \`${index.value}\` on \`${table.name}\``, {
          destructive: true,
          locking: true,
          effects: [{ kind: 'index-absent', ...where(table.database), table: table.name, index: index.value }],
          idempotent: guard.guarded,
        });
      }
    }
  }
  return base('drop', `drop ${tokens[1]?.value.toLowerCase() ?? ''}`, { destructive: true });
}

interface AlterClause {
  readonly kind: StatementKind;
  readonly destructive: boolean;
  readonly effect?: StatementEffect;
  readonly guarded: boolean;
  readonly summary: string;
}

function classifyAlterClause(part: readonly Token[], table: QualifiedName): AlterClause {
  const at = where(table.database);
  const t = table.name;
  if (isKeyword(part[0], 'ADD')) {
    let i = 1;
    if (isKeyword(part[i], 'CONSTRAINT')) {
      i++;
      if (isName(part[i]) && !isKeyword(part[i], 'UNIQUE', 'PRIMARY', 'FOREIGN', 'CHECK')) i++;
    }
    if (isKeyword(part[i], 'PRIMARY'))
      return { kind: 'add-index', destructive: false, guarded: false, summary: `add primary key on \`${t}\`` };
    if (isKeyword(part[i], 'FOREIGN', 'CHECK'))
      return { kind: 'other', destructive: false, guarded: false, summary: `add constraint on \`${t}\`` };
    const j = skipKeywords(part, i, ['UNIQUE', 'FULLTEXT', 'SPATIAL']);
    if (isKeyword(part[j], 'INDEX', 'KEY') || j > i) {
      const k = isKeyword(part[j], 'INDEX', 'KEY') ? j + 1 : j;
      const guard = skipIfExists(part, k);
      const name = part[guard.next];
      if (isName(name)) {
        return {
          kind: 'add-index',
          destructive: false,
          guarded: guard.guarded,
          effect: { kind: 'index-exists', ...at, table: t, index: name.value },
          summary: `add index \`${t}\`.\`${name.value}\``,
        };
      }
      return { kind: 'add-index', destructive: false, guarded: false, summary: `add unnamed index on \`${t}\`` };
    }
    const k = skipKeywords(part, i, ['COLUMN']);
    const guard = skipIfExists(part, k);
    const name = part[guard.next];
    if (isName(name)) {
      return {
        kind: 'add-column',
        destructive: false,
        guarded: guard.guarded,
        effect: { kind: 'column-exists', ...at, table: t, column: name.value },
        summary: `add column \`${t}\`.\`${name.value}\``,
      };
    }
    return { kind: 'add-column', destructive: false, guarded: false, summary: `add columns to \`${t}\`` };
  }
  if (isKeyword(part[0], 'DROP')) {
    if (isKeyword(part[1], 'PRIMARY', 'FOREIGN', 'CONSTRAINT', 'CHECK')) {
      return {
        kind: 'drop',
        destructive: true,
        guarded: false,
        summary: `drop ${part[1]!.value.toLowerCase()} on \`${t}\``,
      };
    }
    if (isKeyword(part[1], 'INDEX', 'KEY')) {
      const guard = skipIfExists(part, 2);
      const name = part[guard.next];
      return {
        kind: 'drop',
        destructive: true,
        guarded: guard.guarded,
        ...(isName(name) ? { effect: { kind: 'index-absent' as const, ...at, table: t, index: name.value } } : {}),
        summary: `drop index \`${t}\`.\`${name?.value ?? '?'}\``,
      };
    }
    const guard = skipIfExists(part, skipKeywords(part, 1, ['COLUMN']));
    const name = part[guard.next];
    return {
      kind: 'drop',
      destructive: true,
      guarded: guard.guarded,
      ...(isName(name) ? { effect: { kind: 'column-absent' as const, ...at, table: t, column: name.value } } : {}),
      summary: `drop column \`${t}\`.\`${name?.value ?? '?'}\``,
    };
  }
  if (isKeyword(part[0], 'CONVERT')) {
    // Re-encodes every text column in place: characters the new charset lacks are lost.
    return { kind: 'modify', destructive: true, guarded: false, summary: `convert character set of \`${t}\`` };
  }
  if (isKeyword(part[0], 'MODIFY', 'CHANGE', 'ALTER', 'RENAME')) {
    return {
      kind: 'modify',
      destructive: false,
      guarded: false,
      summary: `${part[0]!.value.toLowerCase()} on \`${t}\``,
    };
  }
  return { kind: 'modify', destructive: false, guarded: false, summary: `alter table \`${t}\` options` };
}

function classifyAlter(tokens: readonly Token[]): StatementClass {
  let i = skipKeywords(tokens, 1, ['ONLINE', 'OFFLINE'], ['IGNORE']);
  if (!isKeyword(tokens[i], 'TABLE')) return base('other', `alter ${tokens[i]?.value.toLowerCase() ?? ''}`.trim());
  i = skipIfExists(tokens, i + 1).next;
  const table = readQualified(tokens, i);
  if (!table) return base('modify', 'alter table (unreadable name)', { locking: true });
  const clauses = splitTokensTopLevel(tokens.slice(table.next)).map((part) => classifyAlterClause(part, table));
  const kinds = new Set(clauses.map((c) => c.kind));
  const kind: StatementKind = kinds.size === 1 ? clauses[0]!.kind : kinds.has('drop') ? 'drop' : 'modify';
  const effects = clauses.flatMap((c) => (c.effect ? [c.effect] : []));
  return base(kind, clauses.map((c) => c.summary).join(', ') || `alter table \`${table.name}\``, {
    destructive: clauses.some((c) => c.destructive),
    locking: true,
    effects,
    idempotent: clauses.length > 0 && clauses.every((c) => c.guarded),
  });
}

/** Finds the SQL inside a guard's string literal: `SET @v = IF(cond, 'ALTER …', 'DO 0')`. */
function guardedInner(tokens: readonly Token[]): string | undefined {
  return tokens.find((t) => t.kind === 'string' && /^\s*(ALTER|CREATE|DROP)\s/i.test(t.value))?.value;
}

/**
 * Classifies one statement (already split, without its delimiter). Pure and tolerant:
 * anything it does not recognise is `other` with no detectable effect, never an error.
 */
export function classifyStatement(sql: string): StatementClass {
  const tokens = tokenizeAll(sql, { tolerant: true });
  const head = tokens[0];
  if (!head) return base('other', 'empty statement', { idempotent: true });
  switch (head.value.toUpperCase()) {
    case 'CREATE':
      return classifyCreate(tokens);
    case 'DROP':
      return classifyDrop(tokens);
    case 'ALTER':
      return classifyAlter(tokens);
    case 'RENAME':
      return base('modify', 'rename table', { locking: true });
    case 'TRUNCATE':
      return base('data', 'truncate table', { destructive: true, locking: true });
    case 'DELETE':
      return base('data', 'delete rows', { destructive: true });
    case 'INSERT':
    case 'REPLACE':
    case 'UPDATE':
    case 'LOAD':
      return base('data', `${head.value.toLowerCase()} rows`);
    case 'SET': {
      const variable = tokens[1]?.kind === 'variable' ? tokens[1].value : undefined;
      const inner = guardedInner(tokens);
      if (variable && inner) {
        const innerClass = classifyStatement(inner);
        return { ...innerClass, idempotent: true, setsVariable: variable, summary: `guarded: ${innerClass.summary}` };
      }
      return base('other', 'set variable', { idempotent: true, ...(variable ? { setsVariable: variable } : {}) });
    }
    case 'PREPARE':
    case 'EXECUTE':
    case 'DEALLOCATE':
      return base('other', head.value.toLowerCase(), { idempotent: true, sessionDependent: true });
    case 'SELECT':
    case 'SHOW':
    case 'DO':
    case 'USE':
      return base('other', head.value.toLowerCase(), { idempotent: true });
    default:
      return base('other', head.value.toLowerCase());
  }
}
