import { JOURNAL_TABLE_NAME, LEDGER_ID_COLUMN } from '../../orchestrator/ledger-columns';
import { expectedPrimaryKeyName } from '../naming';
import { defineRule } from '../types';

/**
 * Lupopedia's own names for its orchestrator ledger (LEDGER.md §1.2, §3.10): the
 * `migration_` prefix dropped and a short noun kept (`migration_batches` → `batch_id`,
 * `migration_system_state` → `state_id`). Declared by Lupopedia; not the operator's to rename.
 */
const LEDGER_KEYS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(LEDGER_ID_COLUMN),
  [JOURNAL_TABLE_NAME, 'journal_id'],
  // The Galera cluster lease (orchestrator/cluster-lease.ts), named in the same style.
  ['migration_runner_lease', 'lease_id'],
]);

/**
 * Every table has a single-column primary key named after the table's singular
 * (`lupo_permissions` → `permission_id`). The orchestration ledger tables follow
 * Lupopedia's own naming instead, and may be declared without a key as Lupopedia's
 * `.toon` files do (its 4.0.25 SQL keys them; both are Lupopedia's declarations).
 */
export const primaryKeyNamedAfterTable = defineRule({
  id: 'primary-key-named-after-table',
  description: 'Every table has a single-column primary key named `<singular of the table name without prefix>_id`.',
  defaultSeverity: 'error',
  defaultOptions: { prefixes: ['lupo_'] as readonly string[] },
  check: {
    table: (table, context) => {
      const ledgerKey = LEDGER_KEYS.get(table.name.toLowerCase());
      const expected = ledgerKey ?? expectedPrimaryKeyName(table.name, context.options.prefixes);
      const columns = table.primaryKey?.columns ?? [];
      if (columns.length === 0 && ledgerKey && table.columns.some((c) => c.name.toLowerCase() === ledgerKey)) return [];
      if (columns.length === 0) {
        return [
          {
            table: table.name,
            message: `Table ${table.name} has no primary key: add \`${expected}\` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY.`,
          },
        ];
      }
      if (columns.length > 1) {
        return [
          {
            table: table.name,
            message: `Table ${table.name} has a composite primary key (${columns.join(', ')}): use a single \`${expected}\` key and a UNIQUE index on (${columns.join(', ')}).`,
          },
        ];
      }
      const actual = columns[0]!;
      return actual.toLowerCase() === expected
        ? []
        : [
            {
              table: table.name,
              column: actual,
              message: `Primary key of ${table.name} is \`${actual}\`: rename it to \`${expected}\`.`,
            },
          ];
    },
  },
});
