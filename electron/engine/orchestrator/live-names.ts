import type { RowDataPacket } from 'mysql2/promise';
import type { StatementEffect } from './classify';

/** Anything that can run a query (pool or connection). */
export interface Queryable {
  query<T extends RowDataPacket[]>(sql: string, values?: unknown): Promise<[T, unknown]>;
}

const key = (...parts: string[]): string => parts.map((p) => p.toLowerCase()).join('\u0000');

/** The kinds of names a snapshot can hold: each is one information_schema query. */
export type NameKind = 'tables' | 'columns' | 'indexes';

const ALL_KINDS: ReadonlySet<NameKind> = new Set(['tables', 'columns', 'indexes']);

/** The kind of names an effect is checked against. */
export function nameKindOf(effect: StatementEffect): NameKind {
  switch (effect.kind) {
    case 'table-exists':
    case 'table-absent':
      return 'tables';
    case 'column-exists':
    case 'column-absent':
      return 'columns';
    case 'index-exists':
    case 'index-absent':
      return 'indexes';
  }
}

/** The kinds of names `effects` need (none when there are none). */
export function nameKindsOf(effects: Iterable<StatementEffect>): Set<NameKind> {
  const kinds = new Set<NameKind>();
  for (const effect of effects) kinds.add(nameKindOf(effect));
  return kinds;
}

/**
 * The names in the live schema of some databases — tables, columns, indexes, or only the
 * kinds asked for — one information_schema query per kind. Resume and verification use it
 * to decide whether a statement's effect is present; planning uses it to predict which
 * statements change something. Mutable on purpose: `simulate` applies an effect to predict
 * the next state. (Reading COLUMNS and STATISTICS of 2,000 tables cost more than the
 * TABLES query that table-only effects need, hence the kinds.)
 */
export class LiveNames {
  private readonly tables = new Set<string>();
  private readonly columns = new Set<string>();
  private readonly indexes = new Set<string>();

  private constructor(
    readonly defaultDatabase: string,
    private readonly kinds: ReadonlySet<NameKind>,
  ) {}

  /**
   * Reads the names of `databases` (the first one is the default for unqualified names):
   * every kind, or only `kinds` (asking a snapshot about a kind it did not read throws).
   */
  static async read(
    db: Queryable,
    databases: readonly string[],
    kinds: ReadonlySet<NameKind> = ALL_KINDS,
  ): Promise<LiveNames> {
    const names = new LiveNames(databases[0] ?? '', kinds);
    if (databases.length === 0) return names;
    const marks = databases.map(() => '?').join(', ');
    if (kinds.has('tables')) {
      const [tables] = await db.query<RowDataPacket[]>(
        `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${marks})`,
        databases,
      );
      for (const r of tables) names.tables.add(key(String(r.s), String(r.t)));
    }
    if (kinds.has('columns')) {
      const [columns] = await db.query<RowDataPacket[]>(
        `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${marks})`,
        databases,
      );
      for (const r of columns) names.columns.add(key(String(r.s), String(r.t), String(r.c)));
    }
    if (kinds.has('indexes')) {
      const [indexes] = await db.query<RowDataPacket[]>(
        `SELECT DISTINCT TABLE_SCHEMA AS s, TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (${marks})`,
        databases,
      );
      for (const r of indexes) names.indexes.add(key(String(r.s), String(r.t), String(r.i)));
    }
    return names;
  }

  /** A bug guard: an unread kind would answer "absent" for everything. */
  private need(kind: NameKind): void {
    if (!this.kinds.has(kind)) throw new Error(`LiveNames: ${kind} were not read`);
  }

  /** Number of tables in a database. */
  tableCount(database: string = this.defaultDatabase): number {
    this.need('tables');
    const prefix = database.toLowerCase() + '\u0000';
    let n = 0;
    for (const t of this.tables) if (t.startsWith(prefix)) n++;
    return n;
  }

  /** True when the effect holds in this snapshot. */
  holds(effect: StatementEffect): boolean {
    this.need(nameKindOf(effect));
    const db = effect.database ?? this.defaultDatabase;
    switch (effect.kind) {
      case 'table-exists':
        return this.tables.has(key(db, effect.table));
      case 'table-absent':
        return !this.tables.has(key(db, effect.table));
      case 'column-exists':
        return this.columns.has(key(db, effect.table, effect.column));
      case 'column-absent':
        return !this.columns.has(key(db, effect.table, effect.column));
      case 'index-exists':
        return this.indexes.has(key(db, effect.table, effect.index));
      case 'index-absent':
        return !this.indexes.has(key(db, effect.table, effect.index));
    }
  }

  /** True when every effect holds (and there is at least one). */
  allHold(effects: readonly StatementEffect[]): boolean {
    return effects.length > 0 && effects.every((e) => this.holds(e));
  }

  /** Applies an effect to the snapshot, to predict the state after a statement. */
  simulate(effect: StatementEffect): void {
    this.need(nameKindOf(effect));
    const db = effect.database ?? this.defaultDatabase;
    switch (effect.kind) {
      case 'table-exists':
        this.tables.add(key(db, effect.table));
        return;
      case 'table-absent': {
        this.tables.delete(key(db, effect.table));
        const prefix = key(db, effect.table) + '\u0000';
        for (const c of this.columns) if (c.startsWith(prefix)) this.columns.delete(c);
        for (const i of this.indexes) if (i.startsWith(prefix)) this.indexes.delete(i);
        return;
      }
      case 'column-exists':
        this.columns.add(key(db, effect.table, effect.column));
        return;
      case 'column-absent':
        this.columns.delete(key(db, effect.table, effect.column));
        return;
      case 'index-exists':
        this.indexes.add(key(db, effect.table, effect.index));
        return;
      case 'index-absent':
        this.indexes.delete(key(db, effect.table, effect.index));
        return;
    }
  }
}
