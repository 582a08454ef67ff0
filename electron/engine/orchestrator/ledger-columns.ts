/**
 * Lupopedia's orchestrator ledger (LEDGER.md §1.2): the 8 `migration_*` tables, their id
 * columns and their columns exactly as Lupopedia's `.toon` files declare them (the
 * `fields` strings verbatim), plus this product's per-statement journal (LEDGER §3.10).
 * Detection (ledger-shape.ts) compares live tables with these strings; the strict writer
 * (ledger-tables.ts) refuses any column not listed here.
 */

/** The 8 tables Lupopedia owns, in a stable order. */
export const LUPOPEDIA_LEDGER_TABLES = [
  'migration_batches',
  'migration_files',
  'migration_validation_log',
  'migration_rollback_log',
  'migration_dependencies',
  'migration_system_state',
  'migration_progress',
  'migration_alerts',
] as const;

/** One of Lupopedia's 8 ledger tables. */
export type LedgerTableName = (typeof LUPOPEDIA_LEDGER_TABLES)[number];

/** The per-statement crash journal (ours, LEDGER §3.10). */
export const JOURNAL_TABLE_NAME = 'migration_statement_journal';

/** Each table's id column, addressed by name (L/nokey has no PRI column: LEDGER §5c-1). */
export const LEDGER_ID_COLUMN: Readonly<Record<LedgerTableName, string>> = {
  migration_batches: 'batch_id',
  migration_files: 'file_id',
  migration_validation_log: 'validation_id',
  migration_rollback_log: 'rollback_id',
  migration_dependencies: 'dependency_id',
  migration_system_state: 'state_id',
  migration_progress: 'progress_id',
  migration_alerts: 'alert_id',
};

const COMMON = [
  '`properties` json',
  '`created_ymdhis` bigint NOT NULL DEFAULT 0',
  '`updated_ymdhis` bigint NOT NULL DEFAULT 0',
  '`is_deleted` tinyint(1) NOT NULL DEFAULT 0',
  '`deleted_ymdhis` bigint NOT NULL DEFAULT 0',
];

/** The `fields` strings of Lupopedia's HEAD `.toon` files, verbatim. */
export const LUPOPEDIA_FIELDS: Readonly<Record<LedgerTableName, readonly string[]>> = {
  migration_batches: [
    '`batch_id` bigint NOT NULL DEFAULT 0',
    '`batch_name` varchar(255) NOT NULL',
    "`batch_status` enum('pending','running','completed','failed','rolled_back') NOT NULL DEFAULT 'pending'",
    '`epoch_from` bigint NOT NULL DEFAULT 0',
    '`epoch_to` bigint NOT NULL DEFAULT 0',
    '`total_files` int NOT NULL DEFAULT 0',
    '`processed_files` int NOT NULL DEFAULT 0',
    '`failed_files` int NOT NULL DEFAULT 0',
    '`started_ymdhis` bigint NOT NULL DEFAULT 0',
    '`completed_ymdhis` bigint NOT NULL DEFAULT 0',
    ...COMMON,
  ],
  migration_files: [
    '`file_id` bigint NOT NULL DEFAULT 0',
    '`batch_id` bigint NOT NULL DEFAULT 0',
    '`file_path` varchar(512) NOT NULL',
    "`file_type` enum('doctrine','module','agent','documentation') NOT NULL",
    "`file_status` enum('pending','processing','completed','failed','rolled_back') NOT NULL DEFAULT 'pending'",
    '`file_hash` varchar(64)',
    '`epoch_from` bigint NOT NULL DEFAULT 0',
    '`epoch_to` bigint NOT NULL DEFAULT 0',
    '`processing_time_ms` int NOT NULL DEFAULT 0',
    '`error_message` text',
    '`retry_count` int NOT NULL DEFAULT 0',
    '`sort_order` int NOT NULL DEFAULT 0',
    ...COMMON,
  ],
  migration_validation_log: [
    '`validation_id` bigint NOT NULL DEFAULT 0',
    '`batch_id` bigint NOT NULL DEFAULT 0',
    '`file_id` bigint NOT NULL DEFAULT 0',
    "`validation_phase` enum('pre','during','post') NOT NULL",
    '`validation_type` varchar(100) NOT NULL',
    "`validation_status` enum('passed','failed','warning') NOT NULL",
    '`validation_result` text',
    '`execution_time_ms` int NOT NULL DEFAULT 0',
    ...COMMON,
  ],
  migration_rollback_log: [
    '`rollback_id` bigint NOT NULL DEFAULT 0',
    '`batch_id` bigint NOT NULL DEFAULT 0',
    '`file_id` bigint NOT NULL DEFAULT 0',
    "`rollback_classification` enum('A','B','C','D') NOT NULL",
    '`rollback_reason` varchar(255) NOT NULL',
    "`rollback_status` enum('pending','running','completed','failed') NOT NULL DEFAULT 'pending'",
    '`files_affected` int NOT NULL DEFAULT 0',
    '`rollback_time_ms` int NOT NULL DEFAULT 0',
    '`error_message` text',
    ...COMMON,
  ],
  migration_dependencies: [
    '`dependency_id` bigint NOT NULL DEFAULT 0',
    '`file_id` bigint NOT NULL DEFAULT 0',
    '`depends_on_file_id` bigint NOT NULL DEFAULT 0',
    "`dependency_type` enum('required','optional','conflict') NOT NULL",
    '`dependency_description` text',
    '`sort_order` int NOT NULL DEFAULT 0',
    ...COMMON,
  ],
  migration_system_state: [
    '`state_id` bigint NOT NULL DEFAULT 0',
    '`batch_id` bigint NOT NULL DEFAULT 0',
    "`system_status` enum('normal','frozen','thawing','emergency') NOT NULL DEFAULT 'normal'",
    '`freeze_reason` varchar(255)',
    '`affected_components` json',
    '`user_message` text',
    ...COMMON,
  ],
  migration_progress: [
    '`progress_id` bigint NOT NULL DEFAULT 0',
    '`batch_id` bigint NOT NULL DEFAULT 0',
    '`current_phase` varchar(100) NOT NULL',
    '`total_phases` int NOT NULL DEFAULT 0',
    '`current_phase_index` int NOT NULL DEFAULT 0',
    '`files_in_phase` int NOT NULL DEFAULT 0',
    '`files_completed_in_phase` int NOT NULL DEFAULT 0',
    '`percentage_complete` decimal(5,2) NOT NULL DEFAULT 0.00',
    '`estimated_remaining_seconds` int NOT NULL DEFAULT 0',
    ...COMMON,
  ],
  migration_alerts: [
    '`alert_id` bigint NOT NULL DEFAULT 0',
    '`batch_id` bigint NOT NULL DEFAULT 0',
    '`file_id` bigint NOT NULL DEFAULT 0',
    "`alert_type` enum('error','warning','info','critical') NOT NULL",
    '`alert_title` varchar(255) NOT NULL',
    '`alert_message` text NOT NULL',
    "`alert_status` enum('new','acknowledged','resolved','escalated') NOT NULL DEFAULT 'new'",
    '`escalation_level` int NOT NULL DEFAULT 0',
    ...COMMON,
  ],
};

