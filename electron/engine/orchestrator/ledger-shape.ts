import type { Connection, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import {
  JOURNAL_TABLE_NAME,
  LEDGER_ID_COLUMN,
  LUPOPEDIA_LEDGER_TABLES,
  lupopediaColumns,
  normaliseType,
  unquote,
  type ColumnSpec,
  type LedgerTableName,
} from './ledger-columns';

/** How one of the 8 tables looks (LEDGER §5a.2). */
export type TableVerdict = 'absent' | 'lupopedia' | 'lupopedia-plus' | 'lupo-admin-0.1' | 'unknown';

/** How the journal looks (LEDGER §5a.3). */
export type JournalVerdict = 'absent' | 'j1' | 'j0-empty' | 'j0-rows' | 'unknown';

/** The whole orchestration database's verdict (LEDGER §5a.4). */
export type LedgerVerdict = 'empty' | 'lupopedia' | 'lupo-admin-0.1' | 'unknown' | 'lupopedia-renamed' | 'inconsistent';

/** One table's classification with the differences that explain it. */
export interface TableShapeReport {
  readonly table: string;
  readonly verdict: TableVerdict;
  /** True when the id column is the table's PRIMARY KEY (L/pk, from the 4.0.25 SQL). */
  readonly primaryKey: boolean;
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  /** `col type (expected type)`-style differences of columns present in both. */
  readonly different: readonly string[];
  readonly rows?: number;
}

/** The result of classifying an orchestration database (read-only). */
export interface LedgerShape {
  readonly database: string;
  readonly verdict: LedgerVerdict;
  readonly tables: readonly TableShapeReport[];
  readonly journal: JournalVerdict;
  /** `pk` when every present L table has its id as PRIMARY KEY, `nokey` when none has, `mixed` otherwise. */
  readonly keyStyle: 'pk' | 'nokey' | 'mixed' | 'none';
  /** `lupo_migration_*` tables found (Lupopedia's renamed copy). */
  readonly renamed: readonly string[];
  /** Non-fatal notes (extra columns, repaired journal…). */
  readonly notes: readonly string[];
}

type Queryable = Pick<Connection, 'query'>;

interface LiveColumn {
  readonly name: string;
  readonly spec: ColumnSpec;
  readonly key: string;
  readonly extra: string;
}

/**
 * Classifies the orchestration database's ledger tables before anything reads or writes
 * them (LEDGER §5a): Lupopedia's 8 tables (with or without keys, or with extra columns),
 * this product's 0.1 ledger, an unknown shape, or nothing yet. Reads information_schema
 * only; never creates or changes anything.
 */
export async function detectLedgerShape(db: Queryable, database: string): Promise<LedgerShape> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS ty, IS_NULLABLE AS n, COLUMN_DEFAULT AS d, COLUMN_KEY AS k, EXTRA AS e
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND (TABLE_NAME LIKE 'migration\\_%' OR TABLE_NAME LIKE 'lupo\\_migration\\_%')
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  const live = new Map<string, LiveColumn[]>();
  for (const r of rows) {
    const table = String(r.t);
    const list = live.get(table) ?? [];
    list.push({
      name: String(r.c),
      key: String(r.k ?? ''),
      extra: String(r.e ?? ''),
      spec: {
        name: String(r.c),
        type: normaliseType(String(r.ty)),
        nullable: String(r.n) === 'YES',
        ...(unquote(r.d === null ? null : String(r.d)) === undefined ? {} : { default: unquote(String(r.d))! }),
      },
    });
    live.set(table, list);
  }
  const tables = LUPOPEDIA_LEDGER_TABLES.map((t) => classifyTable(t, live.get(t)));
  const present = tables.filter((t) => t.verdict !== 'absent');
  const renamed = LUPOPEDIA_LEDGER_TABLES.map((t) => `lupo_${t}`).filter((t) => live.has(t));
  const notes: string[] = [];
  let journal = classifyJournal(live.get(JOURNAL_TABLE_NAME));
  if (journal === 'j0-empty' || journal === 'j0-rows') {
    const [count] = await db.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM \`${database.replace(/`/g, '``')}\`.\`${JOURNAL_TABLE_NAME}\``,
    );
    journal = Number(count[0]?.n) > 0 ? 'j0-rows' : 'j0-empty';
  }
  const pkCount = present.filter((t) => t.primaryKey).length;
  const keyStyle =
    present.length === 0 ? 'none' : pkCount === present.length ? 'pk' : pkCount === 0 ? 'nokey' : 'mixed';
  for (const t of present) {
    if (t.verdict === 'lupopedia-plus')
      notes.push(`${t.table} has extra columns (${t.unexpected.join(', ')}); Lupo Admin leaves them unset.`);
  }
  let verdict: LedgerVerdict;
  if (present.some((t) => t.verdict === 'unknown') || journal === 'unknown') verdict = 'unknown';
  else if (present.some((t) => t.verdict === 'lupo-admin-0.1')) verdict = 'lupo-admin-0.1';
  else if (present.length === 0) verdict = renamed.length > 0 && journal === 'absent' ? 'lupopedia-renamed' : 'empty';
  else if (journal === 'j0-rows') verdict = 'inconsistent';
  else verdict = 'lupopedia';
  return { database, verdict, tables, journal, keyStyle, renamed, notes };
}

