import { readableBranches } from '../orchestrator/classify';
import type { ExecutionStep } from '../orchestrator/steps';
import { splitTokensTopLevel } from '../sql/split-top-level';
import { isKeyword, isName, isPunct, tokenizeAll, type Token } from '../sql/tokenizer';

/**
 * How a step of an RSU batch runs (issue 15, point 3):
 * - `rolling`: a backward-compatible schema change, run on each node in turn in a session
 *   with `wsrep_OSU_method = RSU` (not replicated: every node runs it itself);
 * - `once`: a data change, run once on the run's connection (replicated as usual);
 * - `session`: session state (SET NAMES, a guard's SET/PREPARE…, DO, SELECT): run on the
 *   run's connection and on every node's session, so later statements see it.
 */
export type RsuRole = 'rolling' | 'once' | 'session';

/** The RSU verdict of one step: its role, or why it must not run under RSU. */
export type RsuStepVerdict =
  | { readonly index: number; readonly line: number; readonly summary: string; readonly role: RsuRole }
  | { readonly index: number; readonly line: number; readonly summary: string; readonly unsafe: string };

/** What `rsuSafety` found for a batch. */
export interface RsuSafety {
  /** True when every step may run under RSU (and at least one is a schema change). */
  readonly ok: boolean;
  readonly steps: readonly RsuStepVerdict[];
  /** The steps that refuse RSU, with the reason. */
  readonly unsafe: readonly Extract<RsuStepVerdict, { unsafe: string }>[];
  readonly rolling: number;
  readonly once: number;
}

type Verdict = { readonly role: RsuRole } | { readonly unsafe: string };

const NOT_COMPATIBLE = 'not a backward-compatible addition';
const UNIQUE =
  'a unique or primary key can reject rows that the nodes without it still accept: replication between them would break';

/** A top-level keyword of `tokens` (outside parentheses). */
function hasTopLevel(tokens: readonly Token[], ...keywords: string[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (depth === 0 && isKeyword(token, ...keywords)) return true;
  }
  return false;
}

function createVerdict(tokens: readonly Token[]): Verdict {
  if (isKeyword(tokens[1], 'OR')) return { unsafe: 'CREATE OR REPLACE drops the existing object first' };
  let i = 1;
  if (isKeyword(tokens[i], 'TEMPORARY')) i++;
  if (isKeyword(tokens[i], 'TABLE')) {
    // CREATE TABLE … SELECT copies rows: each node would copy its own, not the cluster's.
    return hasTopLevel(tokens.slice(i + 1), 'SELECT')
      ? { unsafe: 'CREATE TABLE … SELECT copies rows, which RSU would do on each node separately' }
      : { role: 'rolling' };
  }
  if (isKeyword(tokens[i], 'DATABASE', 'SCHEMA')) return { role: 'rolling' };
  if (isKeyword(tokens[i], 'UNIQUE')) return { unsafe: UNIQUE };
  const j = isKeyword(tokens[i], 'FULLTEXT', 'SPATIAL') ? i + 1 : i;
  if (isKeyword(tokens[j], 'INDEX', 'KEY')) return { role: 'rolling' };
  return { unsafe: `CREATE ${tokens[i]?.upper ?? ''} is ${NOT_COMPATIBLE} of a column, index or table`.trim() };
}

