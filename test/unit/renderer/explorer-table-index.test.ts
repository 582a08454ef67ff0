import { describe, expect, it } from 'vitest';
import type { AnalysisSummary } from '../../../shared/contract/workspace';
import { buildTableIndex } from '../../../renderer/src/lib/table-index';
import { shownTables } from '../../../renderer/src/screens/explorer/use-table-index';
import { model, table } from '../relationships/model-builder';

const workspaceA = model({ core: [table('a_actors', 'actor_id', [])] });
const workspaceB = model({ core: [table('b_orders', 'order_id', [])] });
const live = model({ core: [table('a_actors', 'actor_id', [])] });
const drift = { comparedWith: 'live', tables: [] } as unknown as AnalysisSummary['drift'];

const builtFor = (definitions = workspaceA, liveModel = live) => ({
  definitions,
  live: liveModel,
  drift,
  rows: buildTableIndex(definitions, liveModel),
});

describe('shownTables (the explorer while its index builds)', () => {
  it('shows the index built for the current inputs, not listing', () => {
    const built = builtFor();
    expect(shownTables(built, { definitions: workspaceA, live, drift })).toEqual({ rows: built.rows, listing: false });
  });

  it('never shows rows of the previous workspace while the new one is listed', () => {
    const shown = shownTables(builtFor(workspaceA), { definitions: workspaceB, live: undefined, drift: undefined });
    expect(shown).toEqual({ rows: [], listing: true });
  });

  it('keeps the rows of the same definitions while a new live model is listed', () => {
    const built = builtFor(workspaceA, live);
    const newLive = model({ core: [table('a_actors', 'actor_id', ['role_id'])] });
    expect(shownTables(built, { definitions: workspaceA, live: newLive, drift })).toEqual({
      rows: built.rows,
      listing: true,
    });
  });

  it('lists with no rows before the first index is built', () => {
    expect(shownTables(undefined, { definitions: workspaceA })).toEqual({ rows: [], listing: true });
  });
});
