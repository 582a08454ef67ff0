/**
 * The doctrine's timestamp: BIGINT UTC `YYYYMMDDHHMMSS` (e.g. 20261125144718). Every
 * ledger timestamp is one of these, computed here so all rows agree.
 */
export function ymdhis(date: Date = new Date()): number {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return Number(
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
      `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`,
  );
}

/** Human form of a ledger timestamp: `2026-11-25 14:47:18 UTC` (0 → "—"). */
export function formatYmdhis(value: number | string): string {
  const s = String(value);
  if (!/^\d{14}$/.test(s)) return '—';
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)} UTC`;
}
