/**
 * `YYYY-MM-DD HH:MM:SS` of a doctrine timestamp (BIGINT UTC `YYYYMMDDHHMMSS`), or undefined
 * when the value is not one. One reading for the engine, the CLI and every screen.
 */
export function ymdhisDateTime(value: number | string): string | undefined {
  const s = String(value);
  if (!/^\d{14}$/.test(s)) return undefined;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`;
}

/** Human form of a ledger timestamp: `2026-11-25 14:47:18 UTC` (0 or anything else → "—"). */
export function formatYmdhis(value: number | string): string {
  const text = ymdhisDateTime(value);
  return text === undefined ? '—' : `${text} UTC`;
}
