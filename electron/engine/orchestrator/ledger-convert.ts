import { basename } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { Table } from '../../../shared/schema/model';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';
import { renderCreateTable } from '../sqlgen/create-table';
import { ledgerTableDefinitions } from './ledger-bootstrap';
import { JOURNAL_TABLE_NAME, LUPOPEDIA_LEDGER_TABLES } from './ledger-columns';
import { withLedgerLock, type LedgerDb, type LedgerSession } from './ledger-ids';
import { detectLedgerShape } from './ledger-shape';
import { fitValue, type LedgerValue } from './ledger-tables';

/** Suffix the 0.1 tables keep after conversion (the operator drops them when satisfied). */
export const LEGACY_SUFFIX = '_lupo01';
const STAGING_SUFFIX = '_lupo_new';

/** What a conversion did. */
export interface ConvertResult {
  readonly converted: boolean;
  readonly batches: number;
  /** `old → new` names of the kept 0.1 tables. */
  readonly renamed: readonly string[];
}

type Row = RowDataPacket;
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v) || 0);
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function props(extra: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  const clean = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== null && v !== undefined));
  return JSON.stringify({ ...top, lupo_admin: { ledger_format: 1, converted_from: 'lupo-admin-0.1', ...clean } });
}

const common = (r: Row): Record<string, LedgerValue> => ({
  properties: null,
  created_ymdhis: n(r.created_ymdhis),
  updated_ymdhis: n(r.updated_ymdhis),
  is_deleted: n(r.is_deleted) ? 1 : 0,
  deleted_ymdhis: n(r.deleted_ymdhis),
});

const FILE_STATE: Readonly<Record<string, [string, number]>> = {
  pending: ['pending', 1],
  running: ['processing', 4],
  applied: ['completed', 6],
  skipped: ['completed', 6],
  failed: ['failed', 8],
  rolled_back: ['rolled_back', 7],
};

const PHASE: Readonly<Record<string, [string, number]>> = {
  plan: ['preparing', 1],
  validate: ['validating_pre', 2],
  rehearse: ['validating_pre', 2],
  execute: ['migrating', 3],
  verify: ['validating_post', 4],
  rollback: ['rolling_back', 3],
};

/**
 * Maps every row of a 0.1 ledger table to Lupopedia's columns (LEDGER §3), keeping the 0.1
 * ids (all > 0) so the journal's batch and file references stay valid.
 */
