import { describeTopology, type TopologyInfo } from '../../../shared/contract/topology';
import type { GaleraPlanView, GaleraWarningView } from '../../../shared/contract/migration';
import type { ExecutionStep } from '../orchestrator/steps';
import type { Queryable } from './detect-topology';
import { galeraDdlWarnings } from './galera-ddl';
import { describeRsuRefusal, rsuSafety } from './rsu-safety';

/** One file of a plan, as the advice needs it. */
export interface AdvisedFile {
  readonly name: string;
  readonly steps: readonly ExecutionStep[];
}

/**
 * The Galera warnings of every file of a plan for one method, from the same engine function
 * `lupo apply` prints them with (galeraDdlWarnings); empty off Galera.
 */
export async function galeraPlanWarnings(
  db: Queryable,
  topology: TopologyInfo,
  targetDatabase: string,
  files: readonly AdvisedFile[],
  method: 'toi' | 'rsu',
): Promise<GaleraWarningView[]> {
  const warnings: GaleraWarningView[] = [];
  for (const file of files) {
    for (const w of await galeraDdlWarnings(db, topology, targetDatabase, file.steps, method)) {
      const line = w.step === undefined ? undefined : file.steps[w.step]?.line;
      warnings.push({ id: w.id, file: file.name, ...(line ? { line } : {}), message: w.message });
    }
  }
  return warnings;
}

/**
 * What a plan means on a Galera cluster, for the Migration wizard (issue 15, point 3): the
 * TOI warnings, and whether every file may run as a Rolling Schema Upgrade (one batch per
 * file, so each must be safe) — with the refused statements named. Undefined off Galera,
 * so the wizard shows no method choice there.
 */
export async function galeraPlanAdvice(
  db: Queryable,
  topology: TopologyInfo,
  targetDatabase: string,
  files: readonly AdvisedFile[],
): Promise<GaleraPlanView | undefined> {
  if (topology.kind !== 'galera') return undefined;
  const warnings = await galeraPlanWarnings(db, topology, targetDatabase, files, 'toi');
  let rolling = 0;
  let once = 0;
  const refusals: string[] = [];
  for (const file of files) {
    const safety = rsuSafety(file.steps);
    rolling += safety.rolling;
    once += safety.once;
    if (!safety.ok)
      refusals.push(files.length > 1 ? `${file.name}: ${describeRsuRefusal(safety)}` : describeRsuRefusal(safety));
  }
  return {
    cluster: describeTopology(topology),
    warnings,
    rsu: { allowed: refusals.length === 0, ...(refusals.length ? { reason: refusals.join(' ') } : {}), rolling, once },
  };
}
