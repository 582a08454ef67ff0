import type { TableCacheAdvice } from './contract/connection';

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * What to tell the operator when the server caches fewer tables than the role databases
 * hold: which cache is too small, what that costs, and what to set. Only the variables
 * below the table count are named. `reads` says which of the caller's reads pay for it
 * (the app's connect and analysis, the CLI's `--db` commands). Shared by the app's
 * connection card and the CLI, so both give the same advice.
 */
export function tableCacheAdviceText(advice: TableCacheAdvice, reads: string): string {
  const small = [
    {
      variable: 'table_definition_cache',
      size: advice.tableDefinitionCache,
      says: `caches ${count(advice.tableDefinitionCache)} table definitions`,
    },
    {
      variable: 'table_open_cache',
      size: advice.tableOpenCache,
      says: `keeps ${count(advice.tableOpenCache)} tables open`,
    },
  ].filter((cache) => cache.size < advice.tables);
  return (
    `The role databases hold ${count(advice.tables)} tables, but this server ${small.map((c) => `${c.says} (${c.variable})`).join(' and ')}: ` +
    `every read of the schema (${reads}) makes MariaDB open them all again, which takes seconds at this size. ` +
    `Raise ${small.map((c) => c.variable).join(' and ')} above ${count(advice.tables)} (SET GLOBAL, and in the server's configuration so it stays after a restart). ` +
    'Lupo Admin never changes server settings.'
  );
}
