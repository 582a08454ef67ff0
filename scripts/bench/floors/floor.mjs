#!/usr/bin/env node
/**
 * The floors of `npm run bench`: what each `lupo` command costs with no framework at all.
 * Plain Node + mysql2, no build step, reading the same facts the command reads (the
 * definition files; the same information_schema queries and columns as lupo's
 * introspection) and doing the comparison in the most direct way. `lupo` should stay
 * within 1.5× of these.
 *
 *   node floor.mjs inspect|diff|lint|report|plan WORKSPACE_DIR MYSQL_URL [OUT_FILE]
 *
 * inspect: live tables, columns, indexes → JSON on stdout.
 * diff:    definitions vs live: missing/extra tables, column and index differences → stdout.
 * lint:    diff + doctrine checks (primary key, snake_case, *_ymdhis bigint, no FK, no triggers/routines/events).
 * report:  diff → a Markdown report in OUT_FILE.
 * plan:    diff → CREATE TABLE / ALTER TABLE statements in OUT_FILE.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

const [command, workspace, url, outFile] = process.argv.slice(2);
const config = JSON.parse(await readFile(join(workspace, 'lupo.config.json'), 'utf8'));
const database = config.databases.core;

/**
 * Live facts: the information_schema rows `lupo` reads for a schema (issue 16: a floor reads
 * the same facts), every query at once on a pool as wide as the query count: tables with
 * their options and figures, columns, index columns (with IGNORED, MariaDB 10.6+), CHECK
 * constraints, triggers/routines/events and whether any foreign key exists. Grouped per table.
 */
