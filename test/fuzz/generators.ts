import { encode } from '@toon-format/toon';

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs, so a failure replays. */
export function prng(seed: number): {
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
} {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

type Random = ReturnType<typeof prng>;

/** Pieces that end comments, strings, identifiers or statements, or hide code. */
const BREAKERS = [
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u0085',
  '\t',
  '\u0000',
  '\u001b',
  '`',
  '``',
  "'",
  "''",
  '"',
  '\\',
  "\\'",
  '*/',
  '/*',
  '/*!',
  '/*M!100000',
  '/*!50000',
  '--',
  '-- ',
  '#',
  ';',
  ')',
  '(',
  ',',
  '$$',
  '\u00e9',
  '\u{1F600}',
];
/** What an attacker wants the server to run. */
const PAYLOADS = [
  'CREATE USER fz_evil',
  "GRANT ALL ON *.* TO fz_evil@'%'",
  'DROP TABLE lupo_sentinel',
  'TRUNCATE lupo_sentinel',
  'DELETE FROM lupo_sentinel',
  'UPDATE lupo_sentinel SET sentinel_value = 0',
  'ALTER TABLE lupo_sentinel DROP COLUMN sentinel_value',
];

/** Breakers a server accepts inside a quoted name (no control characters). */
const PRINTABLE_BREAKERS = BREAKERS.filter(
  (b) => ![...b].some((c) => c.charCodeAt(0) < 0x20 || c === '\u2028' || c === '\u0085'),
);

/**
 * A name built from plain letters, breakers and payloads (sometimes long). Mostly names the
 * server accepts (they must reach SQL safely quoted); sometimes control characters (they
 * must be refused at load).
 */
export function hostileName(r: Random): string {
  const breakers = r.chance(0.3) ? BREAKERS : PRINTABLE_BREAKERS;
  const parts: string[] = [r.pick(['x', 'lupo_fz', 'a', ''])];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) parts.push(r.chance(0.6) ? r.pick(breakers) : r.pick(PAYLOADS));
  if (r.chance(0.1)) parts.push('y'.repeat(40 + r.int(40)));
  return parts.join('').replace(/ +$/, '');
}

/** A table option or charset: plain, or with SQL glued on. */
export function hostileOption(r: Random, plain: readonly string[]): string {
  const base = r.pick(plain);
  if (r.chance(0.25)) return base;
  return `${base}${r.pick(BREAKERS)}${r.pick(PAYLOADS)}${r.chance(0.5) ? r.pick(BREAKERS) : ''}`;
}

const quoteName = (name: string): string => '`' + name.replaceAll('`', '``') + '`';

/** Text with quotes, comment markers and payloads but no control characters: legal, must be escaped. */
function printableHostile(r: Random): string {
  const parts: string[] = [r.pick(['x', 'lupo_fz', 'a'])];
  for (let i = 0, n = 1 + r.int(3); i < n; i++)
    parts.push(r.chance(0.6) ? r.pick(PRINTABLE_BREAKERS) : r.pick(PAYLOADS));
  return parts.join('').slice(0, 60).replace(/ +$/, '');
}

/**
 * A definition document (JSON or TOON text). Half are legal but hostile everywhere text can
 * go (names, comments, enum values, defaults) — they must reach the server escaped; half
 * carry one thing the server would refuse or that would end the SQL (a control character
 * in a name, SQL in an option, an absurd size, an unbalanced expression, a duplicate key,
 * deep nesting) — they must be refused at load with a location.
 */
export function hostileDefinition(r: Random, i: number): { file: string; text: string } {
  const legalOnly = r.chance(0.5);
  const mutation = legalOnly ? -1 : r.int(9);
  const table = r.chance(0.5) ? printableHostile(r) : `lupo_fz${i}`;
  const id = `fz${i}_id`;
  const fields = [`${quoteName(id)} bigint NOT NULL`];
  const columns = 1 + r.int(3);
  for (let c = 0; c < columns; c++) {
    const name = r.chance(0.6) ? printableHostile(r) : `c${c}`;
    const type = r.pick([
      'varchar(20)',
      'int',
      'text',
      `enum('a','${printableHostile(r).replaceAll("'", "''")}')`,
      'decimal(10,2)',
    ]);
    const extra = r.pick([
      '',
      ` COMMENT '${printableHostile(r).replaceAll("'", "''")}'`,
      type.startsWith('varchar') ? ` DEFAULT '${printableHostile(r).replaceAll("'", "''").slice(0, 20)}'` : '',
      type === 'int' ? ' DEFAULT (1 + 1)' : '',
      type === 'int' ? ' GENERATED ALWAYS AS (1 + 1) VIRTUAL' : '',
    ]);
    fields.push(`${quoteName(`${name}_${c}`)} ${type}${extra}`);
  }
  const doc: Record<string, unknown> = { table_name: table, fields, primary_key: { column_name: id } };
  if (r.chance(0.5)) doc.engine = r.pick(['InnoDB', 'Aria']);
  if (r.chance(0.5)) doc.charset = 'utf8mb4';
  if (r.chance(0.5)) doc.table_comment = printableHostile(r);
  switch (mutation) {
    case 0:
      doc.table_name = hostileName(r) + '\n' + r.pick(PAYLOADS);
      break;
    case 1:
      fields.push(`${quoteName(`c${r.pick(BREAKERS.filter((b) => b.charCodeAt(0) < 0x20))}${r.pick(PAYLOADS)}`)} int`);
      break;
    case 2:
      doc.engine = hostileOption(r, ['InnoDB', 'Aria']).replace(/^(InnoDB|Aria)$/, 'InnoDB;');
      break;
    case 3:
      doc[r.pick(['charset', 'collation'])] = `utf8mb4${r.pick([';', ' ', '\n', '/*'])}${r.pick(PAYLOADS)}`;
      break;
    case 4:
      fields.push(
        `\`huge\` ${r.pick(['varchar(1e+21)', 'varchar(70000)', 'decimal(200,100)', 'char(300)', 'datetime(9)', 'bit(65)'])}`,
      );
      break;
    case 5:
      fields.push(
        `\`d\` int ${r.pick(['DEFAULT (1); DROP TABLE lupo_sentinel; -- ', 'GENERATED ALWAYS AS (1) VIRTUAL, x int); DROP TABLE lupo_sentinel; -- (1) VIRTUAL'])}`,
      );
      break;
    case 6:
      fields.push(`${quoteName('n'.repeat(65))} int`);
      break;
    case 7: {
      let nested: unknown = 1;
      for (let d = 0; d < 40; d++) nested = [nested];
      doc.extra = nested;
      break;
    }
    case 8:
      doc.duplicate = true;
      break;
  }
  let text = r.chance(0.5) ? JSON.stringify(doc, null, 2) : encode(doc);
  if (doc.duplicate) {
    text = text.startsWith('{')
      ? text.replace('{', `{\n  "table_name": "lupo_dup${i}",`)
      : `table_name: lupo_dup${i}\n${text}`;
  }
  return { file: `lupo_fz${i}.toon`, text };
}