/** The journal's columns (J1, LEDGER §3.10). */
export const JOURNAL_COLUMNS: readonly string[] = [
  'journal_id',
  'batch_id',
  'file_id',
  'target_database',
  'statement_index',
  'statement_line',
  'statement_kind',
  'statement_summary',
  'statement_sha256',
  'statement_sql',
  'expected_effect',
  'journal_status',
  'resolution',
  'execution_count',
  'started_ymdhis',
  'finished_ymdhis',
  'elapsed_ms',
  'error_code',
  'error_message',
  'properties',
  'created_ymdhis',
  'updated_ymdhis',
  'is_deleted',
  'deleted_ymdhis',
];

/** A column as declared (or as the server reports it), normalised for comparison. */
export interface ColumnSpec {
  readonly name: string;
  /** Lower-case type without integer display width; `json` for MariaDB's longtext JSON alias. */
  readonly type: string;
  readonly nullable: boolean;
  /** Unquoted default; undefined when there is none (or it is NULL). */
  readonly default?: string;
}

/** Parses one `.toon` field string (`\`name\` type [NOT NULL] [DEFAULT x]`). */
export function parseFieldString(field: string): ColumnSpec {
  const match = /^`([^`]+)`\s+(.+?)(\s+NOT NULL)?(?:\s+DEFAULT\s+(.+))?$/i.exec(field.trim());
  if (!match) throw new Error(`Unparseable ledger field: ${field}`);
  const def = match[4];
  return {
    name: match[1]!,
    type: normaliseType(match[2]!),
    nullable: match[3] === undefined,
    ...(def === undefined ? {} : { default: unquote(def) }),
  };
}

/** `bigint(14)` → `bigint`, `int(11)` → `int` (tinyint(1) kept), enum lists without spaces. */
export function normaliseType(type: string): string {
  let t = type.trim().replace(/\s*,\s*/g, ',');
  if (!/^(enum|set)\(/i.test(t)) t = t.toLowerCase();
  else t = t.replace(/^(enum|set)/i, (k) => k.toLowerCase());
  t = t.replace(/^(bigint|int|smallint|mediumint)\(\d+\)/, '$1');
  if (t === 'longtext') return 'json';
  return t;
}

/** `'pending'` → `pending`; `NULL` → undefined. */
export function unquote(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^null$/i.test(v)) return undefined;
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** Lupopedia's columns of `table`, parsed. */
export function lupopediaColumns(table: LedgerTableName): readonly ColumnSpec[] {
  return LUPOPEDIA_FIELDS[table].map(parseFieldString);
}