async function readLive() {
  const queries = [
    `SELECT TABLE_NAME t, ENGINE e, TABLE_COLLATION co, TABLE_COMMENT cm, CREATE_OPTIONS op, TABLE_ROWS r,
       DATA_LENGTH d, INDEX_LENGTH i, TABLE_TYPE ty FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
    `SELECT TABLE_NAME t, COLUMN_NAME n, ORDINAL_POSITION p, DATA_TYPE dt, COLUMN_TYPE ct, IS_NULLABLE nu,
       COLUMN_DEFAULT df, EXTRA x, CHARACTER_SET_NAME cs, COLLATION_NAME co, COLUMN_COMMENT cm, GENERATION_EXPRESSION g
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    `SELECT TABLE_NAME t, INDEX_NAME n, NON_UNIQUE nu, SEQ_IN_INDEX s, COLUMN_NAME c, SUB_PART sp, COLLATION o,
       INDEX_TYPE ty, INDEX_COMMENT cm, IGNORED ig FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`,
    `SELECT TABLE_NAME t, CONSTRAINT_NAME c, CHECK_CLAUSE k, LEVEL l
       FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
    `SELECT 'trigger' k, TRIGGER_NAME n, EVENT_OBJECT_TABLE t FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
     UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME, NULL FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?
     UNION ALL SELECT 'event', EVENT_NAME, NULL FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`,
    "SELECT COUNT(*) n FROM information_schema.INNODB_SYS_FOREIGN WHERE FOR_NAME LIKE CONCAT(?, '/%')",
  ];
  const pool = mysql.createPool({ uri: url, connectionLimit: queries.length });
  const [tables, columns, stats, checks, forbidden] = await Promise.all(
    queries.map((sql) => pool.query(sql, Array(sql.split('?').length - 1).fill(database)).then(([rows]) => rows)),
  );
  await pool.end();
  const live = new Map(tables.map((t) => [t.t.toLowerCase(), { ...t, columns: [], indexes: new Map(), checks: [] }]));
  for (const c of columns) live.get(c.t.toLowerCase())?.columns.push(c);
  for (const s of stats) {
    const table = live.get(s.t.toLowerCase());
    if (!table) continue;
    const index = table.indexes.get(s.n) ?? { unique: s.nu === 0 || s.nu === '0', type: s.ty, columns: [] };
    index.columns[s.s - 1] = s.c;
    table.indexes.set(s.n, index);
  }
  for (const check of checks) live.get(check.t.toLowerCase())?.checks.push(check);
  return { live, forbidden };
}

/** Definition facts: every .toon file (legacy JSON) read 64 at a time and parsed. */
async function readDefinitions() {
  const dir = join(workspace, config.definitions);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.toon')).sort();
  const docs = new Array(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < files.length) {
        const i = next++;
        docs[i] = JSON.parse(await readFile(join(dir, files[i]), 'utf8'));
      }
    }),
  );
  return docs;
}

/** `\`name\` type [NOT NULL] [DEFAULT x] [AUTO_INCREMENT] [COMMENT '…']` → comparable parts. */
function parseField(field) {
  const m = /^`([^`]+)`\s+(.*)$/s.exec(field);
  const comment = /\s+COMMENT\s+'((?:[^']|'')*)'\s*$/i.exec(m[2]);
  const rest = comment ? m[2].slice(0, comment.index) : m[2];
  const type = /^[a-z]+(?:\([^)]*\))?(?:\s+unsigned)?/i.exec(rest)[0].toLowerCase();
  const def = /DEFAULT\s+('(?:[^']|'')*'|\S+)/i.exec(rest)?.[1];
  return {
    name: m[1],
    type,
    nullable: !/NOT NULL/i.test(rest),
    default: def === undefined || /^null$/i.test(def) ? null : def.replace(/^'|'$/g, ''),
    autoIncrement: /auto_increment/i.test(rest),
    comment: comment ? comment[1].replace(/''/g, "'") : '',
  };
}

function liveField(c) {
  return {
    name: c.n,
    type: c.ct.toLowerCase(),
    nullable: c.nu === 'YES',
    default: c.df === null || c.df === 'NULL' ? null : c.df.replace(/^'|'$/g, ''),
    autoIncrement: /auto_increment/i.test(c.x),
    comment: c.cm,
  };
}

/** Integer display widths (`bigint(20)`, MariaDB's spelling) mean nothing. */
const bare = (type) => type.replace(/^((?:tiny|small|medium|big)?int)\(\d+\)/, '$1');

const same = (a, b) =>
  bare(a.type) === bare(b.type) &&
  a.nullable === b.nullable &&
  a.default === b.default &&
  a.autoIncrement === b.autoIncrement &&
  a.comment === b.comment;

/** The comparison: one line per difference, tables in definition order. */
function compare(docs, live) {
  const lines = [];
  const seen = new Set();
  for (const doc of docs) {
    const key = doc.table_name.toLowerCase();
    seen.add(key);
    const table = live.get(key);
    if (!table) {
      lines.push({ table: doc.table_name, kind: 'addTable', doc });
      continue;
    }
    const liveColumns = new Map(table.columns.map((c) => [c.n.toLowerCase(), liveField(c)]));
    const wanted = new Set();
    for (const field of doc.fields) {
      const want = parseField(field);
      wanted.add(want.name.toLowerCase());
      const have = liveColumns.get(want.name.toLowerCase());
      if (!have) lines.push({ table: doc.table_name, kind: 'addColumn', field });
      else if (!same(want, have)) lines.push({ table: doc.table_name, kind: 'modifyColumn', field });
    }
    for (const [key, have] of liveColumns) {
      if (!wanted.has(key)) lines.push({ table: doc.table_name, kind: 'dropColumn', column: have.name });
    }
    for (const index of doc.indexes ?? []) {
      const have = table.indexes.get(index.index_name);
      if (!have || have.unique !== index.is_unique || have.columns.join(',') !== index.columns.join(','))
        lines.push({ table: doc.table_name, kind: 'index', index: index.index_name });
    }
  }
  for (const [key, table] of live) if (!seen.has(key)) lines.push({ table: table.t, kind: 'dropTable' });
  return lines;
}

function doctrine(docs, forbidden) {
  const findings = forbidden.map((o) => `${o.n}: ${o.k} (forbidden)`);
  for (const doc of docs) {
    if (!doc.primary_key) findings.push(`${doc.table_name}: no primary key`);
    if (!/^[a-z0-9_]+$/.test(doc.table_name)) findings.push(`${doc.table_name}: not snake_case`);
    if (doc.foreign_keys?.length) findings.push(`${doc.table_name}: foreign keys`);
    for (const field of doc.fields) {
      const f = parseField(field);
      if (f.name.endsWith('_ymdhis') && !f.type.startsWith('bigint'))
        findings.push(`${doc.table_name}.${f.name}: not bigint`);
    }
  }
  return findings;
}

const describe = (d) => `${d.table}: ${d.kind} ${d.field ?? d.column ?? d.index ?? ''}`.trimEnd();

if (command === 'inspect') {
  const { live } = await readLive();
  const out = [...live.values()].map((t) => ({
    name: t.t,
    engine: t.e,
    columns: t.columns.map(liveField),
    indexes: Object.fromEntries(t.indexes),
  }));
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
} else {
  const [docs, { live, forbidden }] = await Promise.all([readDefinitions(), readLive()]);
  const differences = compare(docs, live);
  if (command === 'diff') {
    process.stdout.write(differences.map(describe).join('\n') + `\n${differences.length} difference(s)\n`);
  } else if (command === 'lint') {
    const findings = doctrine(docs, forbidden);
    process.stdout.write(findings.join('\n') + `\n${findings.length} finding(s); budget ${live.size}/${docs.length}\n`);
  } else if (command === 'report') {
    const rows = differences.map((d) => `| ${d.table} | ${d.kind} | ${d.field ?? d.column ?? d.index ?? ''} |`);
    const findings = doctrine(docs, forbidden);
    await writeFile(
      outFile,
      `# Sync report\n\n${docs.length} definitions, ${live.size} live tables, ${findings.length} doctrine finding(s)\n\n| table | change | detail |\n|---|---|---|\n${rows.join('\n')}\n`,
    );
  } else if (command === 'plan') {
    const statements = differences.map((d) => {
      if (d.kind === 'addTable')
        return `CREATE TABLE IF NOT EXISTS \`${d.table}\` (\n  ${d.doc.fields.join(',\n  ')}\n);`;
      if (d.kind === 'addColumn') return `ALTER TABLE \`${d.table}\` ADD COLUMN ${d.field};`;
      if (d.kind === 'modifyColumn') return `ALTER TABLE \`${d.table}\` MODIFY COLUMN ${d.field};`;
      return `-- ${describe(d)}`;
    });
    await writeFile(outFile, statements.join('\n') + '\n');
  } else {
    process.stderr.write(`unknown floor command ${command}\n`);
    process.exit(2);
  }
}
