import { randomBytes } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { GEOMETRY_DATA_TYPES } from '../ddl/data-types';
import { columnCount, renderGuard } from '../planner/guard';
import { commentText } from '../sql/comment-text';
import { optionWord } from '../sql/table-options';
import { quoteIdentifier, quoteQualified, quoteString } from '../sql/identifier';
import type { RollbackDrop } from './rollback-guard';
import { ymdhis } from './ymdhis';

/** One column as the backup reads and writes it. */
interface BackupColumn {
  readonly name: string;
  readonly dataType: string;
  readonly columnType: string;
  readonly charset: string | null;
  readonly collation: string | null;
  readonly nullable: boolean;
  readonly generated: boolean;
  readonly key: boolean;
  readonly position: number;
}

const BINARY = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'bit']);

/** What a rollback loses: whole tables, or only some columns of a table. */
export interface BackupScope {
  readonly tables: readonly string[];
  /** Tables whose only loss is dropped columns: their names, restorable in place. */
  readonly columns: ReadonlyMap<string, readonly string[]>;
}

/** The backup scope of a rollback's data risks (the drops found holding rows): a table with any table-level loss is backed up whole. */
export function backupScope(drops: readonly RollbackDrop[]): BackupScope {
  const whole = new Set<string>();
  const columns = new Map<string, string[]>();
  for (const drop of drops) {
    if (drop.rows !== true) continue;
    if (drop.column === undefined) whole.add(drop.table);
    else columns.set(drop.table, [...(columns.get(drop.table) ?? []), drop.column]);
  }
  for (const table of whole) columns.delete(table);
  return { tables: [...whole, ...columns.keys()], columns };
}

async function readColumns(db: Pick<Connection, 'query'>, database: string, table: string): Promise<BackupColumn[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, CHARACTER_SET_NAME AS charset,
            COLLATION_NAME AS collation, IS_NULLABLE AS nullable, EXTRA AS extra, COLUMN_KEY AS columnKey,
            ORDINAL_POSITION AS position
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [database, table],
  );
  return rows.map((r) => ({
    name: String(r.name),
    dataType: String(r.dataType).toLowerCase(),
    columnType: String(r.columnType),
    charset: r.charset === null ? null : String(r.charset),
    collation: r.collation === null ? null : String(r.collation),
    nullable: r.nullable === 'YES',
    generated: /\b(VIRTUAL|STORED|PERSISTENT)\b|GENERATED/i.test(String(r.extra ?? '')),
    key: r.columnKey === 'PRI',
    position: Number(r.position),
  }));
}

/**
 * The SELECT expression that reads a column byte-exactly: geometry as WKB plus SRID, text
 * as the hex of its bytes in its own character set, TIMESTAMP as epoch seconds (time-zone
 * free), everything else as its text form (no JavaScript number or Date in between).
 */
function readExpression(column: BackupColumn, alias: string): string {
  const c = quoteIdentifier(column.name);
  if (GEOMETRY_DATA_TYPES.has(column.dataType))
    return `HEX(ST_AsWKB(${c})) AS ${alias}, ST_SRID(${c}) AS ${alias}_srid`;
  if (BINARY.has(column.dataType)) return `HEX(${c}) AS ${alias}`;
  if (column.charset !== null) return `HEX(${c}) AS ${alias}`;
  if (column.dataType === 'timestamp') return `IF(${c} = 0, '0', UNIX_TIMESTAMP(${c})) AS ${alias}`;
  return `CAST(${c} AS CHAR) AS ${alias}`;
}

/** The SQL literal that writes back what `readExpression` read. */
function writeLiteral(column: BackupColumn, row: RowDataPacket, alias: string): string {
  const value = row[alias] as unknown;
  if (value === null || value === undefined) return 'NULL';
  const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
  if (GEOMETRY_DATA_TYPES.has(column.dataType))
    return `ST_GeomFromWKB(X'${text}', ${Number(row[`${alias}_srid`] ?? 0)})`;
  if (column.dataType === 'bit') return `X'${text.length % 2 ? '0' + text : text}'`;
  if (BINARY.has(column.dataType)) return `X'${text}'`;
  if (column.charset !== null) return `_${optionWord(column.charset, 'character set', column.name)} X'${text}'`;
  if (column.dataType === 'timestamp') return text === '0' ? "'0000-00-00 00:00:00'" : `FROM_UNIXTIME(${text})`;
  return quoteString(text);
}