/** One ALTER TABLE clause: ADD COLUMN at the end and ADD (non-unique) INDEX are compatible. */
function alterClauseVerdict(part: readonly Token[]): Verdict | undefined {
  const head = part[0];
  if (isKeyword(head, 'ALGORITHM', 'LOCK')) return undefined; // how, not what
  if (!isKeyword(head, 'ADD')) {
    const what = part
      .slice(0, 2)
      .map((t) => t.value)
      .join(' ')
      .toUpperCase();
    if (isKeyword(head, 'DROP')) return { unsafe: `${what} removes what writes from the other nodes still use` };
    if (isKeyword(head, 'MODIFY', 'CHANGE', 'CONVERT'))
      return { unsafe: `${what} changes a column: rows replicated between old and new nodes may not apply` };
    if (isKeyword(head, 'RENAME')) return { unsafe: `${what} renames: writes from the other nodes use the old name` };
    return { unsafe: `${what} is ${NOT_COMPATIBLE}` };
  }
  let i = 1;
  if (isKeyword(part[i], 'CONSTRAINT')) {
    i++;
    if (isName(part[i]) && !isKeyword(part[i], 'UNIQUE', 'PRIMARY', 'FOREIGN', 'CHECK')) i++;
  }
  if (isKeyword(part[i], 'PRIMARY', 'UNIQUE')) return { unsafe: UNIQUE };
  if (isKeyword(part[i], 'FOREIGN', 'CHECK'))
    return { unsafe: 'a constraint can reject rows that the nodes without it still accept' };
  if (isKeyword(part[i], 'INDEX', 'KEY', 'FULLTEXT', 'SPATIAL')) return { role: 'rolling' };
  // ADD [COLUMN] …: row images are positional, so a new column must be the last one.
  if (hasTopLevel(part, 'FIRST', 'AFTER'))
    return {
      unsafe: 'a column added FIRST/AFTER shifts the columns: rows replicated from nodes without it would not apply',
    };
  return { role: 'rolling' };
}

function alterVerdict(tokens: readonly Token[]): Verdict {
  let i = 1;
  if (isKeyword(tokens[i], 'ONLINE', 'OFFLINE')) i++;
  if (isKeyword(tokens[i], 'IGNORE')) return { unsafe: 'ALTER IGNORE deletes rows' };
  if (!isKeyword(tokens[i], 'TABLE')) return { unsafe: `ALTER ${tokens[i]?.upper ?? ''} is ${NOT_COMPATIBLE}`.trim() };
  i++;
  if (isKeyword(tokens[i], 'IF')) i += isKeyword(tokens[i + 1], 'NOT') ? 3 : 2;
  i += isPunct(tokens[i + 1], '.') ? 3 : 1;
  const clauses = splitTokensTopLevel(tokens.slice(i));
  let rolling = false;
  for (const clause of clauses) {
    const verdict = alterClauseVerdict(clause);
    if (verdict && 'unsafe' in verdict) return verdict;
    if (verdict) rolling = true;
  }
  return rolling ? { role: 'rolling' } : { unsafe: `an ALTER TABLE without ADD is ${NOT_COMPATIBLE}` };
}

/** The combined verdict of several statements that run as one (branches, a guard group). */
function combine(verdicts: readonly Verdict[]): Verdict {
  const unsafe = verdicts.find((v): v is { unsafe: string } => 'unsafe' in v);
  if (unsafe) return unsafe;
  const roles = new Set(verdicts.map((v) => (v as { role: RsuRole }).role));
  if (roles.has('rolling') && roles.has('once'))
    return { unsafe: 'mixes schema and data changes in one step (split them into separate statements)' };
  return { role: roles.has('rolling') ? 'rolling' : roles.has('once') ? 'once' : 'session' };
}

/** Reads a literal's statements (guards: IF(cond, 'ALTER …', 'DO 0')) and judges each. */
function branchesVerdict(value: readonly Token[]): Verdict | undefined {
  const branches = readableBranches(value);
  return branches ? combine(branches.map(statementVerdict)) : undefined;
}

