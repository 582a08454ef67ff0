import { DATABASE_ROLES } from '../../../shared/schema/model';
import type { SyncReport, TableSummary } from './report-model';

/**
 * A format-neutral document: the sections of DESIGN §1 as headings, paragraphs, lists and
 * tables. Markdown and HTML render the same blocks, so both always carry the same figures.
 * Inline text may contain `code` spans (backticks); renderers escape everything else.
 */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
      /** Column widths in percent (HTML/PDF lay the table out fixed: long text wraps instead of widening it). */
      readonly widths?: readonly number[];
    };

const h = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
const p = (text: string): Block => ({ kind: 'paragraph', text });
const list = (items: readonly string[]): Block => ({ kind: 'list', items });
const table = (head: readonly string[], rows: readonly (readonly string[])[], widths?: readonly number[]): Block => ({
  kind: 'table',
  head,
  rows,
  ...(widths ? { widths } : {}),
});

const SOURCE_TITLE = {
  definitions: 'Table definitions (`.toon`)',
  sql: 'SQL install file',
  live: 'Live databases',
} as const;

function tableDetails(summary: TableSummary, role: string): Block[] {
  const blocks: Block[] = [
    h(3, `\`${summary.name}\` (${role})`),
    p(`Purpose: ${(summary.purpose ?? 'not documented (no table comment)').replace(/\.$/, '')}.`),
  ];
  blocks.push(
    table(
      ['Field', 'Type', 'Null', 'Comment'],
      summary.fields.map((field) => [
        `\`${field.name}\``,
        field.type,
        field.nullable ? 'yes' : 'no',
        field.comment ?? '',
      ]),
    ),
  );
  const indexes = [
    ...(summary.primaryKey.length > 0
      ? [`PRIMARY KEY (${summary.primaryKey.map((name) => `\`${name}\``).join(', ')})`]
      : []),
    ...summary.indexes.map((index) => `${index.unique ? 'UNIQUE ' : ''}\`${index.name}\` (${index.columns})`),
  ];
  blocks.push(p(indexes.length > 0 ? `Indexes: ${indexes.join('; ')}.` : 'Indexes: none.'));
  return blocks;
}

function migrationBlocks(report: SyncReport): Block[] {
  const migration = report.migration;
  if (!migration) return [p('No migration file is part of this report.')];
  const blocks: Block[] = [
    p(
      `File \`${migration.file}\`: ${migration.statements} statement(s)` +
        (migration.steps === undefined ? '' : ` in ${migration.steps} step(s)`) +
        (migration.targetRole === undefined ? '' : `, target role ${migration.targetRole}`) +
        '.' +
        (migration.sha256 === undefined ? '' : ` SHA-256 \`${migration.sha256}\`.`),
    ),
  ];
  if (migration.checks && migration.checks.length > 0) {
    blocks.push(
      table(
        ['Feature', 'Result', 'Count', 'Detail'],
        migration.checks.map((check) => [check.label, check.ok ? '✅' : '❌', String(check.count), check.detail ?? '']),
      ),
    );
  }
  if (migration.byKind) {
    const kinds = Object.entries(migration.byKind).filter(([, count]) => count > 0);
    if (kinds.length > 0)
      blocks.push(
        table(
          ['Step kind', 'Steps'],
          kinds.map(([kind, count]) => [kind, String(count)]),
        ),
      );
  }
  blocks.push(migration.features.length > 0 ? list(migration.features) : p('No notable features.'));
  return blocks;
}

