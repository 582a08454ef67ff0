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
  /**
   * The server would run SQL the classifier cannot read (EXECUTE IMMEDIATE of an expression,
   * PREPARE from a variable it did not see set to a literal, CALL, an anonymous block, an
   * event): it "cannot verify" the statement, which therefore counts as destructive.
   */
  readonly unverifiable?: true;
  /** `PREPARE s FROM @v`: the variable it reads (steps.ts checks the group set it to a literal). */
  readonly preparesFrom?: string;
  /** MODIFY/CHANGE clauses: columns whose type the statement replaces (narrowing is checked live). */
  readonly columnChanges?: readonly ColumnChange[];
}

/** A column a MODIFY/CHANGE replaces, and the definition it gets (text after the name). */
export interface ColumnChange {
  readonly database?: string;
  readonly table: string;
  readonly column: string;
  readonly definition: string;
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

/** Skips `DEFINER = user` (and `SQL SECURITY …`) after CREATE [OR REPLACE]. */
function skipDefiner(tokens: readonly Token[], at: number): number {
  let i = at;
  if (isKeyword(tokens[i], 'DEFINER')) {
    i++;
    if (isPunct(tokens[i], '=')) i++;
    while (tokens[i] && !isKeyword(tokens[i], 'EVENT', 'TRIGGER', 'PROCEDURE', 'FUNCTION', 'VIEW', 'SQL')) i++;
  }
  return i;
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

/** A statement whose SQL the classifier cannot read: destructive until the operator says otherwise. */
function unverifiable(summary: string): StatementClass {
  return base('other', `cannot verify: ${summary}`, { destructive: true, unverifiable: true });
}

function classifyCreate(tokens: readonly Token[]): StatementClass {
  let i = 1;
  const orReplace = isKeyword(tokens[i], 'OR') && isKeyword(tokens[i + 1], 'REPLACE');
  i = skipKeywords(tokens, i, ['OR'], ['REPLACE']);
  i = skipKeywords(tokens, i, ['TEMPORARY']);
  if (isKeyword(tokens[i], 'TABLE')) {
    const guard = skipIfExists(tokens, i + 1);
    const name = readQualified(tokens, guard.next);
    if (!name) return base('other', 'create table (unreadable name)', { destructive: orReplace });
    // CREATE OR REPLACE TABLE drops the existing table and its rows first.
    return base('create', `${orReplace ? 'replace' : 'create'} table \`${name.name}\``, {
      effects: [{ kind: 'table-exists', ...where(name.database), table: name.name }],
      idempotent: guard.guarded,
      destructive: orReplace,
    });
  }
  // An event runs its body on its own schedule (possibly right away): its SQL is not this statement's.
  const definer = skipDefiner(tokens, i);
  if (isKeyword(tokens[definer], 'EVENT')) return unverifiable('create event (its body runs on a schedule)');
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

/** Engines that keep a table's rows when a table is converted to them. */
const KEEPING_ENGINES: ReadonlySet<string> = new Set(['INNODB', 'MYISAM', 'ARIA', 'ROCKSDB', 'MRG_MYISAM']);

/** The source text of a clause from `first` to its last token (the statement's own spelling). */
function sourceText(part: readonly Token[], first: Token): string {
  const last = part[part.length - 1]!;
  return SOURCE.get(part)?.slice(first.start, last.end) ?? '';
}
/** The statement text each clause's tokens come from (set while classifying an ALTER). */
const SOURCE = new WeakMap<readonly Token[], string>();

interface AlterClause {
  readonly kind: StatementKind;
  readonly destructive: boolean;
  readonly columnChange?: ColumnChange;
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
  if (isKeyword(part[0], 'DISCARD', 'TRUNCATE', 'REMOVE', 'EXCHANGE', 'REORGANIZE', 'COALESCE', 'REBUILD')) {
    // DISCARD TABLESPACE deletes the data file; partition operations drop or move rows.
    const what = part
      .map((t) => t.value.toLowerCase())
      .slice(0, 2)
      .join(' ');
    return { kind: 'drop', destructive: true, guarded: false, summary: `${what} on \`${t}\`` };
  }
  if (isKeyword(part[0], 'ENGINE')) {
    const engine = part.find((token, i) => i > 0 && !isPunct(token, '='));
    const keeps = engine !== undefined && KEEPING_ENGINES.has(engine.value.toUpperCase());
    return {
      kind: 'modify',
      destructive: !keeps,
      guarded: false,
      summary: `engine of \`${t}\` → ${engine?.value ?? '?'}${keeps ? '' : ' (may not keep the rows)'}`,
    };
  }
  if (isKeyword(part[0], 'CONVERT')) {
    // Re-encodes every text column in place: characters the new charset lacks are lost.
    return { kind: 'modify', destructive: true, guarded: false, summary: `convert character set of \`${t}\`` };
  }
  if (isKeyword(part[0], 'MODIFY', 'CHANGE')) {
    const change = isKeyword(part[0], 'CHANGE');
    const guard = skipIfExists(part, skipKeywords(part, 1, ['COLUMN']));
    const name = part[guard.next];
    const newName = change ? part[guard.next + 1] : name;
    const definitionStart = part[guard.next + (change ? 2 : 1)];
    const columnChange =
      isName(name) && isName(newName) && definitionStart
        ? { ...at, table: t, column: name.value, definition: sourceText(part, definitionStart) }
        : undefined;
    return {
      kind: 'modify',
      // Unreadable: assume it narrows. Readable ones are checked against the live type.
      destructive: columnChange === undefined,
      guarded: false,
      ...(columnChange ? { columnChange } : {}),
      summary: `${part[0]!.value.toLowerCase()} column \`${t}\`.\`${name?.value ?? '?'}\``,
    };
  }
  if (isKeyword(part[0], 'ALTER', 'RENAME')) {
    return {
      kind: 'modify',
      destructive: false,
      guarded: false,
      summary: `${part[0]!.value.toLowerCase()} on \`${t}\``,
    };
  }
  return { kind: 'modify', destructive: false, guarded: false, summary: `alter table \`${t}\` options` };
}

function classifyAlter(tokens: readonly Token[], sql: string): StatementClass {
  const online = skipKeywords(tokens, 1, ['ONLINE', 'OFFLINE']);
  // ALTER IGNORE TABLE silently deletes the rows that break a new unique key or no longer fit.
  const ignore = isKeyword(tokens[online], 'IGNORE');
  let i = skipKeywords(tokens, online, ['IGNORE']);
  if (!isKeyword(tokens[i], 'TABLE')) {
    return base('other', `alter ${tokens[i]?.value.toLowerCase() ?? ''}`.trim(), { destructive: ignore });
  }
  i = skipIfExists(tokens, i + 1).next;
  const table = readQualified(tokens, i);
  if (!table) return base('modify', 'alter table (unreadable name)', { locking: true, destructive: true });
  const parts = splitTokensTopLevel(tokens.slice(table.next));
  for (const part of parts) SOURCE.set(part, sql);
  const clauses = parts.map((part) => classifyAlterClause(part, table));
  const kinds = new Set(clauses.map((c) => c.kind));
  const kind: StatementKind = kinds.size === 1 ? clauses[0]!.kind : kinds.has('drop') ? 'drop' : 'modify';
  const effects = clauses.flatMap((c) => (c.effect ? [c.effect] : []));
  const columnChanges = clauses.flatMap((c) => (c.columnChange ? [c.columnChange] : []));
  const summary = clauses.map((c) => c.summary).join(', ') || `alter table \`${table.name}\``;
  return base(kind, ignore ? `alter ignore: ${summary}` : summary, {
    destructive: ignore || clauses.some((c) => c.destructive),
    locking: true,
    effects,
    idempotent: clauses.length > 0 && clauses.every((c) => c.guarded),
    ...(columnChanges.length > 0 ? { columnChanges } : {}),
  });
}

/**
 * The statements a value can evaluate to when it is built only of string literals and
 * `IF(condition, value, value)` (the planner's guards); undefined for anything else
 * (CONCAT, variables, functions…), whose SQL the classifier cannot know.
 */
export function readableBranches(tokens: readonly Token[]): string[] | undefined {
  if (tokens.length === 1 && tokens[0]!.kind === 'string') return [tokens[0]!.value];
  if (!isKeyword(tokens[0], 'IF') || !isPunct(tokens[1], '(') || !isPunct(tokens[tokens.length - 1], ')')) {
    return undefined;
  }
  const args = splitTokensTopLevel(tokens.slice(2, -1));
  if (args.length !== 3) return undefined;
  const then = readableBranches(args[1]!);
  const otherwise = readableBranches(args[2]!);
  return then && otherwise ? [...then, ...otherwise] : undefined;
}

/** How deep dynamic SQL (a literal inside a literal…) is being read right now. */
let nesting = 0;

/** One class for all the statements a guard may run: the first branch's effects, any branch's risk. */
function classifyBranches(branches: readonly string[]): StatementClass {
  nesting++;
  let classes: StatementClass[];
  try {
    classes = branches.map((branch) => classifyStatement(branch));
  } finally {
    nesting--;
  }
  const first = classes[0]!;
  const unreadable = classes.find((c) => c.unverifiable);
  if (unreadable) return unreadable;
  const columnChanges = classes.flatMap((c) => c.columnChanges ?? []);
  return {
    ...first,
    destructive: classes.some((c) => c.destructive),
    ...(columnChanges.length > 0 ? { columnChanges } : {}),
  };
}

/** `SET @v = <value>`: the variable and the tokens of its value (only for one user variable). */
function userVariableAssignment(tokens: readonly Token[]): { variable: string; value: Token[] } | undefined {
  const variable = tokens[1];
  if (variable?.kind !== 'variable' || variable.value.startsWith('@@')) return undefined;
  if (!isPunct(tokens[2], '=') && !isPunct(tokens[2], ':=')) return undefined;
  return { variable: variable.value, value: tokens.slice(3) };
}

function classifySet(tokens: readonly Token[]): StatementClass {
  const assignment = userVariableAssignment(tokens);
  if (!assignment) {
    const variable = tokens[1]?.kind === 'variable' ? tokens[1].value : undefined;
    return base('other', 'set variable', { idempotent: true, ...(variable ? { setsVariable: variable } : {}) });
  }
  const branches = readableBranches(assignment.value);
  if (branches === undefined) {
    // Harmless unless a PREPARE reads it; steps.ts makes such a group "cannot verify".
    return base('other', 'set variable (to a value that is not a literal)', {
      idempotent: true,
      setsVariable: assignment.variable,
      unverifiable: true,
    });
  }
  const inner = classifyBranches(branches);
  return {
    ...inner,
    idempotent: true,
    setsVariable: assignment.variable,
    summary: `guarded: ${inner.summary}`,
  };
}

/**
 * `PREPARE s FROM 'literal'` reads as the literal; `PREPARE s FROM @v` depends on the SET
 * of its group (steps.ts checks it); anything else cannot be verified.
 */
function classifyPrepare(tokens: readonly Token[]): StatementClass {
  const from = tokens.findIndex((t, i) => i >= 2 && isKeyword(t, 'FROM'));
  const source = from < 0 ? [] : tokens.slice(from + 1);
  const only = source.length === 1 ? source[0] : undefined;
  if (only?.kind === 'string') {
    const inner = classifyBranches([only.value]);
    return { ...inner, sessionDependent: true, summary: `prepare: ${inner.summary}` };
  }
  if (only?.kind === 'variable' && !only.value.startsWith('@@')) {
    return base('other', 'prepare', { idempotent: true, sessionDependent: true, preparesFrom: only.value });
  }
  return { ...unverifiable('prepare from an expression (dynamic SQL)'), sessionDependent: true };
}

/** `EXECUTE IMMEDIATE 'literal'` reads as the literal; of anything else it cannot be verified. */
function classifyExecute(tokens: readonly Token[]): StatementClass {
  if (!isKeyword(tokens[1], 'IMMEDIATE')) {
    return base('other', 'execute', { idempotent: true, sessionDependent: true });
  }
  const source = tokens.slice(2);
  const using = source.findIndex((t) => isKeyword(t, 'USING'));
  const value = using < 0 ? source : source.slice(0, using);
  const only = value.length === 1 ? value[0] : undefined;
  if (only?.kind === 'string') {
    const inner = classifyBranches([only.value]);
    return { ...inner, summary: `execute immediate: ${inner.summary}` };
  }
  return unverifiable('execute immediate of an expression (dynamic SQL)');
}

/** True when a DELETE/UPDATE has a top-level WHERE (outside parentheses). */
function hasTopLevelWhere(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (depth === 0 && isKeyword(token, 'WHERE')) return true;
  }
  return false;
}

/**
 * Classifies one statement (already split, without its delimiter) as the server reads it:
 * executable comments (`/*!…*\/`, `/*M!…*\/`) are code, dynamic SQL is read when it is a
 * literal (or a guard of literals) and "cannot verify" (destructive) otherwise. Pure and
 * tolerant: anything it does not recognise is `other` with no detectable effect, never an
 * error.
 */
export function classifyStatement(sql: string): StatementClass {
  const tokens = tokenizeAll(sql, { tolerant: true });
  const head = tokens[0];
  if (!head) return base('other', 'empty statement', { idempotent: true });
  // More than one statement in one text (e.g. a `;` inside an executable comment), or
  // dynamic SQL nested deeper than anyone writes: not something to guess about.
  if (tokens.some((t, i) => isPunct(t, ';') && i < tokens.length - 1)) return unverifiable('several statements in one');
  if (nesting > 4) return unverifiable('nested dynamic SQL');
  if (tokens.some((t) => t.unterminated)) return unverifiable('unterminated quote or comment');
  switch (head.value.toUpperCase()) {
    case 'CREATE':
      return classifyCreate(tokens);
    case 'DROP':
      return classifyDrop(tokens);
    case 'ALTER':
      return classifyAlter(tokens, sql);
    case 'RENAME':
      return base('modify', 'rename table', { locking: true });
    case 'TRUNCATE':
      return base('data', 'truncate table', { destructive: true, locking: true });
    case 'DELETE':
      return base('data', 'delete rows', { destructive: true });
    case 'UPDATE':
      return hasTopLevelWhere(tokens)
        ? base('data', 'update rows')
        : base('data', 'update every row (no WHERE)', { destructive: true });
    case 'REPLACE':
    case 'INSERT':
    case 'LOAD':
      return base('data', `${head.value.toLowerCase()} rows`);
    case 'SET':
      return classifySet(tokens);
    case 'PREPARE':
      return classifyPrepare(tokens);
    case 'EXECUTE':
      return classifyExecute(tokens);
    case 'DEALLOCATE':
      return base('other', head.value.toLowerCase(), { idempotent: true, sessionDependent: true });
    case 'CALL':
      return unverifiable('call of a stored procedure (its body is not in the file)');
    case 'BEGIN':
      return isKeyword(tokens[1], 'NOT') || isKeyword(tokens[1], 'ATOMIC')
        ? unverifiable('anonymous compound statement (BEGIN NOT ATOMIC … END)')
        : base('other', 'begin');
    case 'HANDLER':
      return base('data', 'handler');
    case 'SELECT':
    case 'SHOW':
    case 'DO':
    case 'USE':
      return base('other', head.value.toLowerCase(), { idempotent: true });
    default:
      return base('other', head.value.toLowerCase());
  }
}
