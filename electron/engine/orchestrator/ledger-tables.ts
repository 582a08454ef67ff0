import type { RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';
import { LEDGER_ID_COLUMN, lupopediaColumns, type LedgerTableName } from './ledger-columns';
import { nextLedgerId, withLedgerLock, type LedgerDb } from './ledger-ids';
import { requireWritableLedger, type LedgerShape } from './ledger-shape';

/** A ledger row value: every one goes to the server as a bound parameter. */
export type LedgerValue = string | number | null;

/** VARCHAR limits of Lupopedia's columns (LEDGER §5c-2): values are cut to fit. */
const LIMITS: Readonly<Record<string, number>> = {
  batch_name: 255,
  file_path: 512,
  file_hash: 64,
  validation_type: 100,
  rollback_reason: 255,
  alert_title: 255,
  freeze_reason: 255,
  current_phase: 100,
};

/** INT columns: clamped to 2147483647. */
const INT_COLUMNS = new Set(
  (
    [
      'migration_batches',
      'migration_files',
      'migration_validation_log',
      'migration_rollback_log',
      'migration_dependencies',
      'migration_progress',
      'migration_alerts',
    ] as const
  ).flatMap((t) =>
    lupopediaColumns(t)
      .filter((c) => c.type === 'int')
      .map((c) => c.name),
  ),
);

const COLUMNS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.keys(LEDGER_ID_COLUMN).map((t) => [t, new Set(lupopediaColumns(t as LedgerTableName).map((c) => c.name))]),
);

/** Makes a value fit its Lupopedia column (VARCHAR length, INT range). */
export function fitValue(column: string, value: LedgerValue): LedgerValue {
  if (typeof value === 'string' && LIMITS[column] !== undefined && value.length > LIMITS[column])
    return value.slice(0, LIMITS[column]);
  if (typeof value === 'number' && INT_COLUMNS.has(column)) return Math.max(-2147483648, Math.min(2147483647, value));
  return value;
}

/**
 * Strict access to Lupopedia's 8 ledger tables (LEDGER §5c): opened only after the shape
 * was verified (§5a); an insert or update naming a column Lupopedia does not declare is a
 * programming error and throws; ids are explicit (`MAX+1` under the ledger-wide lock,
 * never 0, whether or not the table has a primary key). Values are bound parameters.
 */
export class LedgerTables {
  private constructor(
    private readonly db: LedgerDb,
    readonly database: string,
    readonly shape: LedgerShape,
  ) {}

  /** Verifies the ledger's shape (refusing unknown / 0.1 / renamed ones) and opens it. */
  static async open(db: LedgerDb, database: string): Promise<LedgerTables> {
    const shape = await requireWritableLedger(db, database);
    return new LedgerTables(db, database, shape);
  }

  /** True when the ledger has this table. */
  has(table: string): boolean {
    return this.shape.tables.some((t) => t.table === table && t.verdict !== 'absent');
  }

  /** The table's id column (by name, LEDGER §5c-1). */
  idColumn(table: LedgerTableName): string {
    return LEDGER_ID_COLUMN[table];
  }

  /** `db`.`table`, quoted. */
  qualified(table: string): string {
    return quoteQualified(this.database, table);
  }

  private check(table: string, values: Readonly<Record<string, LedgerValue>>): Array<[string, LedgerValue]> {
    const columns = COLUMNS.get(table);
    if (!columns) throw new Error(`Ledger write to a table that is not Lupopedia's: ${table}`);
    if (!this.has(table)) {
      throw new LupoError(
        'ledger/missing-table',
        `The orchestration ledger table ${this.database}.${table} does not exist.`,
        {
          hint: 'Run the apply again: it creates the missing ledger tables.',
        },
      );
    }
    return Object.entries(values).map(([c, v]) => {
      if (!columns.has(c)) throw new Error(`Ledger write names column ${table}.${c}, which Lupopedia does not declare`);
      return [c, fitValue(c, v)];
    });
  }

  /** Inserts a row with an explicit new id (never 0) and returns the id. */
  async insert(table: LedgerTableName, values: Readonly<Record<string, LedgerValue>>): Promise<number> {
    const entries = this.check(table, values);
    const idColumn = quoteIdentifier(LEDGER_ID_COLUMN[table]);
    const qualified = this.qualified(table);
    return withLedgerLock(this.db, this.database, async (session) => {
      for (let attempt = 0; ; attempt++) {
        const id = await nextLedgerId(session, qualified, idColumn);
        try {
          await session.execute(
            `INSERT INTO ${qualified} (${idColumn}${entries.map(([c]) => ', ' + quoteIdentifier(c)).join('')})
             VALUES (?${entries.map(() => ', ?').join('')})`,
            [id, ...entries.map(([, v]) => v)],
          );
          return id;
        } catch (error) {
          // On L/pk a duplicate means someone wrote without the lock: retry once, then fail.
          if ((error as { code?: string }).code !== 'ER_DUP_ENTRY' || attempt >= 1) throw error;
        }
      }
    });
  }

