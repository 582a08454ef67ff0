import type { TableCacheAdvice } from '../../../../shared/contract/connection';

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * What to tell the operator when the server caches fewer tables than the role databases
 * hold: which cache is too small, what that costs, and what to set. Only the variables
 * below the table count are named.
 */
export function tableCacheAdviceText(advice: TableCacheAdvice): string {
  const small: string[] = [];
  if (advice.tableDefinitionCache < advice.tables)
    small.push(`caches ${count(advice.tableDefinitionCache)} table definitions (table_definition_cache)`);
  if (advice.tableOpenCache < advice.tables)
    small.push(`keeps ${count(advice.tableOpenCache)} tables open (table_open_cache)`);
  const names = [
    ...(advice.tableDefinitionCache < advice.tables ? ['table_definition_cache'] : []),
    ...(advice.tableOpenCache < advice.tables ? ['table_open_cache'] : []),
  ];
  return (
    `The role databases hold ${count(advice.tables)} tables, but this server ${small.join(' and ')}: ` +
    'every read of the schema (connect, analysis, explorer) makes MariaDB open them all again, which takes seconds at this size. ' +
    `Raise ${names.join(' and ')} above ${count(advice.tables)} (SET GLOBAL, and in the server's configuration so it stays after a restart). ` +
    'Lupo Admin never changes server settings.'
  );
}
