import type { ModifyColumn } from '../../../shared/schema/changes';
import type { Column } from '../../../shared/schema/model';

const INTEGER_BITS: Readonly<Record<string, number>> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  integer: 32,
  bigint: 64,
};
const STRING_TYPES = new Set(['char', 'varchar']);
const BINARY_TYPES = new Set(['binary', 'varbinary']);
/** Capacity in characters (text) or bytes (blob) of the LOB types, for `utf8mb4` (4 bytes/char). */
const TEXT_CHARS: Readonly<Record<string, number>> = {
  tinytext: 63,
  text: 16_383,
  mediumtext: 4_194_303,
  longtext: 1_073_741_823,
};
const BLOB_BYTES: Readonly<Record<string, number>> = {
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: 4_294_967_295,
};
const TEMPORAL_WITH_FSP = new Set(['time', 'datetime', 'timestamp']);

function integerFits(from: Column, to: Column): boolean {
  const a = INTEGER_BITS[from.type]!;
  const b = INTEGER_BITS[to.type]!;
  if (from.unsigned === to.unsigned) return b >= a;
  // unsigned → signed needs a wider type; signed → unsigned loses the negatives.
  return from.unsigned && b > a;
}

function capacity(column: Column): number | undefined {
  const type = column.type;
  if (STRING_TYPES.has(type) || BINARY_TYPES.has(type)) return column.length ?? 1;
  return TEXT_CHARS[type] ?? BLOB_BYTES[type];
}

/**
 * True when every value `from` can hold fits `to` unchanged — the type part of a MODIFY
 * that cannot lose data: larger integers (signed → wider signed/unsigned only when wider),
 * decimals with no fewer integer or fraction digits, float → double, longer char/varchar
 * and text, longer binary/varbinary and blobs, enum/set with added values, more fractional
 * seconds. Anything else (narrowing, another family) is destructive.
 */
export function typeWidens(from: Column, to: Column): boolean {
  const a = from.type.toLowerCase();
  const b = to.type.toLowerCase();
  if (a in INTEGER_BITS && b in INTEGER_BITS) {
    return integerFits({ ...from, type: a }, { ...to, type: b }) && from.zerofill === to.zerofill;
  }
  if ((a === 'decimal' || a === 'numeric') && (b === 'decimal' || b === 'numeric')) {
    const [p1, s1] = [from.precision ?? 10, from.scale ?? 0];
    const [p2, s2] = [to.precision ?? 10, to.scale ?? 0];
    return p2 - s2 >= p1 - s1 && s2 >= s1 && (!to.unsigned || from.unsigned);
  }
  if ((a === 'float' || a === 'double') && (b === 'float' || b === 'double')) {
    if (a === 'double' && b === 'float') return false;
    if (to.unsigned && !from.unsigned) return false;
    return a === b ? (to.precision ?? 53) >= (from.precision ?? 0) : true;
  }
  const textual = (t: string): boolean => STRING_TYPES.has(t) || t in TEXT_CHARS;
  const binary = (t: string): boolean => BINARY_TYPES.has(t) || t in BLOB_BYTES;
  if ((textual(a) && textual(b)) || (binary(a) && binary(b))) {
    if ((b === 'char' || b === 'binary') && a !== b) return false;
    if (a in TEXT_CHARS && STRING_TYPES.has(b)) return false;
    if (a in BLOB_BYTES && BINARY_TYPES.has(b)) return false;
    return (capacity(to) ?? 0) >= (capacity(from) ?? 0);
  }
  if ((a === 'enum' || a === 'set') && a === b) {
    const values = new Set(to.values ?? []);
    return (from.values ?? []).every((value) => values.has(value));
  }
  if (a === 'bit' && b === 'bit') return (to.length ?? 1) >= (from.length ?? 1);
  if (TEMPORAL_WITH_FSP.has(a) && a === b) return (to.fsp ?? 0) >= (from.fsp ?? 0);
  return a === b && to.length === from.length && to.precision === from.precision && to.scale === from.scale;
}

/**
 * Why a column modification can lose data or fail on existing rows, or undefined when it
 * is safe (widening, nullability relaxed, default/comment/on-update/position changes,
 * auto_increment removed).
 */
export function modifyColumnRisk(change: ModifyColumn): string | undefined {
  const { from, to } = change;
  const reasons: string[] = [];
  const typeAspects = change.changed.filter(
    (a) => a === 'type' || a === 'unsigned' || a === 'zerofill' || a === 'values',
  );
  if (typeAspects.length > 0 && !typeWidens(from, to)) reasons.push('narrows or changes the type');
  if (change.changed.includes('nullable') && !to.nullable) reasons.push('makes the column NOT NULL');
  if (change.changed.includes('charset') || change.changed.includes('collation'))
    reasons.push('converts the character set/collation');
  if (change.changed.includes('srid') && to.srid !== undefined)
    reasons.push('restricts the column to one SRID (MySQL refuses it while rows of another SRID exist)');
  if (change.changed.includes('autoIncrement') && to.autoIncrement)
    reasons.push('adds AUTO_INCREMENT (renumbers zero values)');
  return reasons.length === 0 ? undefined : reasons.join(', ');
}
