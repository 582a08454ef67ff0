import { DATABASE_ROLES, type DatabaseRole, type SchemaModel, type Table } from '../schema/model';

/**
 * How a relationship was inferred (the doctrine forbids foreign keys, so every edge is a
 * guess from naming and must say which rule made it):
 * - `primary-key-name`: the column has the exact name of another table's single-column
 *   primary key (`actor_id` → the table whose PK is `actor_id`);
 * - `qualified-primary-key-name`: the column ends with `_<pk>` after a qualifier
 *   (`parent_actor_id`, `created_by_actor_id` → PK `actor_id`);
 * - `table-name`: `<thing>_id` and a table named after the thing (`thing`, `things`,
 *   `<prefix>things`) whose single-column primary key is `id` or `<thing>_id`.
 */
export type InferenceRule = 'primary-key-name' | 'qualified-primary-key-name' | 'table-name';

/** One end of a relationship. */
export interface RelationshipEnd {
  readonly role: DatabaseRole;
  readonly table: string;
  readonly column: string;
}

/** An inferred relationship: `from.column` refers to `to.column`. */
export interface Relationship {
  /** `role.table.column->role.table.column`, stable across runs. */
  readonly id: string;
  readonly from: RelationshipEnd;
  readonly to: RelationshipEnd;
  readonly rule: InferenceRule;
  /** One line for tooltips: `actor_id → lupo_actors.actor_id (column named like that table's primary key)`. */
  readonly explanation: string;
  /** True when other tables matched equally well (the first one by role order and name was kept). */
  readonly ambiguous: boolean;
}

interface Candidate {
  readonly role: DatabaseRole;
  readonly table: Table;
  readonly pk: string;
}

const RULE_TEXT: Readonly<Record<InferenceRule, string>> = {
  'primary-key-name': "column named like that table's primary key",
  'qualified-primary-key-name': "column ends with that table's primary key name",
  'table-name': 'column named after that table',
};

/** The single primary key column of a table, or undefined for none/composite keys. */
function singlePk(table: Table): string | undefined {
  const columns = table.primaryKey?.columns;
  return columns && columns.length === 1 ? columns[0] : undefined;
}

/** Names a table for `thing` may have: thing, things, thinges, thingies; with the same prefix as the referring table. */
function tableNamesFor(thing: string, prefixes: readonly string[]): string[] {
  const plurals = [thing, `${thing}s`, `${thing}es`];
  if (thing.endsWith('y')) plurals.push(`${thing.slice(0, -1)}ies`);
  return prefixes.flatMap((prefix) => plurals.map((plural) => `${prefix}${plural}`.toLowerCase()));
}

/**
 * Infers relationships from `*_id` column names across the three databases. A table's own
 * primary key column never starts an edge, composite keys are never targets,
 * and when several tables match the same rule, the one in the referring table's database
 * wins, then the first by role order and name (marked `ambiguous`). Pure and deterministic:
 * the result is sorted by id.
 */
export function inferRelationships(model: SchemaModel): Relationship[] {
  const byPk = new Map<string, Candidate[]>();
  const byName = new Map<string, Candidate[]>();
  for (const role of DATABASE_ROLES) {
    for (const table of model.databases[role].tables) {
      const pk = singlePk(table);
      if (!pk) continue;
      const candidate = { role, table, pk };
      const pkKey = pk.toLowerCase();
      byPk.set(pkKey, [...(byPk.get(pkKey) ?? []), candidate]);
      const nameKey = table.name.toLowerCase();
      byName.set(nameKey, [...(byName.get(nameKey) ?? []), candidate]);
    }
  }

  const result: Relationship[] = [];
  for (const role of DATABASE_ROLES) {
    for (const table of model.databases[role].tables) {
      const ownPk = table.primaryKey?.columns.map((column) => column.toLowerCase()) ?? [];
      const prefix = /^([a-z0-9]+_)/i.exec(table.name)?.[1] ?? '';
      for (const column of table.columns) {
        const name = column.name.toLowerCase();
        if (!name.endsWith('_id') || name === '_id') continue;
        // A table's own primary key is what others point at; it never points out itself.
        if (ownPk.length === 1 && ownPk[0] === name) continue;
        const notSelf = (candidate: Candidate): boolean =>
          candidate.pk.toLowerCase() !== name || candidate.table !== table;
        let rule: InferenceRule | undefined;
        let candidates: Candidate[] = [];

        candidates = (byPk.get(name) ?? []).filter(notSelf);
        if (candidates.length > 0) rule = 'primary-key-name';

        if (!rule) {
          const words = name.split('_');
          for (let start = 1; start < words.length - 1 && !rule; start++) {
            const suffix = words.slice(start).join('_');
            candidates = (byPk.get(suffix) ?? []).filter(notSelf);
            if (candidates.length > 0) rule = 'qualified-primary-key-name';
          }
        }

        if (!rule) {
          const thing = name.slice(0, -3);
          const names = tableNamesFor(thing, prefix ? ['', prefix] : ['']);
          candidates = names
            .flatMap((tableName) => byName.get(tableName) ?? [])
            .filter((candidate) => candidate.table !== table)
            .filter((candidate) => {
              const pk = candidate.pk.toLowerCase();
              return pk === 'id' || pk === name;
            });
          if (candidates.length > 0) rule = 'table-name';
        }

        if (!rule || candidates.length === 0) continue;
        const sameRole = candidates.filter((candidate) => candidate.role === role);
        const pool = sameRole.length > 0 ? sameRole : candidates;
        const target = pool[0];
        if (!target) continue;
        const from = { role, table: table.name, column: column.name };
        const to = { role: target.role, table: target.table.name, column: target.pk };
        result.push({
          id: `${from.role}.${from.table}.${from.column}->${to.role}.${to.table}.${to.column}`,
          from,
          to,
          rule,
          explanation: `${column.name} → ${to.table}.${to.column} (${RULE_TEXT[rule]})`,
          ambiguous: pool.length > 1,
        });
      }
    }
  }
  return result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
