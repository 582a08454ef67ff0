import type { Pool, RowDataPacket } from 'mysql2/promise';
import { quoteQualified } from '../sql/identifier';
import { ourFileStatus, STATE_NAMES } from './ledger';
import { lupoAdminProps, parseProperties } from './ledger-tables';

/** One file row as `lupo status` lists it (what Flyway's `info` shows): anyone's rows. */
export interface LedgerFileRow {
  readonly fileId: number;
  readonly batchId: number;
  readonly name: string;
  readonly path: string;
  readonly checksum: string;
  readonly status: string;
  /** Lupopedia's state name (`properties.state_id`), when set. */
  readonly state?: string;
  readonly targetDatabase: string;
  /** When it last changed (YMDHIS, UTC). */
  readonly whenYmdhis: number;
  readonly by: string;
  readonly origin: 'lupo-admin' | 'lupopedia' | 'lupo-admin-0.1';
}

/** The newest `limit` file rows of the ledger, newest first, with their batch's target and runner. */
export async function recentLedgerFiles(pool: Pool, database: string, limit: number): Promise<LedgerFileRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT f.file_id, f.batch_id, f.file_path, f.file_hash, f.file_status, f.properties, f.created_ymdhis, f.updated_ymdhis,
            b.properties AS batch_properties
       FROM ${quoteQualified(database, 'migration_files')} f
       LEFT JOIN ${quoteQualified(database, 'migration_batches')} b ON b.batch_id = f.batch_id AND b.batch_id > 0 AND b.is_deleted = 0
      WHERE f.is_deleted = 0
      ORDER BY f.updated_ymdhis DESC, f.created_ymdhis DESC, f.file_id DESC LIMIT ${Math.max(1, limit)}`,
  );
  return rows.map((r) => {
    const p = lupoAdminProps(r.properties);
    const b = lupoAdminProps(r.batch_properties);
    const ours = p.ledger_format !== undefined;
    const state = STATE_NAMES[Number(parseProperties(r.properties).state_id)];
    const path = String(p.full_path ?? r.file_path ?? '');
    return {
      fileId: Number(r.file_id ?? 0),
      batchId: Number(r.batch_id ?? 0),
      name: path.split(/[\\/]/).pop() ?? path,
      path,
      checksum: String(r.file_hash ?? ''),
      status: ourFileStatus(String(r.file_status ?? ''), p.status),
      ...(state ? { state } : {}),
      targetDatabase: String(b.target_database ?? ''),
      whenYmdhis: Number(r.updated_ymdhis || r.created_ymdhis || 0),
      by: ours ? String(b.operator_name ?? 'unknown') : 'Lupopedia',
      origin: ours ? 'lupo-admin' : 'lupopedia',
    };
  });
}
