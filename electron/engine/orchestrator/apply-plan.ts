import type { DatabaseRole } from '../../../shared/schema/model';
import { splitStatements, type SqlStatement } from '../sqlfile/index';
import type { MigrationFile } from '../migrations/migration-folder';
import type { StatementKind } from './classify';
import { markNarrowingSteps } from './column-narrowing';
import { LiveNames, nameKindsOf, type Queryable } from './live-names';
import type { ExpectedEffect } from './statement-journal';
import { buildSteps, countByKind, type ExecutionStep } from './steps';

/** Step 1 of a guarded apply: what would run where, and what it would change. */
export interface ApplyPlan {
  readonly file: MigrationFile;
  readonly targetDatabase: string;
  readonly ledgerDatabase: string;
  /** The file's statements as split once here (validation lints these rather than split the file again). */
  readonly statements: readonly SqlStatement[];
  readonly steps: readonly ExecutionStep[];
  /** Per step: predicted from the live schema — `change`, `noop` (effect already present) or `unknown`. */
  readonly expected: readonly ExpectedEffect[];
  readonly counts: {
    readonly statements: number;
    readonly steps: number;
    readonly byKind: Readonly<Record<StatementKind, number>>;
    readonly destructive: number;
    readonly locking: number;
    readonly changes: number;
    readonly noops: number;
    readonly unknown: number;
  };
  /** Table counts of the target database, before and (predicted) after. */
  readonly tables: {
    readonly before: number;
    readonly after: number;
    readonly budget?: number;
    readonly headroom?: number;
  };
}

/** Input of `planApply`. */
export interface PlanApplyInput {
  readonly file: MigrationFile;
  readonly targetDatabase: string;
  readonly ledgerDatabase: string;
  /** Table budget to report against (the workspace's total). */
  readonly budget?: number;
}

/** The role a migration declares in its header (`-- lupo-target-role: core`), if any. */
export function declaredTargetRole(content: string): DatabaseRole | undefined {
  const match = /^--\s*lupo-target-role\s*:\s*(core|orchestration|ephemeral)\s*$/im.exec(content);
  return match ? (match[1] as DatabaseRole) : undefined;
}

/**
 * Honours a `-- DESTRUCTIVE:` comment on the line just above a step (the planner writes one
 * before each destructive statement, e.g. a guarded MODIFY that narrows a type, which the
 * classifier alone cannot tell from a widening one): such a step needs the second
 * confirmation like any drop.
 */
export function markDeclaredDestructive(steps: readonly ExecutionStep[], content: string): ExecutionStep[] {
  const lines = content.split('\n');
  return steps.map((step) =>
    !step.classification.destructive && /^\s*--\s*DESTRUCTIVE\b/i.test(lines[step.line - 2] ?? '')
      ? { ...step, classification: { ...step.classification, destructive: true } }
      : step,
  );
}

/**
 * Splits and classifies the file, reads the target's live names once, and predicts each
 * step's effect by simulating the steps in order. Read-only: nothing is written.
 */
export async function planApply(db: Queryable, input: PlanApplyInput): Promise<ApplyPlan> {
  const statements = splitStatements(input.file.content);
  const declared = markDeclaredDestructive(buildSteps(statements), input.file.content);
  const steps = await markNarrowingSteps(db, input.targetDatabase, declared);
  // Tables always (the table counts), other kinds only when an effect names them.
  const kinds = nameKindsOf(steps.flatMap((s) => s.classification.effects)).add('tables');
  const live = await LiveNames.read(db, [input.targetDatabase], kinds);
  const before = live.tableCount(input.targetDatabase);
  const expected: ExpectedEffect[] = [];
  for (const step of steps) {
    const cls = step.classification;
    if (cls.effects.length > 0) {
      const present = live.allHold(cls.effects);
      expected.push(present ? 'noop' : 'change');
      for (const effect of cls.effects) live.simulate(effect);
    } else if (cls.kind === 'other' && cls.idempotent) {
      expected.push('noop');
    } else {
      expected.push('unknown');
    }
  }
  const after = live.tableCount(input.targetDatabase);
  return {
    file: input.file,
    targetDatabase: input.targetDatabase,
    ledgerDatabase: input.ledgerDatabase,
    statements,
    steps,
    expected,
    counts: {
      statements: statements.length,
      steps: steps.length,
      byKind: countByKind(steps),
      destructive: steps.filter((s) => s.classification.destructive).length,
      locking: steps.filter((s) => s.classification.locking).length,
      changes: expected.filter((e) => e === 'change').length,
      noops: expected.filter((e) => e === 'noop').length,
      unknown: expected.filter((e) => e === 'unknown').length,
    },
    tables: {
      before,
      after,
      ...(input.budget === undefined ? {} : { budget: input.budget, headroom: input.budget - after }),
    },
  };
}
