import type { PlanNode } from '../../../shared/contract/query';

/** Rows above which a full scan is worth a warning. */
export const LARGE_SCAN_ROWS = 1000;

type Json = Record<string, unknown>;

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function tableNode(t: Json, depth: number): PlanNode {
  const table = str(t.table_name) ?? '?';
  const accessType = str(t.access_type) ?? '?';
  // MariaDB: rows / r_rows; MySQL 8: rows_examined_per_scan / rows_produced_per_join.
  const rows = num(t.rows) ?? num(t.rows_examined_per_scan);
  const actualRows = num(t.r_rows);
  const filtered = num(t.filtered);
  const key = str(t.key);
  const extra: string[] = [];
  if (t.using_index === true) extra.push('Using index');
  if (t.using_temporary_table === true) extra.push('Using temporary');
  if (t.using_filesort === true) extra.push('Using filesort');
  const warnings: string[] = [];
  if (accessType === 'ALL' && (rows ?? 0) >= LARGE_SCAN_ROWS) {
    warnings.push(`Full scan of \`${table}\` (~${(rows ?? 0).toLocaleString('en-US')} rows): no index is used.`);
  } else if (accessType === 'ALL') {
    warnings.push(`Full scan of \`${table}\` (small table).`);
  }
  if (accessType === 'index' && (rows ?? 0) >= LARGE_SCAN_ROWS) warnings.push(`Full index scan of \`${table}\`.`);
  return {
    table,
    accessType,
    ...(key ? { key } : {}),
    possibleKeys: strings(t.possible_keys),
    ...(rows === undefined ? {} : { rows }),
    ...(actualRows === undefined ? {} : { actualRows }),
    ...(filtered === undefined ? {} : { filtered }),
    ...(str(t.attached_condition) ? { condition: str(t.attached_condition)! } : {}),
    extra,
    warnings,
    depth,
  };
}

function walk(value: unknown, depth: number, out: PlanNode[]): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, depth, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const object = value as Json;
  if (typeof object.table_name === 'string' && typeof object.access_type === 'string') {
    out.push(tableNode(object, depth));
  }
  for (const [key, child] of Object.entries(object)) {
    if (child !== null && typeof child === 'object') {
      const deeper =
        key === 'materialized' || key === 'subqueries' || key.endsWith('subquery') || key === 'query_specifications';
      walk(child, deeper ? depth + 1 : depth, out);
    }
  }
}

/**
 * Reads `EXPLAIN FORMAT=JSON` (MySQL 8 and MariaDB) and MariaDB's `ANALYZE FORMAT=JSON`
 * into a flat list of table accesses in join order, each with access type, key, rows,
 * filtered and warnings (full scans on large tables). Subqueries are one level deeper.
 */
export function readExplainJson(text: string): PlanNode[] {
  const out: PlanNode[] = [];
  walk(JSON.parse(text) as unknown, 0, out);
  return out;
}
