import { describe, expect, it } from 'vitest';
import type { FindingView } from '../../../shared/contract/workspace';
import { countFindings, filterFindings, findingsOfTable, groupFindings } from '../../../renderer/src/lib/doctrine-view';

const finding = (
  code: string,
  table: string | undefined,
  source: FindingView['source'],
  waived?: string,
): FindingView => ({
  code,
  severity: 'error',
  message: `${code} on ${table ?? 'the system'}`,
  location: { kind: 'database', database: 'core', ...(table ? { table } : {}) },
  source,
  ...(table ? { table, role: 'core' as const } : {}),
  ...(waived ? { waived: { reason: waived } } : {}),
});

const FINDINGS: FindingView[] = [
  finding('ymdhis-timestamps', 'lupo_things', 'definitions'),
  finding('ymdhis-timestamps', 'lupo_things', 'live'),
  finding('soft-delete', 'lupo_logs', 'live', 'append-only'),
  finding('bigint-ids', 'Lupo_Notes', 'sql'),
  finding('table-budget', undefined, 'plan'),
];

describe('Doctrine screen figures', () => {
  it('counts a table found in two sources once, and waived findings apart', () => {
    expect(countFindings(FINDINGS)).toEqual({ findings: 4, errors: 4, waived: 1, tables: 2, rules: 3 });
  });

  it('filters by rule, table, source and hides waived unless asked', () => {
    expect(filterFindings(FINDINGS, { table: 'things' })).toHaveLength(2);
    expect(filterFindings(FINDINGS, { source: 'live' }).map((f) => f.code)).toEqual(['ymdhis-timestamps']);
    expect(filterFindings(FINDINGS, { source: 'live', showWaived: true })).toHaveLength(2);
    expect(filterFindings(FINDINGS, { rule: 'bigint-ids' })).toHaveLength(1);
  });

  it('groups by table or by rule; a table’s findings match case-insensitively', () => {
    expect(groupFindings(FINDINGS, 'table')[0]).toMatchObject({ label: 'lupo_things (core)' });
    expect(groupFindings(FINDINGS, 'rule').map((group) => group.key)).toEqual([
      'ymdhis-timestamps',
      'bigint-ids',
      'soft-delete',
      'table-budget',
    ]);
    expect(findingsOfTable(FINDINGS, 'core', 'lupo_notes')).toHaveLength(1);
  });
});