function executionFacts(report: SyncReport): string[] {
  const execution = report.execution;
  const executed = execution.executed ?? execution.statementsExecuted;
  return [
    `Status: ${execution.status}`,
    ...(execution.batchId === undefined ? [] : [`Batch: ${execution.batchId}`]),
    ...(execution.targetDatabase === undefined ? [] : [`Target database: \`${execution.targetDatabase}\``]),
    ...(execution.startedAt === undefined ? [] : [`Started: ${execution.startedAt}`]),
    ...(execution.endedAt === undefined ? [] : [`Ended: ${execution.endedAt}`]),
    ...(executed === undefined ? [] : [`Statements executed: ${executed}`]),
    ...(execution.skipped === undefined ? [] : [`Statements skipped: ${execution.skipped}`]),
    ...(execution.verified === undefined ? [] : [`Verified: ${execution.verified ? '✅ yes' : '❌ no'}`]),
    ...(execution.checksumMatches === undefined
      ? []
      : [
          `Checksum matches the ledger: ${execution.checksumMatches ? '✅ yes' : '❌ no (the file changed after it was applied)'}`,
        ]),
    ...(execution.detail ? [execution.detail] : []),
  ];
}

/** Builds the document blocks of a report (without the front matter, which is Markdown-only metadata). */
export function reportDocument(report: SyncReport): Block[] {
  const blocks: Block[] = [h(1, report.title)];
  const pair = report.comparison;
  blocks.push(
    p(
      `Status: **${report.status}**. System version ${report.version}, generated ${report.date}. ` +
        (pair
          ? `Missing, extra and changed tables compare ${pair.actual} (actual) with ${pair.desired} (desired).`
          : 'Only one source was loaded: nothing was compared.') +
        (report.server
          ? ` Live databases read from server \`${report.server.endpoint}\` (${report.server.version}${report.server.user ? `, as ${report.server.user}` : ''}).`
          : ''),
    ),
  );

  blocks.push(h(2, 'Analysis results'));
  const sources = report.counts.sources;
  const rows = (['definitions', 'sql', 'live'] as const).flatMap((source) => {
    const counts = sources[source];
    if (!counts) return [];
    return [
      [
        SOURCE_TITLE[source],
        String(counts.tables),
        ...DATABASE_ROLES.map((role) => String(counts.perRole[role])),
        counts.createTableStatements === undefined ? '' : `${counts.createTableStatements} CREATE TABLE statements`,
      ],
    ];
  });
  blocks.push(table(['Source', 'Tables', ...DATABASE_ROLES, 'Notes'], rows));
  const story: string[] = [];
  if (sources.definitions) story.push(`${sources.definitions.tables} table definitions`);
  if (sources.sql)
    story.push(
      `${sources.sql.createTableStatements ?? sources.sql.tables} \`CREATE TABLE\` statements in the SQL file`,
    );
  if (sources.live) story.push(`${sources.live.tables} live tables`);
  blocks.push(
    p(
      `Compared ${story.length > 1 ? `${story.slice(0, -1).join(', ')} and ${story.at(-1)}` : (story[0] ?? 'nothing')}.`,
    ),
  );
  const facts = [
    `Missing tables: ${report.counts.missingTables}${
      report.counts.missingTables > 0
        ? ` (${DATABASE_ROLES.filter((role) => report.databases[role].missingTables.length > 0)
            .map((role) => `${role}: ${report.databases[role].missingTables.map((t) => `\`${t.name}\``).join(', ')}`)
            .join('; ')})`
        : ''
    }`,
    `Extra tables: ${report.counts.extraTables}`,
    `Changed tables: ${report.counts.changedTables}`,
    `Doctrine findings: ${report.counts.doctrine.error} error(s), ${report.counts.doctrine.warning} warning(s), ${report.counts.doctrine.info} info`,
  ];
  for (const role of DATABASE_ROLES) {
    for (const other of report.databases[role].otherPairs) {
      if (other.missing + other.extra + other.changed > 0) {
        facts.push(
          `${role}: ${other.actual} vs ${other.desired}: ${other.missing} missing, ${other.extra} extra, ${other.changed} changed`,
        );
      }
    }
  }
  blocks.push(list(facts));

  blocks.push(h(2, 'Missing tables'));
  const missing = DATABASE_ROLES.flatMap((role) =>
    report.databases[role].missingTables.flatMap((summary) => tableDetails(summary, role)),
  );
  blocks.push(...(missing.length > 0 ? missing : [p('None.')]));

  blocks.push(h(2, 'Extra tables'));
  const extra = DATABASE_ROLES.flatMap((role) =>
    report.databases[role].extraTables.map(
      (summary) => `\`${summary.name}\` (${role}): ${summary.purpose ?? 'no table comment'}`,
    ),
  );
  blocks.push(extra.length > 0 ? list(extra) : p('None.'));

  blocks.push(h(2, 'Changed tables'));
  const changed = DATABASE_ROLES.flatMap((role) =>
    report.databases[role].changedTables.flatMap((entry) => [
      h(3, `\`${entry.name}\` (${role})`),
      list(entry.changes.map((change) => change.description)),
    ]),
  );
  blocks.push(...(changed.length > 0 ? changed : [p('None.')]));

  blocks.push(h(2, 'Orchestration tables'));
  blocks.push(
    report.orchestration.length > 0
      ? table(
          ['Table', 'Status'],
          report.orchestration.map((entry) => [`\`${entry.name}\``, entry.status]),
        )
      : p('No orchestration tables in any source.'),
  );

  blocks.push(h(2, 'Table budget'));
  const budget = report.budget;
  blocks.push(
    table(
      ['Scope', 'Current', 'After plan', 'Maximum', 'Headroom'],
      [
        ...DATABASE_ROLES.map((role) => {
          const entry = budget.perRole[role];
          return [
            role,
            String(entry.current),
            String(entry.afterPlan),
            entry.max === undefined ? '—' : String(entry.max),
            entry.max === undefined ? '—' : String(entry.max - entry.afterPlan),
          ];
        }),
        ['**total**', String(budget.current), String(budget.afterPlan), String(budget.max), String(budget.headroom)],
      ],
    ),
  );
  blocks.push(
    p(
      budget.exceededBy > 0
        ? `Over budget by ${budget.exceededBy} table(s): the plan is blocked. ${budget.summary}.`
        : `Within budget: ${budget.summary}.`,
    ),
  );

  blocks.push(h(2, 'Migration'));
  blocks.push(...migrationBlocks(report));

  blocks.push(h(2, 'Doctrine compliance'));
  blocks.push(
    table(
      ['Rule', 'Result', 'Findings', 'Severity'],
      report.compliance.map((rule) => [
        `\`${rule.rule}\``,
        !rule.enabled ? '⏸ disabled' : rule.passed ? (rule.waived ? '✅ pass (waived)' : '✅ pass') : '❌ fail',
        rule.waived ? `${rule.findings} (${rule.waived} waived)` : String(rule.findings),
        rule.severity,
      ]),
    ),
  );
  if (report.doctrine.length > 0) {
    blocks.push(
      table(
        ['Severity', 'Rule', 'Location', 'Message'],
        report.doctrine.map((finding) => [
          finding.severity,
          `\`${finding.rule}\``,
          `\`${finding.location}\``,
          finding.waived ? `${finding.message} — waived: ${finding.waived}` : finding.message,
        ]),
        [12, 19, 27, 42],
      ),
    );
  }
  if (report.waivers && report.waivers.length > 0) {
    blocks.push(h(3, 'Waivers'));
    blocks.push(
      list(
        report.waivers.map(
          (waiver) =>
            `\`${waiver.rule}\`${waiver.table ? ` on \`${waiver.table}\`` : ''}${waiver.source ? ` (${waiver.source})` : ''}: ${waiver.reason}`,
        ),
      ),
    );
  }

  blocks.push(h(2, 'Execution status'));
  blocks.push(list(executionFacts(report)));

  blocks.push(h(2, 'Next steps'));
  blocks.push(list(report.nextSteps));
  return blocks;
}