function mapRows(
  table: string,
  rows: readonly Row[],
  ctx: { files: readonly Row[]; batches: readonly Row[] },
): Record<string, LedgerValue>[] {
  const batchOf = (id: unknown): Row | undefined => ctx.batches.find((b) => n(b.migration_batch_id) === n(id));
  switch (table) {
    case 'migration_batches':
      return rows.map((r) => {
        const status = String(r.status);
        const file = ctx.files.find((f) => n(f.migration_batch_id) === n(r.migration_batch_id));
        const name = file ? basename(String(file.file_path)) : 'batch';
        return {
          batch_id: n(r.migration_batch_id),
          batch_name: `${String(r.batch_kind)} ${name} to ${String(r.target_database)}`,
          batch_status: status === 'abandoned' ? 'failed' : status,
          epoch_from: n(r.epoch_start),
          epoch_to: status === 'completed' || status === 'rolled_back' ? n(r.epoch_end) : 0,
          total_files: n(r.files_total),
          processed_files: n(r.files_completed),
          failed_files: n(r.files_failed),
          started_ymdhis: n(r.started_ymdhis),
          completed_ymdhis: n(r.ended_ymdhis),
          ...common(r),
          properties: props({
            batch_key: s(r.batch_key),
            batch_kind: s(r.batch_kind),
            target_database: s(r.target_database),
            operator_name: s(r.operator_name),
            host_name: s(r.host_name),
            ...(status === 'abandoned' ? { status } : {}),
          }),
        };
      });
    case 'migration_files':
      return rows.map((r) => {
        const [fileStatus, stateId] = FILE_STATE[String(r.status)] ?? ['pending', 1];
        const batch = batchOf(r.migration_batch_id);
        const path = String(r.file_path);
        return {
          file_id: n(r.migration_file_id),
          batch_id: n(r.migration_batch_id),
          file_path: path.length > 512 ? path.slice(path.length - 512) : path,
          file_type: 'doctrine',
          file_status: fileStatus,
          file_hash: s(r.file_sha256),
          epoch_from: n(batch?.epoch_start),
          epoch_to: fileStatus === 'completed' || fileStatus === 'rolled_back' ? n(batch?.epoch_end) : 0,
          processing_time_ms: n(r.duration_ms),
          error_message: s(r.error_message),
          retry_count: n(r.retry_count),
          sort_order: n(r.execution_order),
          ...common(r),
          properties: props(
            {
              statements_total: n(r.statements_total),
              statements_applied: n(r.statements_applied),
              started_ymdhis: n(r.started_ymdhis),
              ended_ymdhis: n(r.ended_ymdhis),
              error_code: r.error_code === null ? null : n(r.error_code),
              hash_normalization: 'crlf-to-lf',
              ...(String(r.status) === 'skipped' ? { status: 'skipped' } : {}),
              ...(path.length > 512 ? { full_path: path } : {}),
            },
            { state_id: stateId, last_updated: String(n(r.updated_ymdhis)), description: basename(path) },
          ),
        };
      });
    case 'migration_validation_log':
      return rows.map((r) => {
        const result = String(r.result);
        const check = String(r.check_name);
        return {
          validation_id: n(r.migration_validation_log_id),
          batch_id: n(r.migration_batch_id),
          file_id: n(r.migration_file_id),
          validation_phase: String(r.phase),
          validation_type: check,
          validation_status: result === 'pass' ? 'passed' : result === 'fail' ? 'failed' : 'warning',
          validation_result: s(r.details),
          execution_time_ms: 0,
          ...common(r),
          properties: props({ ...(check.length > 100 ? { check } : {}), ...(result === 'skipped' ? { result } : {}) }),
        };
      });
    case 'migration_rollback_log':
      return rows.map((r) => {
        const file = ctx.files.find((f) => n(f.migration_batch_id) === n(r.migration_batch_id));
        const reason = String(r.reason ?? '');
        return {
          rollback_id: n(r.migration_rollback_log_id),
          batch_id: n(r.migration_batch_id),
          file_id: n(file?.migration_file_id),
          rollback_classification: String(r.classification) === 'partial' ? 'B' : 'A',
          rollback_reason: reason || 'operator rollback',
          rollback_status: String(r.status),
          files_affected: 1,
          rollback_time_ms: 0,
          error_message: null,
          ...common(r),
          properties: props({
            rollback_batch_id: r.rollback_batch_id === null ? null : n(r.rollback_batch_id),
            down_source: s(r.classification),
            data_loss_warning: n(r.data_loss_warning),
            backup_path: s(r.backup_path),
            started_ymdhis: n(r.started_ymdhis),
            ended_ymdhis: n(r.ended_ymdhis),
            ...(reason.length > 255 ? { reason } : {}),
          }),
        };
      });
    case 'migration_dependencies':
      return rows.map((r) => {
        const newest = (path: string): number =>
          n(
            [...ctx.files]
              .filter((f) => basename(String(f.file_path)) === basename(path))
              .sort((a, b) => n(b.migration_file_id) - n(a.migration_file_id))[0]?.migration_file_id,
          );
        return {
          dependency_id: n(r.migration_dependency_id),
          file_id: newest(String(r.file_path)),
          depends_on_file_id: newest(String(r.depends_on_file_path)),
          dependency_type: String(r.dependency_type),
          dependency_description: s(r.notes),
          sort_order: 1,
          ...common(r),
          properties: props({ file_path: s(r.file_path), depends_on_file_path: s(r.depends_on_file_path) }),
        };
      });
    case 'migration_system_state':
      return rows.map((r) => ({
        state_id: n(r.migration_system_state_id),
        batch_id: 0,
        system_status: String(r.state),
        freeze_reason: r.reason === null ? null : String(r.reason).slice(0, 255),
        affected_components: JSON.stringify([String(r.target_database)]),
        user_message: s(r.reason),
        ...common(r),
        properties: props({ target_database: s(r.target_database), changed_by: s(r.changed_by) }),
      }));
    case 'migration_progress':
      return rows.map((r) => {
        const [phase, index] = PHASE[String(r.phase)] ?? ['migrating', 3];
        return {
          progress_id: n(r.migration_progress_id),
          batch_id: n(r.migration_batch_id),
          current_phase: phase,
          total_phases: 6,
          current_phase_index: index,
          files_in_phase: 1,
          files_completed_in_phase: n(r.items_total) > 0 && n(r.items_done) >= n(r.items_total) ? 1 : 0,
          percentage_complete: n(r.percentage),
          estimated_remaining_seconds: 0,
          ...common(r),
          properties: props({
            phase: s(r.phase),
            items_total: n(r.items_total),
            items_done: n(r.items_done),
            current_item: s(r.current_item),
            eta_ymdhis: r.eta_ymdhis === null ? null : n(r.eta_ymdhis),
          }),
        };
      });
    case 'migration_alerts':
      return rows.map((r) => {
        const level = String(r.alert_level);
        const file = ctx.files.find((f) => n(f.migration_batch_id) === n(r.migration_batch_id));
        return {
          alert_id: n(r.migration_alert_id),
          batch_id: n(r.migration_batch_id),
          file_id: n(file?.migration_file_id),
          alert_type: level,
          alert_title: String(r.alert_code),
          alert_message: String(r.message),
          alert_status: n(r.is_resolved) ? 'resolved' : n(r.is_acknowledged) ? 'acknowledged' : 'new',
          escalation_level: level === 'critical' ? 2 : level === 'error' ? 1 : 0,
          ...common(r),
          properties: props({
            alert_code: s(r.alert_code),
            acknowledged_by: s(r.acknowledged_by),
            acknowledged_ymdhis: r.acknowledged_ymdhis === null ? null : n(r.acknowledged_ymdhis),
            resolved_ymdhis: r.resolved_ymdhis === null ? null : n(r.resolved_ymdhis),
          }),
        };
      });
    default:
      return [];
  }
}

