import { createReadStream } from 'node:fs';
import { LupoError } from '../../../shared/errors';
import type { Finding } from '../../../shared/schema/findings';
import {
  DATABASE_ROLES,
  emptySchemaModel,
  type DatabaseRole,
  type FileLocation,
  type ForbiddenObject,
  type SchemaModel,
  type View,
} from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import {
  applyTableItem,
  draftToTable,
  parseCreateTableDetailed,
  splitTopLevel,
  TokenCursor,
  type TableDraft,
} from '../ddl/index';
import { resolveRole } from '../definitions/role';
import { locatedSqlError } from './located-error';
import { statementStream, type SqlStatement } from './statement-splitter';

/** What reading an install/dump SQL file produced. */
export interface SqlFileResult {
  readonly model: SchemaModel;
  /** `CREATE TABLE` statements seen (including ones that failed to parse). */
  readonly createTableCount: number;
  readonly findings: readonly Finding[];
  /** Statements in the file. */
  readonly statements: number;
}

interface Entry {
  draft: TableDraft;
  role: DatabaseRole;
  source: FileLocation;
}

/** Accumulates the model while statements stream past. */
class SqlModelBuilder {
  readonly tables = new Map<string, Entry>();
  readonly forbidden: Record<DatabaseRole, ForbiddenObject[]> = { core: [], orchestration: [], ephemeral: [] };
  readonly views: Record<DatabaseRole, View[]> = { core: [], orchestration: [], ephemeral: [] };
  readonly findings: Finding[] = [];
  readonly usedNames: Partial<Record<DatabaseRole, string>> = {};
  createTableCount = 0;
  statements = 0;
  private currentDatabase: string | undefined;
  private readonly variables = new Map<string, { sql: string; line: number; column: number }[]>();
  private readonly prepared = new Map<string, string>();

  constructor(
    readonly file: string,
    readonly config: WorkspaceConfig,
  ) {}

  private location(stmt: { line: number; column: number }, sql: string, offset = 0): FileLocation {
    let line = stmt.line;
    let column = stmt.column;
    for (let i = 0; i < offset && i < sql.length; i++) {
      if (sql.charCodeAt(i) === 10) {
        line++;
        column = 1;
      } else column++;
    }
    return { kind: 'file', file: this.file, line, column };
  }

