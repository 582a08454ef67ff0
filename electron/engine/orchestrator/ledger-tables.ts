import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';

/** A ledger row value: every one goes to the server as a bound parameter. */
export type LedgerValue = string | number | null;

interface TableShape {
  readonly columns: ReadonlySet<string>;
  readonly primaryKey: string;
  readonly autoIncrement: boolean;
}

/**
 * Typed-enough access to the orchestration ledger tables: knows each table's real columns
 * (read once from information_schema), so inserts and updates only name columns that exist
 * and ids work whether or not the definition declares AUTO_INCREMENT (then `MAX(id) + 1`,
 * retried on a duplicate). All values are bound parameters; names pass `quoteIdentifier`.
 */
export class LedgerTables {
  private constructor(
    private readonly db: Pick<Connection, 'query' | 'execute'>,
    readonly database: string,
    private readonly shapes: ReadonlyMap<string, TableShape>,
  ) {}

  /** Reads the shapes of the ledger tables present in `database`. */
  static async open(db: Pick<Connection, 'query' | 'execute'>, database: string): Promise<LedgerTables> {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_KEY AS k, EXTRA AS e
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE 'migration\\_%'
        ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      [database],
    );
    const building = new Map<string, { columns: Set<string>; primaryKey: string; autoIncrement: boolean }>();
    for (const row of rows) {
      const table = String(row.t);
      const shape = building.get(table) ?? { columns: new Set<string>(), primaryKey: '', autoIncrement: false };
      shape.columns.add(String(row.c));
      if (String(row.k) === 'PRI' && !shape.primaryKey) {
        shape.primaryKey = String(row.c);
        shape.autoIncrement = /auto_increment/i.test(String(row.e));
      }
      building.set(table, shape);
    }
    return new LedgerTables(db, database, building);
  }

  /** True when the ledger has this table. */
  has(table: string): boolean {
    return this.shapes.has(table);
  }

  /** True when the table has this column. */
  hasColumn(table: string, column: string): boolean {
    return this.shapes.get(table)?.columns.has(column) ?? false;
  }

  /** The table's primary-key column. */
  idColumn(table: string): string {
    return this.shape(table).primaryKey;
  }

  /** `db`.`table`, quoted. */
  qualified(table: string): string {
    return quoteQualified(this.database, table);
  }

  private shape(table: string): TableShape {
    const shape = this.shapes.get(table);
    if (!shape) {
      throw new LupoError(
        'ledger/missing-table',
        `The orchestration ledger table ${this.database}.${table} does not exist.`,
        {
          hint: 'Run the apply again: it creates the ledger tables from toon/orchestration/ when they are absent.',
        },
      );
    }
    return shape;
  }

  /** Inserts a row (unknown columns are left out) and returns its id. */
  async insert(table: string, values: Readonly<Record<string, LedgerValue>>): Promise<number> {
    const shape = this.shape(table);
    const entries = Object.entries(values).filter(([c]) => shape.columns.has(c) && c !== shape.primaryKey);
    const names = entries.map(([c]) => quoteIdentifier(c));
    const params = entries.map(([, v]) => v);
    if (shape.autoIncrement || !shape.primaryKey) {
      const [result] = await this.db.execute<ResultSetHeader>(
        `INSERT INTO ${this.qualified(table)} (${names.join(', ')}) VALUES (${params.map(() => '?').join(', ')})`,
        params,
      );
      return Number(result.insertId);
    }
    const pk = quoteIdentifier(shape.primaryKey);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.execute(
          `INSERT INTO ${this.qualified(table)} (${pk}${names.map((n) => ', ' + n).join('')})
           SELECT COALESCE(MAX(${pk}), 0) + 1${params.map(() => ', ?').join('')} FROM ${this.qualified(table)}`,
          params,
        );
        const [rows] = await this.db.query<RowDataPacket[]>(`SELECT MAX(${pk}) AS id FROM ${this.qualified(table)}`);
        return Number(rows[0]?.id);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ER_DUP_ENTRY' || attempt >= 5) throw error;
      }
    }
  }

  /** Updates one row by id (unknown columns are left out). */
  async update(table: string, id: number, values: Readonly<Record<string, LedgerValue>>): Promise<void> {
    const shape = this.shape(table);
    const entries = Object.entries(values).filter(([c]) => shape.columns.has(c));
    if (entries.length === 0) return;
    await this.db.execute(
      `UPDATE ${this.qualified(table)} SET ${entries.map(([c]) => `${quoteIdentifier(c)} = ?`).join(', ')}
        WHERE ${quoteIdentifier(shape.primaryKey)} = ?`,
      [...entries.map(([, v]) => v), id],
    );
  }

  /** Runs a read query with bound parameters. */
  async select(sql: string, params: readonly LedgerValue[] = []): Promise<RowDataPacket[]> {
    const [rows] = await this.db.execute<RowDataPacket[]>(sql, params as LedgerValue[]);
    return rows;
  }
}
