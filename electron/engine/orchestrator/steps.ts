import { classifyStatement, type StatementClass, type StatementKind } from './classify';

/** One statement as the splitter returns it (mirrors sqlfile's SqlStatement). */
export interface SourceStatement {
  readonly sql: string;
  readonly line: number;
  readonly column?: number;
}

/**
 * The unit the executor journals and runs: usually one statement; a guard group
 * (`SET @v = IF(…)`, `PREPARE s FROM @v`, `EXECUTE s`, `DEALLOCATE PREPARE s`) is one step,
 * because its later statements depend on session state that a crash loses — on resume the
 * whole group runs again, which is safe because the guard re-checks the live schema.
 */
export interface ExecutionStep {
  /** 0-based position in the file's steps. */
  readonly index: number;
  readonly statements: readonly SourceStatement[];
  /** 1-based line of the first statement. */
  readonly line: number;
  readonly classification: StatementClass;
  /** The statements joined for display and journaling. */
  readonly sql: string;
}

function cannotVerify(summary: string): StatementClass {
  return {
    kind: 'other',
    destructive: true,
    locking: false,
    effects: [],
    idempotent: false,
    sessionDependent: true,
    unverifiable: true,
    summary: `cannot verify: ${summary}`,
  };
}

/**
 * The class of a step from its first statement and the session-dependent ones after it. A
 * `PREPARE … FROM @v` is readable only right after the `SET @v =` of the same step gave @v
 * literal values (the planner's guards); otherwise — another variable, a computed value, a
 * PREPARE on its own — the step runs SQL the classifier never saw: "cannot verify".
 */
function groupClass(first: StatementClass, rest: readonly StatementClass[]): StatementClass {
  const variable = first.setsVariable?.toLowerCase();
  const unreadable = rest.find((c) => c.unverifiable);
  if (unreadable) return unreadable;
  for (const c of [first, ...rest]) {
    if (c.preparesFrom === undefined) continue;
    if (c !== first && c.preparesFrom.toLowerCase() === variable && !first.unverifiable) continue;
    return cannotVerify(`prepare from ${c.preparesFrom}, which is not set to a literal right before`);
  }
  // A SET of a computed value that no PREPARE reads is harmless.
  const { unverifiable: _ignored, ...readable } = first;
  const harmlessSet = first.unverifiable && first.setsVariable !== undefined;
  const base: StatementClass = harmlessSet ? { ...readable, summary: 'set variable' } : first;
  const destructive = base.destructive || rest.some((c) => c.destructive);
  const effects = [...base.effects, ...rest.flatMap((c) => c.effects)];
  const merged = { ...base, destructive, effects };
  return rest.length === 0 && merged.sessionDependent ? { ...merged, idempotent: false } : merged;
}

/** Groups split statements into execution steps and classifies each step. */
export function buildSteps(statements: readonly SourceStatement[]): ExecutionStep[] {
  const steps: ExecutionStep[] = [];
  let i = 0;
  while (i < statements.length) {
    const first = statements[i]!;
    const cls = classifyStatement(first.sql);
    const group: SourceStatement[] = [first];
    if (cls.setsVariable) {
      let j = i + 1;
      while (j < statements.length && classifyStatement(statements[j]!.sql).sessionDependent) {
        group.push(statements[j]!);
        j++;
      }
    }
    const classification = groupClass(
      cls,
      group.slice(1).map((s) => classifyStatement(s.sql)),
    );
    steps.push({
      index: steps.length,
      statements: group,
      line: first.line,
      classification,
      sql: group.map((s) => s.sql.trim()).join(';\n'),
    });
    i += group.length;
  }
  return steps;
}

/** A zero count for every statement kind, so plans and reports always list all kinds. */
export function emptyKindCounts(): Record<StatementKind, number> {
  return { create: 0, 'add-column': 0, 'add-index': 0, drop: 0, modify: 0, data: 0, other: 0 };
}

/** How many of `steps` fall in each statement kind (every kind present, zeros included). */
export function countByKind(steps: readonly ExecutionStep[]): Record<StatementKind, number> {
  const counts = emptyKindCounts();
  for (const step of steps) counts[step.classification.kind] += 1;
  return counts;
}