function mapJournal(rows: readonly Row[]): Record<string, LedgerValue>[] {
  return rows.map((r) => ({
    journal_id: n(r.migration_statement_journal_id),
    batch_id: n(r.migration_batch_id),
    file_id: n(r.migration_file_id),
    target_database: String(r.target_database ?? ''),
    statement_index: n(r.statement_index),
    statement_line: n(r.statement_line),
    statement_kind: String(r.statement_kind ?? 'other'),
    statement_summary: String(r.statement_summary ?? ''),
    statement_sha256: String(r.statement_sha256 ?? ''),
    statement_sql: String(r.statement_sql ?? ''),
    expected_effect: String(r.expected_effect ?? 'unknown'),
    journal_status: String(r.journal_status ?? 'pending'),
    resolution: String(r.resolution ?? ''),
    execution_count: n(r.execution_count),
    started_ymdhis: n(r.started_ymdhis),
    finished_ymdhis: n(r.finished_ymdhis),
    elapsed_ms: n(r.elapsed_ms),
    error_code: String(r.error_code ?? ''),
    error_message: s(r.error_message),
    properties: null,
    created_ymdhis: n(r.created_ymdhis),
    updated_ymdhis: n(r.updated_ymdhis),
    is_deleted: n(r.is_deleted) ? 1 : 0,
    deleted_ymdhis: n(r.deleted_ymdhis),
  }));
}

async function insertAll(
  session: LedgerSession,
  qualified: string,
  rows: readonly Record<string, LedgerValue>[],
): Promise<void> {
  for (const row of rows) {
    const entries = Object.entries(row).map(([c, v]): [string, LedgerValue] => [c, fitValue(c, v)]);
    await session.execute(
      `INSERT INTO ${qualified} (${entries.map(([c]) => quoteIdentifier(c)).join(', ')}) VALUES (${entries.map(() => '?').join(', ')})`,
      entries.map(([, v]) => v),
    );
  }
}

