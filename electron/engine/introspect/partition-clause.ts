/**
 * The partitioning clause of a SHOW CREATE TABLE text: from `PARTITION BY` to the end,
 * without MySQL's `/*!50100 … *\/` version comment and without the per-partition
 * `ENGINE = InnoDB` both servers print (the table's engine already says it), on one line.
 * Undefined when the table is not partitioned.
 */
export function partitionClause(createTable: string): string | undefined {
  const tail = createTable.slice(Math.max(0, createTable.lastIndexOf('\n)')));
  const start = tail.search(/\bPARTITION BY\b/);
  if (start < 0) return undefined;
  let clause = tail.slice(start);
  clause = clause.replace(/\/\*!\d*\s*/g, '').replace(/\s*\*\//g, '');
  clause = clause.replace(/\s*(STORAGE\s+)?ENGINE\s*=\s*[A-Za-z0-9_]+/gi, '');
  return clause.replace(/\s+/g, ' ').trim();
}
