import { describe, expect, it } from 'vitest';
import { analysisSummarySchema } from '../../../shared/contract/workspace';
import { analysisSummaryCheck } from '../../../renderer/src/lib/analysis-summary-check';
import { runAll, runSliced } from '../../../renderer/src/lib/sliced-work';

const roleCounts = { core: 2, orchestration: 1, ephemeral: 0 };

/** A valid summary, with keys the contract does not know (which validation strips) at each level. */
function summary(): Record<string, unknown> {
  return {
    counts: { definitions: roleCounts, live: roleCounts },
    drift: {
      comparedWith: 'live',
      counts: { same: 1, missing: 1, extra: 0, different: 1 },
      tables: [
        { role: 'core', table: 'lupo_actors', status: 'same', inDefinitions: true, inLive: true, differences: [] },
        {
          role: 'core',
          table: 'lupo_roles',
          status: 'different',
          inDefinitions: true,
          inLive: true,
          differences: ['column label: varchar(64) → varchar(80)'],
          unknownKey: 1,
        },
        {
          role: 'orchestration',
          table: 'jobs',
          status: 'missing',
          inDefinitions: true,
          inLive: false,
          differences: [],
        },
      ],
      unknownKey: 'x',
    },
    doctrine: {
      byRule: [{ rule: 'id-type', severity: 'warning', count: 1 }],
      findings: [
        {
          code: 'doctrine/id-type',
          severity: 'warning',
          message: 'lupo_roles.role_id is not bigint',
          location: { kind: 'file', file: 'core/lupo_roles.sql', line: 3 },
          role: 'core',
          table: 'lupo_roles',
          extra: true,
        },
      ],
    },
    budget: { current: 3, afterPlan: 3, max: 100, headroom: 97, perRole: roleCounts },
    unknownTopLevel: [1, 2, 3],
  };
}

/** The summary with the value at `path` replaced by `value` (removed when undefined). */
function edited(path: readonly (string | number)[], value?: unknown): unknown {
  const root = summary();
  let at = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return root;
}

describe('analysisSummaryCheck', () => {
  it('gives what analysisSummarySchema gives for a valid summary (unknown keys stripped)', async () => {
    const expected = analysisSummarySchema.parse(summary());
    expect(runAll(analysisSummaryCheck(summary()))).toEqual(expected);
    await expect(runSliced(analysisSummaryCheck(summary()), { sliceMs: 0 })).resolves.toEqual(expected);
  });

  it('fails wherever analysisSummarySchema fails', () => {
    const invalid = [
      edited(['drift', 'tables', 2, 'status'], 'gone'),
      edited(['drift', 'tables', 0, 'differences'], 'none'),
      edited(['doctrine', 'findings', 0, 'location'], { kind: 'file', file: 'x.sql' }),
      edited(['doctrine', 'findings', 0, 'message']),
      edited(['drift', 'tables'], 'all'),
      edited(['budget', 'max'], 0),
      edited(['counts']),
      null,
    ];
    for (const value of invalid) {
      expect(analysisSummarySchema.safeParse(value).success).toBe(false);
      expect(runAll(analysisSummaryCheck(value))).toBeUndefined();
    }
  });
});