function classifyTable(table: LedgerTableName, columns: readonly LiveColumn[] | undefined): TableShapeReport {
  if (!columns) return { table, verdict: 'absent', primaryKey: false, missing: [], unexpected: [], different: [] };
  const expected = lupopediaColumns(table);
  const liveNames = new Set(columns.map((c) => c.name));
  const expectedNames = new Set(expected.map((c) => c.name));
  const missing = expected.filter((c) => !liveNames.has(c.name)).map((c) => c.name);
  const unexpected = columns.filter((c) => !expectedNames.has(c.name));
  const different: string[] = [];
  for (const want of expected) {
    const got = columns.find((c) => c.name === want.name)?.spec;
    if (!got) continue;
    if (got.type !== want.type) different.push(`${want.name} ${got.type} (expected ${want.type})`);
    else if (got.nullable !== want.nullable)
      different.push(
        `${want.name} ${got.nullable ? 'NULL' : 'NOT NULL'} (expected ${want.nullable ? 'NULL' : 'NOT NULL'})`,
      );
    else if ((got.default ?? null) !== (want.default ?? null) && !sameNumber(got.default, want.default))
      different.push(`${want.name} DEFAULT ${got.default ?? 'none'} (expected ${want.default ?? 'none'})`);
  }
  const idColumn = LEDGER_ID_COLUMN[table];
  const primaryKey = columns.some((c) => c.name === idColumn && c.key === 'PRI');
  const first = columns[0]?.name ?? '';
  const base = { table, primaryKey, missing, unexpected: unexpected.map((c) => c.name), different };
  if (first !== idColumn && /^migration_[a-z_]+_id$/.test(first) && missing.length > 0)
    return { ...base, verdict: 'lupo-admin-0.1' };
  if (missing.length > 0 || different.length > 0) return { ...base, verdict: 'unknown' };
  // The L columns must keep their order (extra columns may sit anywhere).
  const order = columns.filter((c) => expectedNames.has(c.name)).map((c) => c.name);
  if (order.join(',') !== expected.map((c) => c.name).join(','))
    return { ...base, different: ['column order differs from Lupopedia'], verdict: 'unknown' };
  if (unexpected.length === 0) return { ...base, verdict: 'lupopedia' };
  // An extra NOT NULL column without a default would make every insert fail.
  const blocking = unexpected.filter(
    (c) => !c.spec.nullable && c.spec.default === undefined && !/auto_increment|generated/i.test(c.extra),
  );
  if (blocking.length > 0) {
    return {
      ...base,
      different: blocking.map((c) => `${c.name} is NOT NULL without a default`),
      verdict: 'unknown',
    };
  }
  return { ...base, verdict: 'lupopedia-plus' };
}

function sameNumber(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && /^-?[\d.]+$/.test(a) && /^-?[\d.]+$/.test(b) && Number(a) === Number(b);
}

function classifyJournal(columns: readonly LiveColumn[] | undefined): JournalVerdict {
  if (!columns) return 'absent';
  const names = new Set(columns.map((c) => c.name));
  if (names.has('journal_id') && names.has('batch_id') && names.has('statement_index') && names.has('journal_status'))
    return 'j1';
  if (names.has('migration_statement_journal_id') && names.has('migration_batch_id')) return 'j0-empty';
  return 'unknown';
}

