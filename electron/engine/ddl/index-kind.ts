import type { Index } from '../../../shared/schema/model';

/** Engines whose indexes are HASH unless declared `USING BTREE`: MEMORY, and its old name HEAP. */
const HASH_BY_DEFAULT = new Set(['MEMORY', 'HEAP']);

/** True when the engine makes an index without `USING …` a HASH index (MEMORY). */
export function hashByDefault(engine: string | undefined): boolean {
  return engine !== undefined && HASH_BY_DEFAULT.has(engine.toUpperCase());
}

/**
 * The kind the server gives a B-tree/hash index, from the kind declared (`USING BTREE`,
 * `USING HASH`, or none) and the table's engine — what information_schema then reports, so
 * definitions, SQL files and the live schema compare on the same facts (measured on MariaDB
 * 10.11):
 * - MEMORY: none → HASH; `USING BTREE` → BTREE.
 * - Any other engine (InnoDB, MyISAM, Aria): BTREE, whatever `USING HASH` says — except a
 *   UNIQUE index declared `USING HASH`, which MariaDB stores as a long unique (HASH); MySQL 8
 *   makes it a B-tree (docs/dialect-differences.md).
 */
export function effectiveIndexKind(
  declared: 'btree' | 'hash' | undefined,
  engine: string | undefined,
  unique: boolean,
): Extract<Index['kind'], 'btree' | 'hash'> {
  if (hashByDefault(engine)) return declared ?? 'hash';
  return declared === 'hash' && unique ? 'hash' : 'btree';
}