/** Writes lines to a file handle, accumulating into ~1 MiB chunks. */
class Output {
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly handle: Awaited<ReturnType<typeof open>>) {}
  async line(text: string): Promise<void> {
    this.buffer.push(text, '\n');
    this.size += text.length + 1;
    if (this.size > 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.size = 0;
    // write() may write less than asked (a nearly full disk): loop until done or it throws.
    for (let at = 0; at < chunk.length;) {
      const { bytesWritten } = await this.handle.write(chunk, at, chunk.length - at);
      if (bytesWritten === 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC', syscall: 'write' });
      at += bytesWritten;
    }
  }
}

async function writeRows(
  db: Pick<Connection, 'query'>,
  out: Output,
  database: string,
  table: string,
  into: string,
  columns: readonly BackupColumn[],
): Promise<void> {
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map((column, i) => readExpression(column, aliases[i]!)).join(', ');
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${select} FROM ${quoteQualified(database, table)}`);
  const names = columns.map((c) => quoteIdentifier(c.name)).join(', ');
  for (let i = 0; i < rows.length; i += 100) {
    const values = rows
      .slice(i, i + 100)
      .map((row) => `(${columns.map((column, j) => writeLiteral(column, row, aliases[j]!)).join(', ')})`);
    await out.line(`INSERT INTO ${into} (${names}) VALUES\n  ${values.join(',\n  ')};`);
  }
}

/** The definition line of `column` in SHOW CREATE TABLE (what re-adds it exactly). */
function definitionLine(createTable: string, column: string): string | undefined {
  const name = quoteIdentifier(column);
  const line = createTable.split('\n').find((l) => l.trimStart().startsWith(name + ' '));
  return line?.trim().replace(/,$/, '');
}

async function writeWholeTable(
  db: Pick<Connection, 'query'>,
  out: Output,
  database: string,
  table: string,
): Promise<void> {
  const [create] = await db.query<RowDataPacket[]>(`SHOW CREATE TABLE ${quoteQualified(database, table)}`);
  await out.line(String(create[0]?.['Create Table']).replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS ') + ';');
  const columns = (await readColumns(db, database, table)).filter((c) => !c.generated);
  await writeRows(db, out, database, table, quoteIdentifier(table), columns);
  await out.line('');
}

/**
 * A column-drop backup restorable in place: each dropped column is re-added where it was
 * (guarded, so a column still there is kept), its values and the primary key go into a
 * temporary table, and one UPDATE … JOIN puts them back. A table without a primary key is
 * backed up whole instead (there is no row identity to update by).
 */
async function writeDroppedColumns(
  db: Pick<Connection, 'query'>,
  out: Output,
  database: string,
  table: string,
  dropped: readonly string[],
): Promise<void> {
  const columns = await readColumns(db, database, table);
  const key = columns.filter((c) => c.key);
  const wanted = new Set(dropped.map((d) => d.toLowerCase()));
  const values = columns.filter((c) => wanted.has(c.name.toLowerCase()) && !c.generated && !c.key);
  if (key.length === 0) return writeWholeTable(db, out, database, table);
  const [create] = await db.query<RowDataPacket[]>(`SHOW CREATE TABLE ${quoteQualified(database, table)}`);
  const createTable = String(create[0]?.['Create Table']);
  const t = quoteIdentifier(table);
  for (const column of columns.filter((c) => wanted.has(c.name.toLowerCase()))) {
    const line = definitionLine(createTable, column.name);
    if (line === undefined) continue;
    const before = columns.find((c) => c.position === column.position - 1);
    const position = before ? ` AFTER ${quoteIdentifier(before.name)}` : ' FIRST';
    await out.line(
      renderGuard([
        { condition: `${columnCount(table, column.name)} = 0`, sql: `ALTER TABLE ${t} ADD COLUMN ${line}${position}` },
      ]) + ';',
    );
  }
  if (values.length === 0) return;
  const staging = quoteIdentifier('lupo_restore_columns');
  const definition = (c: BackupColumn): string =>
    `${quoteIdentifier(c.name)} ${c.columnType}${c.charset ? ` CHARACTER SET ${optionWord(c.charset, 'character set', c.name)} COLLATE ${optionWord(c.collation ?? '', 'collation', c.name)}` : ''} ${c.key ? 'NOT NULL' : 'NULL'}`;
  await out.line(`DROP TEMPORARY TABLE IF EXISTS ${staging};`);
  await out.line(
    `CREATE TEMPORARY TABLE ${staging} (${[...key, ...values].map(definition).join(', ')}, PRIMARY KEY (${key
      .map((c) => quoteIdentifier(c.name))
      .join(', ')}));`,
  );
  await writeRows(db, out, database, table, staging, [...key, ...values]);
  const on = key.map((c) => `t.${quoteIdentifier(c.name)} = r.${quoteIdentifier(c.name)}`).join(' AND ');
  const set = values.map((c) => `t.${quoteIdentifier(c.name)} = r.${quoteIdentifier(c.name)}`).join(', ');
  await out.line(`UPDATE ${t} t JOIN ${staging} r ON ${on} SET ${set};`);
  await out.line(`DROP TEMPORARY TABLE ${staging};`);
  await out.line('');
}

function writeFailure(error: unknown, dir: string): LupoError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EDQUOT'
          ? 'the disk quota is exceeded'
          : code === 'EROFS'
            ? 'the folder is read-only'
            : ((error as Error | undefined)?.message ?? String(error));
  return new LupoError('backup/write-failed', `The backup could not be written into ${dir}: ${why}.`, {
    hint: 'Free space in (or fix the permissions of) that folder, or set another backups folder in lupo.config; nothing was rolled back.',
    details: { folder: dir, ...(code ? { errno: code } : {}) },
    cause: error,
  });
}

/**
 * Gives the finished temp file `path` as its name, or `path` with `-2`, `-3`… before `.sql`
 * when that name is taken, and returns the name it got. A hard link fails on an existing
 * name instead of replacing it as a rename would: two backups of the same label in the same
 * second (a resumed rollback's, say) both stay.
 */
async function claimName(temp: string, path: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? path : path.replace(/\.sql$/, `-${n}.sql`);
    try {
      await link(temp, candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await unlink(temp);
    return candidate;
  }
}

/**
 * Writes a restorable SQL backup of what a rollback removes, before it runs: for whole
 * tables `CREATE TABLE IF NOT EXISTS` from SHOW CREATE TABLE and every row; for tables
 * that only lose columns (`columns`), those columns with the primary key, restorable in
 * place. Every stored column is included (INVISIBLE ones too), generated columns are left
 * out of the INSERTs, values are byte-exact (binary and text as hex in their character
 * set, geometry as WKB, TIMESTAMP as epoch seconds). Written to a temp name, then given
 * its final name (`backup-<db>-<label>-<ymdhis>.sql`, or `…-2.sql` and on when a backup of
 * that name exists: one is never replaced); a write failure (full disk…) removes the temp
 * file and raises `backup/write-failed` naming the folder. Returns the file path.
 */
export async function writeTableBackup(
  db: Pick<Connection, 'query'>,
  database: string,
  tables: readonly string[],
  dir: string,
  label: string,
  columns: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw writeFailure(error, dir);
  }
  const safe = label.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const path = join(dir, `backup-${database.replace(/[^A-Za-z0-9_.-]+/g, '-')}-${safe}-${ymdhis()}.sql`);
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temp, 'wx');
    const out = new Output(handle);
    await out.line(
      `-- Lupo Admin backup of ${tables.length} table(s) of ${commentText(database)} (${commentText(label)})`,
    );
    await out.line(`-- taken ${ymdhis()} UTC before a rollback removed data from them`);
    await out.line("SET NAMES utf8mb4;\nSET time_zone = '+00:00';\nSET FOREIGN_KEY_CHECKS = 0;");
    await out.line('SET @lupo_backup_sql_mode = @@SESSION.sql_mode;');
    await out.line("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO';\n");
    for (const table of tables) {
      const dropped = columns.get(table);
      if (dropped) await writeDroppedColumns(db, out, database, table, dropped);
      else await writeWholeTable(db, out, database, table);
    }
    await out.line('SET SESSION sql_mode = @lupo_backup_sql_mode;\nSET FOREIGN_KEY_CHECKS = 1;');
    await out.flush();
    await handle.sync();
    await handle.close();
    handle = undefined;
    return await claimName(temp, path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    if (error instanceof LupoError) throw error;
    // File-system errors carry the failing syscall; server errors go up as they are.
    if (error instanceof Error && 'syscall' in error) throw writeFailure(error, dir);
    throw error;
  }
}
