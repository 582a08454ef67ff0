import type { StatementEffect } from './classify';
import { LiveNames, nameKindsOf, type Queryable } from './live-names';
import type { ExecutionStep } from './steps';

/** What verification found: `ok` when every checkable effect matches the live schema. */
export interface EffectVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly mismatches: readonly string[];
}

function describe(effect: StatementEffect): string {
  switch (effect.kind) {
    case 'table-exists':
    case 'table-absent':
      return `table \`${effect.table}\``;
    case 'column-exists':
    case 'column-absent':
      return `column \`${effect.table}\`.\`${effect.column}\``;
    case 'index-exists':
    case 'index-absent':
      return `index \`${effect.index}\` on \`${effect.table}\``;
  }
}

/**
 * The final expected state of everything the steps touch (last effect wins; dropping a
 * table also removes its earlier column/index effects), checked against a fresh read of
 * the live schema. Works without a "before" snapshot, so it also verifies resumed batches.
 */
export async function verifyStepEffects(
  db: Queryable,
  targetDatabase: string,
  steps: readonly ExecutionStep[],
): Promise<EffectVerification> {
  const final = new Map<string, StatementEffect>();
  // The column/index keys recorded per table, so a table effect drops them without scanning
  // every key (a scan per CREATE/DROP TABLE made verifying 2,000 of them quadratic).
  const partsOf = new Map<string, string[]>();
  const databases = new Set<string>([targetDatabase]);
  for (const step of steps) {
    for (const effect of step.classification.effects) {
      const database = effect.database ?? targetDatabase;
      databases.add(database);
      const tableKey = `${database}\u0000${effect.table}`.toLowerCase();
      if (effect.kind === 'table-absent' || effect.kind === 'table-exists') {
        for (const key of partsOf.get(tableKey) ?? []) final.delete(key);
        partsOf.delete(tableKey);
        final.set(tableKey, effect);
      } else {
        const name = 'column' in effect ? `c:${effect.column}` : 'index' in effect ? `i:${effect.index}` : '';
        const key = `${tableKey}\u0000${name}`.toLowerCase();
        final.set(key, effect);
        const parts = partsOf.get(tableKey);
        if (parts) parts.push(key);
        else partsOf.set(tableKey, [key]);
      }
    }
  }
  const live = await LiveNames.read(db, [...databases], nameKindsOf(final.values()));
  const mismatches: string[] = [];
  for (const effect of final.values()) {
    if (!live.holds(effect)) {
      mismatches.push(
        `${describe(effect)} should be ${effect.kind.endsWith('absent') ? 'absent' : 'present'} but is not`,
      );
    }
  }
  return { ok: mismatches.length === 0, checked: final.size, mismatches };
}
