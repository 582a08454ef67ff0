import type { RowDataPacket } from 'mysql2/promise';
import type { TopologyInfo } from '../../../shared/contract/topology';
import type { ExecutionStep } from '../orchestrator/steps';
import type { Queryable } from './detect-topology';

/** A warning about how a plan behaves on a Galera cluster. */
export interface GaleraDdlWarning {
  readonly id: 'galera-toi' | 'galera-toi-large-table' | 'galera-rsu' | 'galera-rsu-large-table';
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
 * ALTER of a big table (estimated rows from information_schema) a long one. With `method`
 * `rsu` (a Rolling Schema Upgrade, --osu rsu) it says what that costs instead: each node in
 * turn desyncs while it runs the DDL. Empty when the target is not a Galera node. Shared by
 * `lupo apply` and the app's Migration wizard.
 */
export async function galeraDdlWarnings(
  db: Queryable,
  topology: TopologyInfo,
  targetDatabase: string,
  steps: readonly ExecutionStep[],
  method: 'toi' | 'rsu' = 'toi',
): Promise<GaleraDdlWarning[]> {
  const g = topology.galera;
  if (topology.kind !== 'galera' || !g) return [];
  const ddl = steps.filter((s) => s.classification.kind !== 'data' && s.classification.kind !== 'other');
  if (ddl.length === 0) return [];
  const rsu = method === 'rsu';
  const warnings: GaleraDdlWarning[] = [
    rsu
      ? {
          id: 'galera-rsu',
          message: `${ddl.length} DDL statement(s) run as a Rolling Schema Upgrade: on each of the ${g.clusterSize} nodes of cluster ${g.clusterName || '?'} in turn, which desyncs while it runs them (no cluster-wide stall; the nodes differ until the last one is done).`,
        }
      : {
          id: 'galera-toi',
          message: `${ddl.length} DDL statement(s) run under Total Order Isolation: each one pauses writes on all ${g.clusterSize} nodes of cluster ${g.clusterName || '?'} while it runs.`,
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
        const rows = `${effect.table} (~${n.toLocaleString('en')} rows)`;
        warnings.push(
          rsu
            ? {
                id: 'galera-rsu-large-table',
                step: step.index,
                message: `line ${step.line}: ${step.classification.summary} rebuilds ${rows} on each node in turn: every node is desynced that long, one after the other, and must catch up afterwards.`,
              }
            : {
                id: 'galera-toi-large-table',
                step: step.index,
                message: `line ${step.line}: ${step.classification.summary} rebuilds ${rows} under TOI: a long stall of the whole cluster. Run it in a maintenance window, as a Rolling Schema Upgrade (--osu rsu) if it is backward-compatible, or with an online schema change tool outside Lupo.`,
              },
        );
        break;
      }
    }
  }
  return warnings;
}