  private fail(stmt: { line: number; column: number }, sql: string, error: unknown, what: string): void {
    if (!(error instanceof LupoError)) throw error;
    const offset = typeof error.details?.offset === 'number' ? error.details.offset : 0;
    this.findings.push({
      code: error.code.replace(/^ddl\//, 'sql/'),
      severity: 'error',
      message: `${what}: ${error.message}`,
      ...(error.hint ? { hint: error.hint } : {}),
      location: this.location(stmt, sql, offset),
    });
  }

  /** Role of a table: the database it is qualified with / USEd in, else the name patterns. */
  private roleFor(table: string, database: string | undefined): DatabaseRole {
    const db = database ?? this.currentDatabase;
    if (db !== undefined) {
      const byName = DATABASE_ROLES.find((r) => this.config.databases[r].toLowerCase() === db.toLowerCase());
      if (byName) return byName;
    }
    const role = resolveRole('', table, this.config);
    if (db !== undefined && this.usedNames[role] === undefined) this.usedNames[role] = db;
    return role;
  }

  handle(stmt: SqlStatement): void {
    this.statements++;
    this.process(stmt, stmt.sql);
  }

  private process(stmt: { line: number; column: number }, sql: string): void {
    const c = new TokenCursor(sql);
    const first = c.peek();
    if (!first || first.kind !== 'word') return;
    try {
      switch (first.upper) {
        case 'USE':
          c.next();
          this.currentDatabase = c.identifier('a database name');
          return;
        case 'CREATE':
          return this.create(stmt, sql, c);
        case 'ALTER':
          return this.alter(stmt, sql, c);
        case 'SET':
          return this.set(stmt, sql, c);
        case 'PREPARE': {
          c.next();
          const name = c.identifier('a statement name').toLowerCase();
          c.expectWord('FROM');
          const v = c.next();
          if (v?.kind === 'variable') this.prepared.set(name, v.value.toLowerCase());
          return;
        }
        case 'EXECUTE': {
          c.next();
          const variable = this.prepared.get(c.identifier('a statement name').toLowerCase());
          for (const inner of (variable && this.variables.get(variable)) || []) this.process(inner, inner.sql);
          return;
        }
        default:
          return;
      }
    } catch (error) {
      this.fail(stmt, sql, error, `Cannot read this ${first.upper} statement`);
    }
  }

  /** `SET @v = …'DDL'…`: remembers DDL string literals for a later PREPARE/EXECUTE. */
  private set(stmt: { line: number; column: number }, sql: string, c: TokenCursor): void {
    c.next();
    const v = c.next();
    if (v?.kind !== 'variable') return;
    const found: { sql: string; line: number; column: number }[] = [];
    for (let t = c.next(); t; t = c.next()) {
      if (t.kind === 'string' && /^\s*(CREATE\s+(TABLE|INDEX|UNIQUE)|ALTER\s+TABLE)/i.test(t.value)) {
        const at = this.location(stmt, sql, t.start);
        found.push({ sql: t.value.trim(), line: at.line, column: at.column ?? 1 });
        break; // the first DDL branch of an IF(…) is the one that would run
      }
    }
    this.variables.set(v.value.toLowerCase(), found);
  }

  private create(stmt: { line: number; column: number }, sql: string, c: TokenCursor): void {
    c.next();
    if (c.acceptWord('OR')) c.expectWord('REPLACE');
    // skip ALGORITHM=…, DEFINER=…, SQL SECURITY …, TEMPORARY, UNIQUE etc. before the object kind
    for (let i = 0; i < 12 && c.peek(); i++) {
      const t = c.peek()!;
      if (
        t.kind === 'word' &&
        ['TABLE', 'DATABASE', 'SCHEMA', 'TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT', 'VIEW', 'INDEX'].includes(t.upper)
      )
        break;
      c.next();
    }
    const kind = c.next();
    if (!kind) return;
    switch (kind.upper) {
      case 'DATABASE':
      case 'SCHEMA':
        return;
      case 'TABLE':
        return this.createTable(stmt, sql);
      case 'INDEX':
        return this.createIndex(stmt, sql, c);
      case 'TRIGGER':
      case 'PROCEDURE':
      case 'FUNCTION':
      case 'EVENT': {
        if (c.acceptWord('IF')) {
          c.expectWord('NOT');
          c.expectWord('EXISTS');
        }
        const { database, name } = c.qualifiedName('a routine name');
        let table: string | undefined;
        if (kind.upper === 'TRIGGER') {
          while (c.peek() && !c.isWord('ON')) c.next();
          if (c.acceptWord('ON')) table = c.qualifiedName().name;
        }
        const role = table ? this.roleFor(table, database) : this.roleFor(name, database);
        const objectKind = kind.upper.toLowerCase() as ForbiddenObject['kind'];
        this.forbidden[role].push({
          kind: objectKind,
          name,
          ...(table ? { table } : {}),
          source: this.location(stmt, sql),
        });
        return;
      }
      case 'VIEW': {
        const { database, name } = c.qualifiedName('a view name');
        const body = /\bAS\b([\s\S]*)$/i.exec(sql);
        this.views[this.roleFor(name, database)].push({ name, definition: body ? body[1]!.trim() : '' });
        return;
      }
      default:
        return;
    }
  }

  private createTable(stmt: { line: number; column: number }, sql: string): void {
    this.createTableCount++;
    const source = this.location(stmt, sql);
    const notes: { code: string; message: string; offset: number }[] = [];
    const parsed = parseCreateTableDetailed(sql, source, (n) => notes.push(n));
    for (const n of notes)
      this.findings.push({
        code: n.code.replace(/^ddl\//, 'sql/'),
        severity: 'warning',
        message: `${parsed.table.name}: ${n.message}`,
        location: this.location(stmt, sql, n.offset),
      });
    const key = `${parsed.database ?? this.currentDatabase ?? ''}.${parsed.table.name}`.toLowerCase();
    const bare = parsed.table.name.toLowerCase();
    const existing = this.tables.get(bare) ?? this.tables.get(key);
    if (existing) {
      this.findings.push({
        code: 'sql/duplicate-table',
        severity: 'warning',
        message: `CREATE TABLE ${parsed.table.name} appears again (first at line ${existing.source.line}); the first one is kept`,
        location: source,
      });
      return;
    }
    const t = parsed.table;
    const draft: TableDraft = {
      name: t.name,
      columns: [...t.columns],
      ...(t.primaryKey ? { primaryKey: { columns: [...t.primaryKey.columns] } } : {}),
      indexes: [...t.indexes],
      foreignKeys: [...t.foreignKeys],
      options: { ...t.options },
    };
    this.tables.set(bare, { draft, role: this.roleFor(t.name, parsed.database), source });
  }

  private lookup(
    name: { database?: string; name: string },
    stmt: { line: number; column: number },
    sql: string,
  ): Entry | undefined {
    const entry = this.tables.get(name.name.toLowerCase());
    if (!entry) {
      this.findings.push({
        code: 'sql/unknown-table',
        severity: 'warning',
        message: `ALTER/INDEX on table "${name.name}", which no CREATE TABLE before it declares; ignored`,
        location: this.location(stmt, sql),
      });
    }
    return entry;
  }

  private createIndex(stmt: { line: number; column: number }, sql: string, c: TokenCursor): void {
    const unique = /^\s*CREATE\s+UNIQUE/i.test(sql);
    const fulltext = /^\s*CREATE\s+FULLTEXT/i.test(sql)
      ? 'FULLTEXT '
      : /^\s*CREATE\s+SPATIAL/i.test(sql)
        ? 'SPATIAL '
        : '';
    const name = c.identifier('an index name');
    c.expectWord('ON');
    const entry = this.lookup(c.qualifiedName(), stmt, sql);
    if (!entry) return;
    const rest = sql.slice(c.tokens.offset);
    applyTableItem(entry.draft, `${unique ? 'UNIQUE ' : fulltext}KEY \`${name.replaceAll('`', '``')}\` ${rest}`, 0);
  }

  /** ALTER TABLE t ADD …, MODIFY …: applied to the table read earlier. Other specs are ignored. */
  private alter(stmt: { line: number; column: number }, sql: string, c: TokenCursor): void {
    c.next();
    c.acceptWord('ONLINE', 'IGNORE');
    if (!c.acceptWord('TABLE')) return;
    if (c.acceptWord('IF')) c.expectWord('EXISTS');
    const entry = this.lookup(c.qualifiedName(), stmt, sql);
    if (!entry) return;
    const start = c.tokens.offset;
    for (const spec of splitTopLevel(sql.slice(start), start)) {
      const s = new TokenCursor(spec.text, spec.offset);
      const verb = s.next();
      if (!verb || verb.kind !== 'word') continue;
      const after = (tok: { end: number } | null): { text: string; offset: number } => {
        const at = tok ? tok.end : 0;
        const text = spec.text.slice(at);
        const lead = text.length - text.trimStart().length;
        return { text: text.trim(), offset: spec.offset + at + lead };
      };
      if (verb.upper === 'ADD') {
        let last: { end: number } = verb;
        const col = s.acceptWord('COLUMN');
        if (col) last = col;
        if (s.acceptWord('IF')) {
          s.expectWord('NOT');
          last = s.expectWord('EXISTS');
        }
        const rest = after(last);
        if (rest.text.startsWith('(')) {
          for (const item of splitTopLevel(rest.text.slice(1, rest.text.lastIndexOf(')')), rest.offset + 1))
            applyTableItem(entry.draft, item.text, item.offset);
        } else applyTableItem(entry.draft, rest.text, rest.offset);
      } else if (verb.upper === 'MODIFY') {
        const col = s.acceptWord('COLUMN');
        const rest = after(col ?? verb);
        const probe: TableDraft = { name: entry.draft.name, columns: [], indexes: [], foreignKeys: [], options: {} };
        applyTableItem(probe, rest.text, rest.offset);
        const column = probe.columns[0];
        if (!column) continue;
        const i = entry.draft.columns.findIndex((x) => x.name.toLowerCase() === column.name.toLowerCase());
        if (i >= 0) entry.draft.columns[i] = column;
        if (probe.primaryKey && !entry.draft.primaryKey) entry.draft.primaryKey = probe.primaryKey;
      }
    }
  }

  build(): SchemaModel {
    const base = emptySchemaModel({ ...this.config.databases, ...this.usedNames });
    const tables: Record<DatabaseRole, ReturnType<typeof draftToTable>[]> = {
      core: [],
      orchestration: [],
      ephemeral: [],
    };
    for (const entry of this.tables.values()) tables[entry.role].push(draftToTable(entry.draft, entry.source));
    const db = (role: DatabaseRole) => ({
      ...base.databases[role],
      tables: tables[role],
      views: this.views[role],
      forbiddenObjects: this.forbidden[role],
    });
    return { databases: { core: db('core'), orchestration: db('orchestration'), ephemeral: db('ephemeral') } };
  }
}

/**
 * Reads an install/dump SQL file (mysqldump or hand-written) into the schema model,
 * streaming it statement by statement so size does not matter. CREATE TABLE (and later
 * ALTER TABLE … ADD/MODIFY, CREATE INDEX, DDL run through SET/PREPARE/EXECUTE) build
 * tables; triggers/routines/events become forbiddenObjects; bad statements become
 * findings with file:line:column. Throws LupoError when the file cannot be read, or cannot
 * be read to its end (unterminated string or comment, bare DELIMITER, binary content:
 * `file:line` in the message).
 */
export async function readSqlFile(file: string, config: WorkspaceConfig): Promise<SqlFileResult> {
  const builder = new SqlModelBuilder(file, config);
  try {
    // Bytes, not 'utf8' strings: the splitter's decoder sees invalid UTF-8 and reports its line.
    for await (const stmt of statementStream(createReadStream(file, { highWaterMark: 1 << 20 }))) builder.handle(stmt);
  } catch (error) {
    // A file the splitter cannot read to its end: an error at file:line, never a model with fewer tables.
    if (error instanceof LupoError) throw locatedSqlError(error, file);
    throw new LupoError('sql/unreadable', `Cannot read the SQL file ${file}: ${(error as Error).message}`, {
      hint: 'Check the --sql path or "sqlFiles" in lupo.config.*.',
      cause: error,
    });
  }
  return {
    model: builder.build(),
    createTableCount: builder.createTableCount,
    findings: builder.findings,
    statements: builder.statements,
  };
}
