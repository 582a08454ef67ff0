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
    const classification = group.length > 1 ? cls : cls.sessionDependent ? { ...cls, idempotent: false } : cls;
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