/**
 * Converts a Lupo Admin 0.1 ledger into Lupopedia's 8 tables (LEDGER §5a, `ledger/legacy-format`):
 * under the ledger-wide lock, builds the new tables beside the old ones (staging names),
 * copies every row with §3's mapping (0.1 ids kept, so unfinished batches stay resumable
 * through the converted journal), then swaps names in ONE atomic `RENAME TABLE`: the 0.1
 * tables become `*_lupo01` (kept until the operator drops them), the staging tables
 * become `migration_*`. A crash before the rename leaves the 0.1 ledger untouched (the
 * staging tables are rebuilt on the next attempt); after it, the conversion is complete.
 * `confirm` must be true: the caller asked the operator.
 */
export async function convertLegacyLedger(db: LedgerDb, database: string, confirm: boolean): Promise<ConvertResult> {
  const shape = await detectLedgerShape(db, database);
  if (shape.verdict !== 'lupo-admin-0.1') {
    if (shape.verdict === 'lupopedia' || shape.verdict === 'empty')
      return { converted: false, batches: 0, renamed: [] };
    throw new LupoError(
      'ledger/not-convertible',
      `The ledger in \`${database}\` is not a Lupo Admin 0.1 ledger (${shape.verdict}).`,
      {
        hint: 'lupo status shows what the orchestration database holds.',
      },
    );
  }
  const legacy = shape.tables.filter((t) => t.verdict === 'lupo-admin-0.1').map((t) => t.table);
  if (legacy.length !== shape.tables.filter((t) => t.verdict !== 'absent').length) {
    throw new LupoError(
      'ledger/not-convertible',
      `The orchestration database \`${database}\` mixes 0.1 tables with others: ${shape.tables.map((t) => `${t.table} ${t.verdict}`).join(', ')}.`,
      { hint: 'Move the non-0.1 tables away first (they are not Lupo Admin 0.1’s), then convert.' },
    );
  }
  if (!confirm) {
    throw new LupoError('ledger/not-confirmed', `Converting the ledger in \`${database}\` needs confirmation.`, {
      hint: 'Run `lupo ledger convert --yes`.',
    });
  }
  const definitions = await ledgerTableDefinitions();
  return withLedgerLock(db, database, async (session) => {
    const q = (t: string): string => quoteQualified(database, t);
    const read = async (t: string): Promise<Row[]> => {
      if (!legacy.includes(t) && t !== JOURNAL_TABLE_NAME) return [];
      const [rows] = await session.query<Row[]>(`SELECT * FROM ${q(t)}`);
      return rows;
    };
    const data = new Map<string, Row[]>();
    for (const t of LUPOPEDIA_LEDGER_TABLES) data.set(t, await read(t));
    const journalRows = shape.journal === 'absent' ? [] : await read(JOURNAL_TABLE_NAME);
    const ctx = { files: data.get('migration_files') ?? [], batches: data.get('migration_batches') ?? [] };
    const targets = [...LUPOPEDIA_LEDGER_TABLES, JOURNAL_TABLE_NAME];
    for (const t of targets) {
      const def = definitions.find((d) => d.name === t);
      if (!def) continue;
      const staging = `${t}${STAGING_SUFFIX}`;
      await session.query(`DROP TABLE IF EXISTS ${q(staging)}`);
      await session.query(renderCreateTable({ ...def, name: staging } as Table, { ifNotExists: false, database }));
      const rows = t === JOURNAL_TABLE_NAME ? mapJournal(journalRows) : mapRows(t, data.get(t) ?? [], ctx);
      await insertAll(session, q(staging), rows);
    }
    const present = [...legacy, ...(shape.journal === 'absent' ? [] : [JOURNAL_TABLE_NAME])];
    const pairs = [
      ...present.map((t) => `${q(t)} TO ${q(`${t}${LEGACY_SUFFIX}`)}`),
      ...targets.map((t) => `${q(`${t}${STAGING_SUFFIX}`)} TO ${q(t)}`),
    ];
    await session.query(`RENAME TABLE ${pairs.join(', ')}`);
    return {
      converted: true,
      batches: ctx.batches.length,
      renamed: present.map((t) => `${t} → ${t}${LEGACY_SUFFIX}`),
    };
  });
}
