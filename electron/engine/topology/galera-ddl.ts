import type { RowDataPacket } from 'mysql2/promise';
import type { TopologyInfo } from '../../../shared/contract/topology';
import type { ExecutionStep } from '../orchestrator/steps';
import type { Queryable } from './detect-topology';

/** A warning about how a plan behaves on a Galera cluster. */
export interface GaleraDdlWarning {
  readonly id: 'galera-toi' | 'galera-toi-large-table';
  readonly step?: number;
  readonly message: string;
}

/** Rows above which an ALTER under TOI is called out as a long cluster-wide stall. */
export const LARGE_TABLE_ROWS = 100_000;

/**
 * What the planner/validator must tell an operator about DDL on Galera (issue 15, point 3):
 * under Total Order Isolation (the default `wsrep_OSU_method`), every DDL statement is
 * executed by all nodes at the same point in the replication stream, and writes on every
 * node wait while it runs — so any DDL is a cluster-wide stall, and a table-rebuilding
 * ALTER of a big table (estimated rows from information_schema) a long one. Empty when the
 * target is not a Galera node.
 */
export async function galeraDdlWarnings(
  db: Queryable,
  topology: TopologyInfo,
  targetDatabase: string,
  steps: readonly ExecutionStep[],
): Promise<GaleraDdlWarning[]> {
  const g = topology.galera;
  if (topology.kind !== 'galera' || !g) return [];
  const ddl = steps.filter((s) => s.classification.kind !== 'data' && s.classification.kind !== 'other');
  if (ddl.length === 0) return [];
  const warnings: GaleraDdlWarning[] = [
    {
      id: 'galera-toi',
      message: `${ddl.length} DDL statement(s) run under ${g.osuMethod === 'RSU' ? 'RSU (this node only: the others need the same change!)' : 'Total Order Isolation'}: each one pauses writes on all ${g.clusterSize} nodes of cluster ${g.clusterName || '?'} while it runs.`,
    },
  ];
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t, TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [targetDatabase],
  );
  const sizes = new Map(rows.map((r) => [String(r.t).toLowerCase(), Number(r.n ?? 0)]));
  for (const step of ddl) {
    if (!step.classification.locking) continue;
    for (const effect of step.classification.effects) {
      if (effect.database && effect.database !== targetDatabase) continue;
      const n = sizes.get(effect.table.toLowerCase()) ?? 0;
      if (n >= LARGE_TABLE_ROWS) {
        warnings.push({
          id: 'galera-toi-large-table',
          step: step.index,
          message: `line ${step.line}: ${step.classification.summary} rebuilds ${effect.table} (~${n.toLocaleString('en')} rows) under TOI: a long stall of the whole cluster. Run it in a maintenance window, or as an online schema change tool outside Lupo.`,
        });
        break;
      }
    }
  }
  return warnings;
}
