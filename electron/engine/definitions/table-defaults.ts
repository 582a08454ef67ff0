import type { DefaultedOption, Table, TableOptions, Mutable } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';

/**
 * `table` with the workspace's `tableDefaults` filled in where the definition declares
 * nothing, so a generated CREATE TABLE never falls back to the server's default (often
 * latin1) and a live table in another engine/charset shows as drift. A declared charset
 * without a collation gets the default collation when it is the default charset, else
 * keeps the server's default collation for that charset; a declared collation implies its charset.
 * The filled-in keys are listed in `defaulted`, so writers leave them out of the file.
 */
export function applyTableDefaults(table: Table, defaults: WorkspaceConfig['tableDefaults'] | undefined): Table {
  if (!defaults) return table;
  const options: Mutable<TableOptions> = { ...table.options };
  const defaulted: DefaultedOption[] = [];
  if (options.engine === undefined) {
    options.engine = defaults.engine;
    defaulted.push('engine');
  }
  if (options.charset === undefined && options.collation === undefined) {
    options.charset = defaults.charset.toLowerCase();
    options.collation = defaults.collation.toLowerCase();
    defaulted.push('charset', 'collation');
  } else if (
    options.collation === undefined &&
    options.charset !== undefined &&
    options.charset.toLowerCase() === defaults.charset.toLowerCase()
  ) {
    options.collation = defaults.collation.toLowerCase();
    defaulted.push('collation');
  }
  if (defaulted.length === 0) return table;
  // Object.assign onto a literal rather than a spread: spread copies of many tables each get
  // a hidden class of their own in V8 (see document-to-table.ts).
  return Object.assign({}, table, { options, defaulted });
}

/** The options a definition file itself declares (the workspace defaults taken back out). */
export function declaredOptions(table: Table): TableOptions {
  if (!table.defaulted || table.defaulted.length === 0) return table.options;
  const options: Mutable<TableOptions> = { ...table.options };
  for (const key of table.defaulted) delete options[key];
  return options;
}
