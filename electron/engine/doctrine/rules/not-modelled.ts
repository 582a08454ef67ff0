import { defineRule, type RuleFinding } from '../types';

/**
 * Live constructs the schema model cannot carry (system versioning, sequences, INVISIBLE or
 * COMPRESSED columns, PAGE_COMPRESSED/CHECKSUM/DELAY_KEY_WRITE and other table options):
 * they are never silently dropped — adopt warns, and this rule lists them wherever the
 * live schema is checked, so nobody relies on definitions to recreate them. See
 * docs/schema-fidelity.md for the decision per construct.
 */
export const notModelled = defineRule({
  id: 'not-modelled',
  description: 'Live tables use only constructs the definitions can carry (others are listed, never lost silently).',
  defaultSeverity: 'warning',
  defaultOptions: {},
  check: {
    table: (table) =>
      (table.unmodelled ?? []).map((what): RuleFinding => ({
        table: table.name,
        message: `Table ${table.name}: ${what} is not modelled; definitions, plans and rollbacks cannot recreate it.`,
        hint: 'Keep it in a hand-written migration, or remove it from the live table if it is not wanted.',
      })),
  },
});
