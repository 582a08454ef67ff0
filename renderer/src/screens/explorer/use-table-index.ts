import { useEffect, useState } from 'react';
import type { AnalysisSummary } from '../../../../shared/contract/workspace';
import type { SchemaModel } from '../../../../shared/schema/model';
import { runSliced, WorkAborted } from '../../lib/sliced-work';
import { tableIndexWork, type TableRow } from '../../lib/table-index';

/** What the explorer's table index is built from. */
export interface TableIndexInputs {
  readonly definitions?: SchemaModel;
  readonly live?: SchemaModel;
  readonly drift?: AnalysisSummary['drift'];
}

/** An index and the inputs it was built from. */
export interface BuiltTableIndex extends TableIndexInputs {
  readonly rows: readonly TableRow[];
}

/** What the explorer shows: the rows, and whether a newer index is being built meanwhile. */
export interface ListedTables {
  readonly rows: readonly TableRow[];
  readonly listing: boolean;
}

const NO_ROWS: readonly TableRow[] = [];

/**
 * Which rows to show while the index for `current` may still be building. Rows built from
 * other definitions are never shown: after a workspace switch they are another workspace's
 * tables. Rows built from the same definitions are kept until the new ones are ready (a new
 * live model or analysis changes marks, not which workspace is listed).
 */
export function shownTables(built: BuiltTableIndex | undefined, current: TableIndexInputs): ListedTables {
  const upToDate =
    built !== undefined &&
    built.definitions === current.definitions &&
    built.live === current.live &&
    built.drift === current.drift;
  const rows = built !== undefined && built.definitions === current.definitions ? built.rows : NO_ROWS;
  return { rows, listing: !upToDate };
}

/** `role.name` of the tables the analysis found different from live, when it compared with live. */
function differentKeys(drift: TableIndexInputs['drift']): ReadonlySet<string> | undefined {
  if (!drift || drift.comparedWith !== 'live') return undefined;
  return new Set(drift.tables.filter((table) => table.status === 'different').map((t) => `${t.role}.${t.table}`));
}

/**
 * The explorer's table index, built in slices (at 10,000 tables it is a task of several
 * hundred ms in one go); a build whose inputs changed meanwhile is abandoned.
 */
export function useTableIndex({ definitions, live, drift }: TableIndexInputs): ListedTables {
  const [built, setBuilt] = useState<BuiltTableIndex>();
  useEffect(() => {
    const abort = new AbortController();
    runSliced(tableIndexWork(definitions, live, differentKeys(drift)), { signal: abort.signal }).then(
      (rows) => {
        if (!abort.signal.aborted) setBuilt({ definitions, live, drift, rows });
      },
      (error: unknown) => {
        if (!(error instanceof WorkAborted)) throw error;
      },
    );
    return () => abort.abort();
  }, [definitions, live, drift]);
  return shownTables(built, { definitions, live, drift });
}
