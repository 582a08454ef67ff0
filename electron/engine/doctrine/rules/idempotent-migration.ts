import { lineOffsetAt, splitTopLevel, type StatementView } from '../statement-view';
import { defineRule, type RuleFinding } from '../types';

const GUARD_HINT =
  "build the statement in a variable conditioned on information_schema (SET @sql = IF((SELECT COUNT(*) FROM information_schema.… WHERE …) = 0, '…', 'DO 0'); PREPARE s FROM @sql; EXECUTE s; DEALLOCATE PREPARE s)";

function alterFindings(view: StatementView, start: number, mysql: boolean): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const part of splitTopLevel(view.upper.slice(start), start)) {
    const lineOffset = lineOffsetAt(view, part.offset + Math.max(0, part.text.search(/\S/)));
    const clause =
      /^\s*(ADD|DROP)\b\s*(COLUMN|INDEX|KEY|UNIQUE|FULLTEXT|SPATIAL|CONSTRAINT|FOREIGN\s+KEY|PRIMARY\s+KEY|CHECK|PARTITION)?/.exec(
        part.text,
      );
    if (!clause) {
      if (/^\s*RENAME\b/.test(part.text))
        findings.push({
          lineOffset,
          message: `ALTER TABLE … ${part.text.trim().split(/\s+/).slice(0, 2).join(' ')} fails when run twice: ${GUARD_HINT}.`,
        });
      continue;
    }
    const what = `${clause[1]} ${(clause[2] ?? 'COLUMN').replace(/\s+/g, ' ')}`;
    const guarded = /^\s*(ADD|DROP)\b[^,]*?\bIF\s+(NOT\s+)?EXISTS\b/.test(part.text);
    if (guarded && !mysql) continue;
    if (clause[1] === 'DROP' && clause[2]?.startsWith('PRIMARY')) continue;
    findings.push({
      lineOffset,
      message: guarded
        ? `ALTER TABLE … ${what} IF ${clause[1] === 'ADD' ? 'NOT ' : ''}EXISTS is MariaDB-only (MySQL 8 rejects it): ${GUARD_HINT}.`
        : `ALTER TABLE … ${what} is not guarded and fails when run twice: ${GUARD_HINT}.`,
    });
  }
  return findings;
}

/**
 * Migrations can run twice without failing or changing the result: `CREATE TABLE IF NOT
 * EXISTS`, `DROP … IF EXISTS`, and `ALTER TABLE ADD/DROP` only inside a PREPARE/EXECUTE
 * pattern conditioned on information_schema (MySQL 8 has no `ADD COLUMN/INDEX IF NOT
 * EXISTS`; option `servers: ['mariadb']` accepts MariaDB's IF [NOT] EXISTS forms).
 */
export const idempotentMigration = defineRule({
  id: 'idempotent-migration',
  description: 'Migration statements are idempotent: CREATE … IF NOT EXISTS, DROP … IF EXISTS, guarded ALTERs.',
  defaultSeverity: 'error',
  defaultOptions: { servers: ['mysql', 'mariadb'] as readonly string[] },
  check: {
    statement: (view, { options }) => {
      const mysql = options.servers.includes('mysql');
      const text = view.upper.trimStart();
      let match: RegExpExecArray | null;
      if ((match = /^CREATE\s+OR\s+REPLACE\s+(TEMPORARY\s+)?TABLE\b/.exec(text))) {
        return [
          {
            message: 'CREATE OR REPLACE TABLE drops existing data and is MariaDB-only: use CREATE TABLE IF NOT EXISTS.',
          },
        ];
      }
      if ((match = /^CREATE\s+(TEMPORARY\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\b)?/.exec(text))) {
        return match[2]
          ? []
          : [{ message: 'CREATE TABLE without IF NOT EXISTS fails when run twice: write CREATE TABLE IF NOT EXISTS.' }];
      }
      if ((match = /^CREATE\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(IF\s+NOT\s+EXISTS\b)?/.exec(text))) {
        if (match[2] && !mysql) return [];
        return [
          {
            message: match[2]
              ? `CREATE INDEX IF NOT EXISTS is MariaDB-only (MySQL 8 rejects it): ${GUARD_HINT}.`
              : `CREATE INDEX is not guarded and fails when run twice: ${GUARD_HINT}.`,
          },
        ];
      }
      if (/^CREATE\s+(ALGORITHM\s*=\s*\w+\s+)?(DEFINER\s*=\s*\S+\s+)?(SQL\s+SECURITY\s+\w+\s+)?VIEW\b/.test(text)) {
        return [{ message: 'CREATE VIEW fails when run twice: write CREATE OR REPLACE VIEW.' }];
      }
      if (
        (match =
          /^DROP\s+(TEMPORARY\s+)?(TABLES?|VIEW|DATABASE|SCHEMA|TRIGGER|PROCEDURE|FUNCTION|EVENT|INDEX)\s+(IF\s+EXISTS\b)?/.exec(
            text,
          ))
      ) {
        const kind = match[2]!;
        if (kind === 'INDEX') {
          if (match[3] && !mysql) return [];
          return [
            {
              message: match[3]
                ? `DROP INDEX IF EXISTS is MariaDB-only (MySQL 8 rejects it): ${GUARD_HINT}.`
                : `DROP INDEX is not guarded and fails when run twice: ${GUARD_HINT}.`,
            },
          ];
        }
        return match[3]
          ? []
          : [{ message: `DROP ${kind} without IF EXISTS fails when run twice: write DROP ${kind} IF EXISTS.` }];
      }
      if (/^RENAME\s+TABLE\b/.test(text)) return [{ message: `RENAME TABLE fails when run twice: ${GUARD_HINT}.` }];
      const alter =
        /^ALTER\s+(ONLINE\s+|IGNORE\s+)*TABLE\s+(IF\s+EXISTS\s+)?(`[^`]+`|[\w$]+)(\s*\.\s*(`[^`]+`|[\w$]+))?/.exec(
          text,
        );
      if (alter) return alterFindings(view, view.upper.length - text.length + alter[0].length, mysql);
      const dynamic = view.strings.some((value) =>
        /\bALTER\s+TABLE\b[\s\S]*\b(ADD|DROP)\b|\bCREATE\s+(UNIQUE\s+)?INDEX\b/i.test(value),
      );
      if (dynamic && !/\bINFORMATION_SCHEMA\b/.test(view.upper)) {
        return [
          {
            message: `Dynamic DDL is built without checking information_schema, so it fails when run twice: ${GUARD_HINT}.`,
          },
        ];
      }
      return [];
    },
  },
});