/** Ways to disguise a destructive statement so a naive reader misses it. */
const DISGUISES: ReadonlyArray<(r: Random, sql: string) => string> = [
  (_r, sql) => `EXECUTE IMMEDIATE '${sql.replaceAll("'", "''")}'`,
  (_r, sql) => `EXECUTE IMMEDIATE CONCAT('${sql.slice(0, 4)}', '${sql.slice(4).replaceAll("'", "''")}')`,
  (_r, sql) => `EXECUTE IMMEDIATE 0x${Buffer.from(sql).toString('hex')}`,
  (_r, sql) => `PREPARE fz FROM '${sql.replaceAll("'", "\\'")}';\nEXECUTE fz;\nDEALLOCATE PREPARE fz`,
  (_r, sql) => `SET @fz = CONCAT('${sql.slice(0, 3)}', '${sql.slice(3)}');\nPREPARE fz FROM @fz;\nEXECUTE fz`,
  (_r, sql) => `SET @fz = IF(1 = 1, 'DO 0', '${sql}');\nSET @fz = '${sql}';\nPREPARE fz FROM @fz;\nEXECUTE fz`,
  (_r, sql) => `SET @fz = IF(0 = 1, 'DO 0', '${sql}');\nPREPARE fz FROM @fz;\nEXECUTE fz;\nDEALLOCATE PREPARE fz`,
  (_r, sql) => `SET @fz = '${sql}';\nDO 0;\nPREPARE fz FROM @fz;\nEXECUTE fz`,
  (r, sql) => `DO 0 /*M!${r.pick(['100000', '', '50700'])} ; ${sql} */`,
  (r, sql) => `/*!${r.pick(['', '40101', '50000'])} ${sql} */`,
  (r, sql) => `/*M!${r.pick(['100000', '100500'])} ${sql} */`,
  (_r, sql) => sql.replace(/ /g, ' /* x */ '),
  (_r, sql) => sql.replace(/ /g, '\n-- c\n'),
  (_r, sql) => sql.toLowerCase(),
  (_r, sql) => `EXECUTE IMMEDIATE 'EXECUTE IMMEDIATE ''${sql.replaceAll("'", "''''")}'''`,
  (_r, sql) => `BEGIN NOT ATOMIC ${sql}; END`,
  (_r, sql) => `CREATE TEMPORARY TABLE IF NOT EXISTS fz_tmp (x int)`.concat(`;\n${sql}`),
];
/**
 * Destruction written so only a careful reader sees it. (Renames, REPLACE and UPDATE … WHERE
 * are ordinary data migrations, not destruction: not generated here.)
 */
const HIDDEN_CLAUSES = [
  "ALTER TABLE lupo_sentinel COMMENT 'x' /*M!100000 , DROP COLUMN sentinel_value */",
  "ALTER TABLE lupo_sentinel COMMENT 'x' /*!50000 , DROP COLUMN sentinel_value */",
  'DROP TABLE IF EXISTS fz_tmp /*M!100000 , lupo_sentinel */',
  'ALTER TABLE lupo_sentinel DISCARD TABLESPACE',
  'ALTER IGNORE TABLE lupo_sentinel MODIFY sentinel_value tinyint',
  'ALTER TABLE lupo_sentinel MODIFY sentinel_value tinyint',
  'ALTER TABLE lupo_sentinel CHANGE sentinel_value sentinel_value char(1)',
  'ALTER TABLE lupo_sentinel ENGINE = BLACKHOLE',
  'CREATE OR REPLACE TABLE lupo_sentinel (sentinel_id bigint)',
  'DELETE FROM lupo_sentinel WHERE sentinel_id > 0',
];

/** A migration file whose statements try to remove the sentinel's rows without saying so. */
export function hostileSqlFile(r: Random): string {
  const lines = ['-- lupo-target-role: core'];
  const n = 1 + r.int(2);
  for (let s = 0; s < n; s++) {
    const target = r.chance(0.5) ? r.pick(PAYLOADS.slice(2)) : r.pick(HIDDEN_CLAUSES);
    lines.push(`${r.chance(0.7) ? r.pick(DISGUISES)(r, target) : target};`);
  }
  return lines.join('\n') + '\n';
}
