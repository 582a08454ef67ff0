import { lineOffsetAt } from '../statement-view';
import { charsetOfCollation, isStringType } from '../../diff/normalize';
import { defineRule, type RuleFinding } from '../types';

/** Tables use the InnoDB engine and the utf8mb4 character set (tables and string columns). */
export const innodbUtf8mb4 = defineRule({
  id: 'innodb-utf8mb4',
  description: 'Tables use ENGINE=InnoDB and DEFAULT CHARSET=utf8mb4; string columns use utf8mb4.',
  defaultSeverity: 'error',
  defaultOptions: { engine: 'innodb', charset: 'utf8mb4' },
  check: {
    table: (table, { options }) => {
      const findings: RuleFinding[] = [];
      const engine = table.options.engine?.toLowerCase();
      if (engine !== undefined && engine !== options.engine) {
        findings.push({
          table: table.name,
          message: `Table ${table.name} uses ENGINE=${table.options.engine}: convert it (ALTER TABLE … ENGINE=InnoDB).`,
        });
      }
      const charset = table.options.charset?.toLowerCase() ?? charsetOfCollation(table.options.collation);
      if (charset !== undefined && charset !== options.charset) {
        findings.push({
          table: table.name,
          message: `Table ${table.name} uses charset ${charset}: convert it (ALTER TABLE … CONVERT TO CHARACTER SET utf8mb4).`,
        });
      }
      for (const column of table.columns) {
        if (!isStringType(column.type)) continue;
        const columnCharset = column.charset?.toLowerCase() ?? charsetOfCollation(column.collation);
        if (columnCharset !== undefined && columnCharset !== options.charset) {
          findings.push({
            table: table.name,
            column: column.name,
            message: `Column \`${column.name}\` uses charset ${columnCharset}: make it utf8mb4 (or drop the column-level charset).`,
          });
        }
      }
      return findings;
    },
    statement: (view, { options }) => {
      if (!/^\s*(CREATE\s+(TEMPORARY\s+)?TABLE|ALTER\s+TABLE)\b/.test(view.upper)) return [];
      const findings: RuleFinding[] = [];
      const engine = /\bENGINE\s*=?\s*([A-Za-z0-9_]+)/i.exec(view.masked);
      if (engine && engine[1]!.toLowerCase() !== options.engine) {
        findings.push({
          lineOffset: lineOffsetAt(view, engine.index),
          message: `ENGINE=${engine[1]} is not allowed: use ENGINE=InnoDB.`,
        });
      }
      for (const match of view.upper.matchAll(/\b(?:CHARSET|CHARACTER\s+SET)\s*=?\s*([A-Z0-9_]+)/g)) {
        if (match[1]!.toLowerCase() !== options.charset) {
          findings.push({
            lineOffset: lineOffsetAt(view, match.index),
            message: `Character set ${match[1]!.toLowerCase()} is not allowed: use utf8mb4.`,
          });
        }
      }
      return findings;
    },
  },
});