  /** Updates the row with this id (ids we wrote are unique). */
  async update(table: LedgerTableName, id: number, values: Readonly<Record<string, LedgerValue>>): Promise<void> {
    const entries = this.check(table, values);
    if (entries.length === 0) return;
    await this.db.execute(
      `UPDATE ${this.qualified(table)} SET ${entries.map(([c]) => `${quoteIdentifier(c)} = ?`).join(', ')}
        WHERE ${quoteIdentifier(LEDGER_ID_COLUMN[table])} = ?`,
      [...entries.map(([, v]) => v), id],
    );
  }

  /**
   * Sets keys of `properties.lupo_admin` (`patch`) and top-level keys (`top`) of one of our
   * rows (they always carry `lupo_admin`) with portable JSON_SET (LEDGER §5c-3), appends to
   * lists of `properties.lupo_admin` (`append`: key → one more string, the list created when
   * absent; for what accumulates, where a set would forget the older values), plus plain
   * column values, in one UPDATE.
   */
  async patch(
    table: LedgerTableName,
    id: number,
    values: Readonly<Record<string, LedgerValue>>,
    patch: Readonly<Record<string, LedgerValue>>,
    top: Readonly<Record<string, LedgerValue>> = {},
    append: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    const entries = this.check(table, values);
    // Each JSON path with the expression its value goes through (the value itself is bound).
    const appended = (path: string) =>
      `JSON_ARRAY_APPEND(COALESCE(JSON_EXTRACT(properties, '${path}'), JSON_ARRAY()), '$', ?)`;
    const paths: Array<{ path: string; expression: string; value: LedgerValue }> = [
      ...Object.entries(top).map(([k, value]) => ({ path: `$.${k}`, expression: '?', value })),
      ...Object.entries(patch).map(([k, value]) => ({ path: `$.lupo_admin.${k}`, expression: '?', value })),
      ...Object.entries(append).map(([k, value]) => ({
        path: `$.lupo_admin.${k}`,
        expression: appended(`$.lupo_admin.${k}`),
        value,
      })),
    ];
    for (const { path } of paths) if (!/^\$(\.[a-z_]+)+$/.test(path)) throw new Error(`Bad JSON path ${path}`);
    const sets = entries.map(([c]) => `${quoteIdentifier(c)} = ?`);
    if (paths.length > 0) {
      const pairs = paths.map(({ path, expression }) => `, '${path}', ${expression}`).join('');
      sets.push(`properties = JSON_SET(COALESCE(properties, '{}')${pairs})`);
    }
    await this.db.execute(
      `UPDATE ${this.qualified(table)} SET ${sets.join(', ')} WHERE ${quoteIdentifier(LEDGER_ID_COLUMN[table])} = ?`,
      [...entries.map(([, v]) => v), ...paths.map(({ value }) => value), id],
    );
  }

  /** Runs a read query with bound parameters. */
  async select(sql: string, params: readonly LedgerValue[] = []): Promise<RowDataPacket[]> {
    const [rows] = await this.db.execute<RowDataPacket[]>(sql, params as LedgerValue[]);
    return rows;
  }
}

/** `properties` as an object whether the server returns JSON parsed (MySQL) or as text (MariaDB). */
export function parseProperties(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Buffer.isBuffer(value)) return value as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.isBuffer(value) ? value.toString('utf8') : String(value));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The `lupo_admin` namespace of a row's properties (empty for rows written by others). */
export function lupoAdminProps(value: unknown): Record<string, unknown> {
  const ns = parseProperties(value).lupo_admin;
  return ns && typeof ns === 'object' && !Array.isArray(ns) ? (ns as Record<string, unknown>) : {};
}

/** SQL for `properties.lupo_admin.<key>` as text (portable: no `->>`). */
export function propSql(alias: string, key: string): string {
  if (!/^[a-z_]+$/.test(key) || !/^[a-z]*$/.test(alias)) throw new Error(`Bad property ${key}`);
  return `JSON_UNQUOTE(JSON_EXTRACT(${alias ? alias + '.' : ''}properties, '$.lupo_admin.${key}'))`;
}