const WHAT_WE_EXPECT =
  "Lupo Admin records runs in Lupopedia's orchestrator ledger (8 tables, as in migrations/migration_orchestrator_schema_4_0_25.sql).";

function describeTables(shape: LedgerShape, verdicts: readonly TableVerdict[]): string {
  const first8 = (list: readonly string[]): string =>
    list.length > 8 ? `${list.slice(0, 8).join(', ')}, … (${list.length} in all)` : list.join(', ');
  return shape.tables
    .filter((t) => verdicts.includes(t.verdict))
    .map((t) => {
      const parts: string[] = [];
      if (t.missing.length > 0) parts.push(`missing ${first8(t.missing)}`);
      if (t.unexpected.length > 0) parts.push(`unexpected ${first8(t.unexpected)}`);
      if (t.different.length > 0) parts.push(`different ${first8(t.different)}`);
      return `  ${t.table}: ${parts.join('; ') || 'not recognised'}`;
    })
    .join('\n');
}

/**
 * The typed refusal for a ledger Lupo Admin must not write (unknown shape, 0.1 ledger,
 * renamed copy, damaged journal), naming the database, each table and its missing /
 * unexpected columns and what to do; undefined when the ledger is writable.
 */
export function ledgerRefusal(shape: LedgerShape): LupoError | undefined {
  const db = shape.database;
  switch (shape.verdict) {
    case 'empty':
    case 'lupopedia':
      return undefined;
    case 'unknown': {
      const journal =
        shape.journal === 'unknown'
          ? `\n  ${JOURNAL_TABLE_NAME}: not Lupo Admin's statement journal (expected journal_id, batch_id, statement_index, journal_status…)`
          : '';
      return new LupoError(
        'ledger/unknown-format',
        `The orchestration database \`${db}\` has migration_* tables that Lupo Admin does not recognise, so it will not write to them.\n${describeTables(shape, ['unknown'])}${journal}\n${WHAT_WE_EXPECT}`,
        {
          hint: `Point --orchestration-db (workspace databases.orchestration) at a database that holds that ledger, or at an empty one.`,
          details: {
            database: db,
            tables: shape.tables
              .filter((t) => t.verdict === 'unknown')
              .map((t) => t.table)
              .join(', '),
          },
        },
      );
    }
    case 'lupo-admin-0.1':
      return new LupoError(
        'ledger/legacy-format',
        `The orchestration database \`${db}\` holds the ledger of Lupo Admin 0.1 (${shape.tables
          .filter((t) => t.verdict === 'lupo-admin-0.1')
          .map((t) => t.table)
          .join(', ')}), not Lupopedia's orchestrator tables.\n${WHAT_WE_EXPECT}`,
        {
          hint: `Run \`lupo ledger convert --yes\` (or "Convert ledger" on the History screen): it keeps the old tables as *_lupo01 and moves their history into Lupopedia's tables.`,
          details: { database: db },
        },
      );
    case 'lupopedia-renamed':
      return new LupoError(
        'ledger/lupopedia-renamed',
        `The orchestration database \`${db}\` holds Lupopedia's ledger under other names (${shape.renamed.join(', ')}), and no migration_* tables.`,
        {
          hint: "Lupopedia's PHP reads only lupopedia_orchestration.migration_*: point --orchestration-db at that database, or at an empty one.",
          details: { database: db },
        },
      );
    case 'inconsistent':
      return new LupoError(
        'ledger/inconsistent',
        `The orchestration database \`${db}\` has Lupopedia's ledger tables but a Lupo Admin 0.1 statement journal that still holds rows.`,
        {
          hint: `Finish or abandon those 0.1 runs with Lupo Admin 0.1, or run \`lupo ledger convert --yes\` to keep the journal as ${JOURNAL_TABLE_NAME}_lupo01.`,
          details: { database: db },
        },
      );
  }
}

/** Detects the shape and throws the refusal unless the ledger is empty or Lupopedia's. */
export async function requireWritableLedger(db: Queryable, database: string): Promise<LedgerShape> {
  const shape = await detectLedgerShape(db, database);
  const refusal = ledgerRefusal(shape);
  if (refusal) throw refusal;
  return shape;
}
