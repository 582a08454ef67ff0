import { z } from 'zod';
import {
  analysisSummarySchema,
  driftTableSchema,
  findingSchema,
  type AnalysisSummary,
} from '../../../shared/contract/workspace';
import type { SlicedWork } from './sliced-work';

/**
 * analysisSummarySchema with its two long lists (a drift line per table, the doctrine's
 * findings) checked only as lists: their items are checked one by one by `analysisSummaryCheck`.
 */
const summaryEnvelope = analysisSummarySchema.extend({
  drift: analysisSummarySchema.shape.drift.extend({ tables: z.array(z.unknown()) }),
  doctrine: analysisSummarySchema.shape.doctrine.extend({ findings: z.array(z.unknown()) }),
});

/** Checks each item of `items` with `schema`, pausing after each; undefined at the first invalid one. */
function* checkItems<T>(items: readonly unknown[], schema: z.ZodType<T>): SlicedWork<T[] | undefined> {
  const checked: T[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (!parsed.success) return undefined;
    checked.push(parsed.data);
    yield;
  }
  return checked;
}

/**
 * Validates an analysis summary exactly as analysisSummarySchema does (same result, or
 * undefined where it fails), as sliced work (see sliced-work.ts). At 10,000 tables a summary
 * is over a MB, and validating it at once was a task of 30 to 100 ms: the page CSP forbids
 * eval, so zod takes its slow path.
 */
export function* analysisSummaryCheck(value: unknown): SlicedWork<AnalysisSummary | undefined> {
  const envelope = summaryEnvelope.safeParse(value);
  if (!envelope.success) return undefined;
  yield;
  const { drift, doctrine } = envelope.data;
  const tables = yield* checkItems(drift.tables, driftTableSchema);
  if (!tables) return undefined;
  const findings = yield* checkItems(doctrine.findings, findingSchema);
  if (!findings) return undefined;
  return { ...envelope.data, drift: { ...drift, tables }, doctrine: { ...doctrine, findings } };
}
