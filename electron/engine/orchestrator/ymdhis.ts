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

export { formatYmdhis } from '../../../shared/ymdhis';
