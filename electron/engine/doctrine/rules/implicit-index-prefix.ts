import { implicitIndexOutcome, INNODB_KEY_PART_LIMIT, mayExceedKeyLimit } from '../../diff/implicit-prefix';
import { defineRule, type RuleFinding } from '../types';

/**
 * A full-column index on a character column longer than InnoDB's 3072-byte key-part limit
 * does not mean what it says: the server stores a prefix (non-unique), a MariaDB long
 * unique hash (unique), or refuses the index (several columns). Diff already treats the
 * stored form as equal to the declaration (no false drift); this rule says what the
 * server does and how to declare it so the definition reads as what is stored.
 */
export const implicitIndexPrefix = defineRule({
  id: 'implicit-index-prefix',
  description: `Full-column indexes on character columns fit InnoDB's ${INNODB_KEY_PART_LIMIT}-byte key limit, or declare their prefix.`,
  defaultSeverity: 'warning',
  defaultOptions: {},
  check: {
    table: (table, { config }) => {
      // Most tables have no column that long: one pass over the columns instead of one per index part.
      if (!mayExceedKeyLimit(table)) return [];
      const findings: RuleFinding[] = [];
      const fallback = config.tableDefaults?.charset;
      for (const index of table.indexes) {
        const outcome = implicitIndexOutcome(index, table, fallback);
        if (!outcome) continue;
        const size = `${outcome.bytes} bytes, over InnoDB's ${INNODB_KEY_PART_LIMIT}-byte key limit`;
        if (outcome.kind === 'prefix') {
          findings.push({
            table: table.name,
            column: outcome.column,
            message: `Index \`${index.name}\` covers all of \`${outcome.column}\` (${size}): the server stores it as a prefix of ${outcome.length} characters, \`${outcome.column}\`(${outcome.length}).`,
            hint: `Declare the prefix to say what is stored: "${outcome.column}(${outcome.length})" in the index's columns.`,
          });
        } else if (outcome.kind === 'long-unique') {
          findings.push({
            table: table.name,
            column: outcome.column,
            message: `Unique index \`${index.name}\` covers all of \`${outcome.column}\` (${size}): MariaDB stores it as a long unique (USING HASH); MySQL 8 refuses it.`,
            hint: 'Keep it only on MariaDB, or index a shorter column (e.g. a hash of the value) for MySQL.',
          });
        } else {
          findings.push({
            table: table.name,
            column: outcome.column,
            message: `Index \`${index.name}\` includes all of \`${outcome.column}\` (${size}) beside other columns: the server refuses to create it ("Specified key was too long").`,
            hint: `Give \`${outcome.column}\` a prefix length in the index, e.g. "${outcome.column}(191)".`,
          });
        }
      }
      return findings;
    },
  },
});