/** The RSU verdict of one statement as the server reads it (executable comments are code). */
export function statementVerdict(sql: string): Verdict {
  const tokens = tokenizeAll(sql, { tolerant: true });
  const head = tokens[0];
  if (!head) return { role: 'session' };
  switch (head.upper) {
    case 'CREATE':
      return createVerdict(tokens);
    case 'ALTER':
      return alterVerdict(tokens);
    case 'INSERT':
    case 'REPLACE':
    case 'UPDATE':
    case 'DELETE':
    case 'LOAD':
      return { role: 'once' };
    case 'SET': {
      const variable = tokens[1];
      const assigns = variable?.kind === 'variable' && !variable.value.startsWith('@@');
      if (assigns && (isPunct(tokens[2], '=') || isPunct(tokens[2], ':=')))
        return branchesVerdict(tokens.slice(3)) ?? { role: 'session' };
      return { role: 'session' };
    }
    case 'PREPARE': {
      const from = tokens.findIndex((t, i) => i >= 2 && isKeyword(t, 'FROM'));
      const source = tokens.slice(from + 1);
      if (source.length === 1 && source[0]!.kind === 'string') return statementVerdict(source[0]!.value);
      return { role: 'session' }; // FROM @v: the group's SET says what it runs
    }
    case 'EXECUTE': {
      if (!isKeyword(tokens[1], 'IMMEDIATE')) return { role: 'session' };
      const only = tokens[2];
      return tokens.length === 3 && only?.kind === 'string'
        ? statementVerdict(only.value)
        : { unsafe: 'dynamic SQL that cannot be read' };
    }
    case 'DEALLOCATE':
    case 'DO':
    case 'SELECT':
    case 'SHOW':
    case 'USE':
      return { role: 'session' };
    case 'DROP':
      return { unsafe: 'DROP removes what writes from the other nodes still use' };
    case 'RENAME':
      return { unsafe: 'RENAME: writes from the other nodes use the old name' };
    case 'TRUNCATE':
      return { unsafe: 'TRUNCATE deletes rows outside replication' };
    default:
      return { unsafe: `${head.upper} is ${NOT_COMPATIBLE}` };
  }
}

/**
 * Decides which steps of a batch may run as a Rolling Schema Upgrade (Galera's
 * `wsrep_OSU_method = RSU`): while the nodes are upgraded one by one, some have the change
 * and some do not, and writes replicate between them — so only backward-compatible changes
 * are safe: CREATE TABLE, ADD COLUMN at the end, ADD (non-unique) INDEX. Drops, renames,
 * type changes, unique/primary keys, constraints and anything unreadable refuse RSU (the
 * batch then runs under TOI). Data statements run once, replicated as usual.
 */
export function rsuSafety(steps: readonly ExecutionStep[]): RsuSafety {
  const verdicts: RsuStepVerdict[] = steps.map((step) => {
    const at = { index: step.index, line: step.line, summary: step.classification.summary };
    if (step.classification.unverifiable) return { ...at, unsafe: 'its SQL cannot be read (cannot verify)' };
    const verdict = combine(step.statements.map((s) => statementVerdict(s.sql)));
    return { ...at, ...verdict };
  });
  const unsafe = verdicts.filter((v): v is Extract<RsuStepVerdict, { unsafe: string }> => 'unsafe' in v);
  const rolling = verdicts.filter((v) => 'role' in v && v.role === 'rolling').length;
  const once = verdicts.filter((v) => 'role' in v && v.role === 'once').length;
  return { ok: unsafe.length === 0 && rolling > 0, steps: verdicts, unsafe, rolling, once };
}

/** One line naming the steps that refuse RSU (for validation messages and errors). */
export function describeRsuRefusal(safety: RsuSafety, limit = 5): string {
  if (safety.unsafe.length === 0) return 'RSU needs at least one schema change (this batch has none): use TOI.';
  const named = safety.unsafe
    .slice(0, limit)
    .map((u) => `line ${u.line}: ${u.summary} (${u.unsafe})`)
    .join('; ');
  const more = safety.unsafe.length > limit ? `; and ${safety.unsafe.length - limit} more` : '';
  return `RSU refused: ${safety.unsafe.length} statement(s) are not backward-compatible — ${named}${more}. Run this batch under TOI (the default), or split the compatible changes into their own migration.`;
}
