import type { Column, Index, IndexColumn, PrimaryKey, Table, Mutable } from '../../../shared/schema/model';

/**
 * One string per distinct text for the names a definitions model repeats in every table:
 * each file's JSON gives new strings (and a column name parsed out of its field text keeps
 * that whole text alive), so at 10,000 tables the same column, type and index names,
 * collations and comments were held ~150,000 times. `texts` lives as long as one load.
 */
export function shareTableTexts(table: Table, texts: Map<string, string>): void {
  const one = (text: string): string => {
    const kept = texts.get(text);
    if (kept !== undefined) return kept;
    texts.set(text, text);
    return text;
  };
  // The table is new and the loader's own (documentToTable built it): shared in place.
  for (const column of table.columns as Mutable<Column>[]) {
    column.name = one(column.name);
    column.type = one(column.type);
    if (column.charset !== undefined) column.charset = one(column.charset);
    if (column.collation !== undefined) column.collation = one(column.collation);
    if (column.comment !== undefined) column.comment = one(column.comment);
  }
  for (const index of table.indexes as Mutable<Index>[]) {
    index.name = one(index.name);
    if (index.comment !== undefined) index.comment = one(index.comment);
    for (const part of index.columns as Mutable<IndexColumn>[]) part.name = one(part.name);
  }
  if (table.primaryKey) {
    const columns = (table.primaryKey as Mutable<PrimaryKey>).columns as string[];
    for (let i = 0; i < columns.length; i++) columns[i] = one(columns[i]!);
  }
}
