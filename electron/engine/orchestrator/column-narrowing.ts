import type { RowDataPacket } from 'mysql2/promise';
import type { Column } from '../../../shared/schema/model';
import { parseColumnDefinition } from '../ddl/index';
import { quoteIdentifier } from '../sql/identifier';
import { typeWidens } from '../planner/widening';
import type { ColumnChange } from './classify';
import type { Queryable } from './live-names';
import type { ExecutionStep } from './steps';

const key = (...parts: string[]): string => parts.map((p) => p.toLowerCase()).join('\u0000');

/** The definition text without a trailing `FIRST` / `AFTER col` (position is not a type). */
function withoutPosition(definition: string): string {
  return definition.replace(/\s+(FIRST|AFTER\s+(`(?:[^`]|``)+`|\S+))\s*$/i, '');
}

function parse(column: string, definition: string): Column | undefined {
  try {
    return parseColumnDefinition(`${quoteIdentifier(column)} ${definition}`);
  } catch {
    return undefined;
  }
}

/**
 * Why replacing the live column `from` by the definition `to` can lose data, or undefined
 * when every stored value survives: the type widens (planner/widening.ts), nullability is
 * not tightened, the character set and collation stay.
 */
export function narrowingRisk(from: Column, to: Column): string | undefined {
  const reasons: string[] = [];
  if (!typeWidens(from, to)) reasons.push(`${from.type} → ${to.type} narrows or changes the type`);
  if (from.nullable && !to.nullable) reasons.push('makes the column NOT NULL');
  if (to.charset !== undefined && from.charset !== undefined && to.charset.toLowerCase() !== from.charset.toLowerCase())
    reasons.push('converts the character set');
  return reasons.length === 0 ? undefined : reasons.join(', ');
}

/**
 * Marks MODIFY/CHANGE steps destructive when they narrow the live column (MySQL and
 * MariaDB truncate or refuse values that no longer fit; with ALTER IGNORE or a lax
 * sql_mode the rows change silently). Reads the live column types once. A column it cannot
 * read — absent and not added earlier in these steps, or a definition it cannot parse —
 * counts as narrowing: the operator confirms, the classifier does not guess.
 */
export async function markNarrowingSteps(
  db: Queryable,
  targetDatabase: string,
  steps: readonly ExecutionStep[],
): Promise<ExecutionStep[]> {
  const changes = steps.flatMap((s) => (s.classification.destructive ? [] : (s.classification.columnChanges ?? [])));
  if (changes.length === 0) return [...steps];
  const databases = [...new Set(changes.map((c) => c.database ?? targetDatabase))];
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
            CHARACTER_SET_NAME AS charset
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${databases.map(() => '?').join(', ')})`,
    databases,
  );
  const live = new Map<string, Column | undefined>();
  for (const r of rows) {
    const text = `${String(r.type)} ${r.nullable === 'YES' ? 'NULL' : 'NOT NULL'}`;
    const column = parse(String(r.c), text);
    live.set(
      key(String(r.s), String(r.t), String(r.c)),
      column && r.charset ? { ...column, charset: String(r.charset) } : column,
    );
  }
  const added = new Set<string>();
  const riskOf = (change: ColumnChange): string | undefined => {
    const at = key(change.database ?? targetDatabase, change.table, change.column);
    if (!live.has(at)) return added.has(at) ? undefined : `column \`${change.table}\`.\`${change.column}\` not found`;
    const from = live.get(at);
    const to = parse(change.column, withoutPosition(change.definition));
    if (from === undefined || to === undefined) return 'definition not readable';
    return narrowingRisk(from, to);
  };
  return steps.map((step) => {
    const cls = step.classification;
    const risks = cls.destructive ? [] : (cls.columnChanges ?? []).flatMap((c) => riskOf(c) ?? []);
    for (const effect of cls.effects) {
      if (effect.kind === 'column-exists')
        added.add(key(effect.database ?? targetDatabase, effect.table, effect.column));
    }
    if (risks.length === 0) return step;
    return {
      ...step,
      classification: { ...cls, destructive: true, summary: `${cls.summary} (${risks.join('; ')})` },
    };
  });
}
