import { basename } from 'node:path';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { ledgerExists } from '../orchestrator/inspect-unfinished';
import { lupoAdminProps } from '../orchestrator/ledger-tables';
import { JOURNAL_TABLE } from '../orchestrator/statement-journal';
import { quoteQualified } from '../sql/identifier';
import type { ReportExecution } from './report-model';

/** Which ledger run a report describes: a batch id, or the newest apply of a file (by name, on a target). */
export interface ExecutionQuery {
  readonly ledgerDatabase: string;
  /** Restrict to batches on this target database. */
  readonly targetDatabase?: string;
  /** A batch id (the app's "Export report" after an apply). */
  readonly batchId?: number;
  /** The migration file's name (basename) to find, and its current checksum. */
  readonly fileName?: string;
  readonly sha256?: string;
}

/** The execution section and the ledger's file row it came from. */
export interface LedgerExecution {
  readonly execution: ReportExecution;
  /** The file as the ledger recorded it (path as applied, checksum then). */
  readonly file?: { readonly path: string; readonly sha256: string };
}

/** `20260102030405` → `2026-01-02T03:04:05Z` (absent for 0/NULL). */
export function ymdhisToIso(value: unknown): string | undefined {
  const text = value === null || value === undefined ? '' : String(value);
  if (!/^\d{14}$/.test(text)) return undefined;
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}Z`;
}

const STATUS: Readonly<Record<string, ReportExecution['status']>> = {
  completed: 'completed',
  running: 'running',
  pending: 'running',
  failed: 'failed',
  rolled_back: 'rolled-back',
  abandoned: 'abandoned',
};

/**
 * Reads the execution section of a report from the orchestration ledger (read-only, no
 * lock): the batch asked for, else the newest `apply` batch whose file row has this file's
 * name — preferring a row with the same checksum — on the target. Status, start/end,
 * steps executed (`statements_applied`) and skipped (journal), the post-apply `verify`
 * check and whether the ledger's checksum equals the file's. No ledger or no matching
 * batch → `not applied`; an unknown batch id is an error.
 */
export async function readLedgerExecution(pool: Pool, query: ExecutionQuery): Promise<LedgerExecution> {
  if (!(await ledgerExists(pool, query.ledgerDatabase))) {
    if (query.batchId !== undefined) {
      throw new LupoError('report/unknown-batch', `There is no migration ledger in ${query.ledgerDatabase}.`, {
        hint: 'Export the report against the connection the migration was applied on.',
      });
    }
    return { execution: { status: 'not applied', detail: `No migration ledger in ${query.ledgerDatabase}.` } };
  }
  const t = (table: string): string => quoteQualified(query.ledgerDatabase, table);
  const prop = (alias: string, key: string): string =>
    `JSON_UNQUOTE(JSON_EXTRACT(${alias}.properties, '$.lupo_admin.${key}'))`;
  const where: string[] = [
    'f.is_deleted = 0',
    'b.is_deleted = 0',
    'b.batch_id > 0',
    `${prop('b', 'batch_kind')} = 'apply'`,
  ];
  const params: Array<string | number> = [];
  if (query.batchId !== undefined) {
    where.push('b.batch_id = ?');
    params.push(query.batchId);
  }
  if (query.targetDatabase !== undefined) {
    where.push(`${prop('b', 'target_database')} = ?`);
    params.push(query.targetDatabase);
  }
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT f.file_id, f.batch_id, f.file_path, f.file_hash, f.file_status, f.properties AS file_properties,
            b.batch_status, b.properties AS batch_properties, b.started_ymdhis, b.completed_ymdhis
       FROM ${t('migration_files')} f JOIN ${t('migration_batches')} b ON b.batch_id = f.batch_id
      WHERE ${where.join(' AND ')}
      ORDER BY f.created_ymdhis DESC, f.file_id DESC`,
    params,
  );
  const named =
    query.fileName === undefined ? rows : rows.filter((r) => basename(String(r.file_path)) === query.fileName);
  const row =
    (query.sha256 === undefined ? undefined : named.find((r) => String(r.file_hash) === query.sha256)) ?? named[0];
  if (!row) {
    if (query.batchId !== undefined) {
      throw new LupoError(
        'report/unknown-batch',
        `Batch ${query.batchId} is not an apply batch${query.fileName ? ` of ${query.fileName}` : ''} in ${query.ledgerDatabase}.`,
        { hint: 'Pick a batch from the history (`lupo status --db`).' },
      );
    }
    return {
      execution: {
        status: 'not applied',
        detail: `The ledger in ${query.ledgerDatabase} has no batch that applied ${query.fileName ?? 'this file'}${query.targetDatabase ? ` to ${query.targetDatabase}` : ''}.`,
      },
    };
  }
  const batchId = Number(row.batch_id);
  const fileId = Number(row.file_id);
  const fileProps = lupoAdminProps(row.file_properties);
  const batchProps = lupoAdminProps(row.batch_properties);
  const [verifyRows] = await pool.query<RowDataPacket[]>(
    `SELECT validation_status FROM ${t('migration_validation_log')}
      WHERE batch_id = ? AND validation_phase = 'post' AND validation_type = 'verify' AND is_deleted = 0
      ORDER BY created_ymdhis DESC, validation_id DESC LIMIT 1`,
    [batchId],
  );
  const [journalRows] = await pool.query<RowDataPacket[]>(
    `SELECT journal_status, COUNT(*) AS n FROM ${t(JOURNAL_TABLE)}
      WHERE batch_id = ? AND file_id = ? GROUP BY journal_status`,
    [batchId, fileId],
  );
  const journal = new Map(journalRows.map((r) => [String(r.journal_status), Number(r.n)]));
  const fileStatus = String(row.file_status);
  const status: ReportExecution['status'] =
    fileStatus === 'rolled_back'
      ? 'rolled-back'
      : (STATUS[typeof batchProps.status === 'string' ? batchProps.status : String(row.batch_status)] ?? 'failed');
  const executed =
    fileProps.statements_applied === undefined ? (journal.get('done') ?? 0) : Number(fileProps.statements_applied);
  const verify = verifyRows[0] ? String(verifyRows[0].validation_status) : undefined;
  const startedAt = ymdhisToIso(row.started_ymdhis);
  const endedAt = ymdhisToIso(row.completed_ymdhis);
  const ledgerSha = String(row.file_hash ?? '');
  return {
    execution: {
      status,
      batchId,
      targetDatabase: String(batchProps.target_database ?? ''),
      ...(startedAt ? { startedAt } : {}),
      ...(endedAt ? { endedAt } : {}),
      executed,
      skipped: journal.get('skipped') ?? 0,
      statementsExecuted: executed,
      ...(verify === undefined ? {} : { verified: verify === 'passed' }),
      ...(query.sha256 === undefined ? {} : { checksumMatches: ledgerSha === query.sha256 }),
    },
    file: { path: String(row.file_path), sha256: ledgerSha },
  };
}
