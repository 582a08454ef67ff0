/** Schema sync reports: one model (buildReport), rendered as Markdown, JSON, HTML and PDF. */
export {
  buildReport,
  primaryPair,
  REPORT_VERSION,
  type ChangedTable,
  type MigrationCheck,
  type ReportDatabase,
  type ReportExecution,
  type ReportInput,
  type ReportMigration,
  type RuleCompliance,
  type SourceCounts,
  type SourcedFinding,
  type SyncReport,
  type TableSummary,
} from './report-model';
export { reportDocument, type Block } from './report-document';
export { renderMarkdown } from './render-markdown';
export { renderJson } from './render-json';
export { renderHtml, escapeHtml } from './render-html';
export { renderPdf, printWithChromium, DEFAULT_CHROMIUM, type PdfPrinter } from './render-pdf';
export { describeChange, columnTypeText } from './describe-change';
export {
  budgetWithMigration,
  describeMigration,
  withMigration,
  type CreatedTable,
  type MigrationDescription,
  type MigrationSource,
} from './migration-input';
export { readLedgerExecution, ymdhisToIso, type ExecutionQuery, type LedgerExecution } from './ledger-execution';
