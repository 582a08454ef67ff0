import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseRole } from '../../../shared/schema/model';
import { LupoError } from '../../../shared/errors';
import { migrationChecksum } from '../migrations/checksum';
import { ymdhis } from '../orchestrator/ymdhis';
import { columnCount, indexCount, renderGuard } from '../planner/guard';
import { splitTextTopLevel } from '../sql/split-top-level';
import { isKeyword, isName, isPunct, tokenizeAll, type Token } from '../sql/tokenizer';
import { splitScript } from './split-script';
import { assessStatement } from './statement-safety';

/** A table name read from a statement: refused when it names a database (migrations are unqualified). */
function tableAt(tokens: readonly Token[], at: number, sql: string): { name: string; next: number } {
  const first = tokens[at];
  if (!isName(first)) throw unreadable(sql);
  if (isPunct(tokens[at + 1], '.')) {
    throw new LupoError(
      'query/qualified-name',
      `A migration names its tables without a database: \`${first.value}\`.\`${tokens[at + 2]?.value ?? ''}\`.`,
      {
        hint: 'Remove the database qualifier; the target database is chosen when the migration is applied.',
      },
    );
  }
  return { name: first.value, next: at + 1 };
}

function unreadable(sql: string): LupoError {
  return new LupoError('query/not-migratable', `This statement cannot be saved as a migration: ${sql.slice(0, 120)}`, {
    hint: 'Only CREATE/ALTER/DROP TABLE and CREATE/DROP INDEX are saved; write other changes into a migration by hand.',
  });
}

function insertAfter(sql: string, token: Token, text: string): string {
  return sql.slice(0, token.end) + text + sql.slice(token.end);
}

/** One ALTER TABLE clause made idempotent: an information_schema guard around it. */
function guardAlterClause(table: string, clause: string, sql: string): string {
  const tokens = tokenizeAll(clause, { tolerant: true });
  const statement = `ALTER TABLE \`${table.replaceAll('`', '``')}\` ${clause.trim()}`;
  const verb = tokens[0]?.upper;
  if (verb === 'ADD' || verb === 'DROP') {
    let i = 1;
    const index = isKeyword(tokens[i], 'INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL');
    if (index) {
      while (isKeyword(tokens[i], 'INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL')) i++;
    } else if (isKeyword(tokens[i], 'COLUMN')) i++;
    if (isKeyword(tokens[i], 'IF')) throw unreadable(sql);
    const name = tokens[i];
    if (!isName(name) || isKeyword(name, 'PRIMARY', 'CONSTRAINT', 'FOREIGN', 'CHECK')) throw unreadable(sql);
    const count = index ? indexCount(table, name.value) : columnCount(table, name.value);
    return renderGuard([{ condition: `${count} ${verb === 'ADD' ? '= 0' : '> 0'}`, sql: statement }]);
  }
  if (verb === 'MODIFY' || verb === 'CHANGE') {
    const i = isKeyword(tokens[1], 'COLUMN') ? 2 : 1;
    const name = tokens[i];
    if (!isName(name)) throw unreadable(sql);
    // Re-running a MODIFY gives the same column: guard only on the column being there.
    return renderGuard([{ condition: `${columnCount(table, name.value)} > 0`, sql: statement }]);
  }
  throw unreadable(sql);
}

/**
 * Rewrites one DDL statement typed in the console so it can run twice, by the planner's
 * rules: `CREATE TABLE IF NOT EXISTS`, `DROP TABLE IF EXISTS`, and information_schema
 * guards (SET/PREPARE/EXECUTE) around index and column changes — one guard per ALTER
 * clause. Anything else is refused with what to do.
 */
