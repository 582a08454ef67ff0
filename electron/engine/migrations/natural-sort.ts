/**
 * Natural order of migration file names: digit runs compare as numbers, so `V2__x.sql`
 * comes before `V10__x.sql`; the rest compares case-insensitively, then exactly (stable).
 */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  let tie = 0;
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const diff = BigInt(x) - BigInt(y);
      if (diff !== 0n) return diff < 0n ? -1 : 1;
      if (x.length !== y.length) return x.length - y.length;
      continue;
    }
    const lower = x.toLowerCase().localeCompare(y.toLowerCase(), 'en');
    if (lower !== 0) return lower;
    if (tie === 0) tie = x < y ? -1 : 1;
  }
  return pa.length - pb.length || tie || (a < b ? -1 : a > b ? 1 : 0);
}