export function idempotentStatement(sql: string): string {
  const tokens = tokenizeAll(sql, { tolerant: true });
  const head = tokens[0]?.upper;
  if (head === 'CREATE') {
    let i = 1;
    if (isKeyword(tokens[i], 'TABLE')) {
      if (isKeyword(tokens[i + 1], 'IF')) return (tableAt(tokens, i + 4, sql), sql);
      tableAt(tokens, i + 1, sql);
      return insertAfter(sql, tokens[i]!, ' IF NOT EXISTS');
    }
    while (isKeyword(tokens[i], 'UNIQUE', 'FULLTEXT', 'SPATIAL')) i++;
    if (isKeyword(tokens[i], 'INDEX') && isName(tokens[i + 1]) && isKeyword(tokens[i + 2], 'ON')) {
      const table = tableAt(tokens, i + 3, sql);
      return renderGuard([{ condition: `${indexCount(table.name, tokens[i + 1]!.value)} = 0`, sql }]);
    }
  }
  if (head === 'DROP') {
    if (isKeyword(tokens[1], 'TABLE')) {
      if (isKeyword(tokens[2], 'IF')) return sql;
      for (const part of splitTextTopLevel(sql.slice(tokens[1]!.end)))
        tableAt(tokenizeAll(part.text, { tolerant: true }), 0, sql);
      return insertAfter(sql, tokens[1]!, ' IF EXISTS');
    }
    if (isKeyword(tokens[1], 'INDEX') && isName(tokens[2]) && isKeyword(tokens[3], 'ON')) {
      const table = tableAt(tokens, 4, sql);
      return renderGuard([{ condition: `${indexCount(table.name, tokens[2]!.value)} > 0`, sql }]);
    }
  }
  if (head === 'ALTER' && isKeyword(tokens[1], 'TABLE')) {
    const table = tableAt(tokens, 2, sql);
    const rest = sql.slice(tokens[table.next - 1]!.end);
    return splitTextTopLevel(rest)
      .filter((part) => part.text.trim() !== '')
      .map((part) => guardAlterClause(table.name, part.text, sql))
      .join(';\n\n');
  }
  throw unreadable(sql);
}

/** A migration file written from the console. */
export interface SavedMigration {
  readonly fileName: string;
  readonly path: string;
  readonly content: string;
  readonly sha256: string;
}

/**
 * Saves DDL typed in the console as a migration file (`V<ymdhis>__<name>.sql`) in the
 * workspace's migrations folder, with the header the orchestrator reads
 * (`-- lupo-target-role:`) and every statement made idempotent. Only DDL is accepted:
 * data changes are not schema migrations. Never overwrites a file.
 */
export async function saveAsMigration(options: {
  readonly sql: string;
  readonly role: DatabaseRole;
  readonly name: string;
  readonly migrationsDir: string;
  readonly now?: Date;
}): Promise<SavedMigration> {
  const statements = splitScript(options.sql);
  if (statements.length === 0) throw new LupoError('query/empty', 'There is no statement to save.');
  const bodies = statements.map((s) => {
    const assessment = assessStatement(s.sql);
    if (assessment.access !== 'ddl') throw unreadable(s.sql);
    const destructive = assessment.destructive ? 'DESTRUCTIVE: ' : '';
    return `-- ${destructive}${assessment.classification.summary} (typed in the console)\n${idempotentStatement(s.sql)};`;
  });
  const now = options.now ?? new Date();
  const stamp = ymdhis(now);
  const fileName = `V${stamp}__${options.name}.sql`;
  const content = [
    `-- Saved from the Lupo Admin SQL console on ${now.toISOString()}`,
    `-- lupo-target-role: ${options.role}`,
    '-- Idempotent: CREATE/DROP … IF [NOT] EXISTS and information_schema guards (SET/PREPARE/EXECUTE), MySQL 8 and MariaDB.',
    '',
    bodies.join('\n\n'),
    '',
  ].join('\n');
  await mkdir(options.migrationsDir, { recursive: true });
  const file = path.join(options.migrationsDir, fileName);
  await writeFile(file, content, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') {
      throw new LupoError('query/migration-exists', `${fileName} already exists in ${options.migrationsDir}.`, {
        hint: 'Choose another name, or wait a second (names carry the time).',
      });
    }
    throw error;
  });
  return { fileName, path: file, content, sha256: migrationChecksum(content) };
}
