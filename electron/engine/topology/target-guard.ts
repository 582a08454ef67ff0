import { LupoError } from '../../../shared/errors';
import type { TopologyInfo } from '../../../shared/contract/topology';

/**
 * Refuses a target that must not receive DDL (issue 15, points 3 and 4): a replica (its
 * changes must come from its primary — named in the refusal), and a Galera node that is
 * not `Synced` in the Primary component (a joining, donor or partitioned node would apply
 * out of order or not at all).
 */
export function assertApplicableTarget(topology: TopologyInfo): void {
  if (topology.kind === 'replica' && topology.replica) {
    const primary = `${topology.replica.primaryHost}:${topology.replica.primaryPort}`;
    throw new LupoError(
      'apply/replica-target',
      `This server is a${topology.readOnly ? ' read-only' : ''} replica of ${primary}: schema changes must be applied on its primary.`,
      {
        hint: `Connect to the primary ${primary} and apply there; the change reaches this replica through replication, and Lupo verifies it afterwards.`,
        details: { primary, readOnly: topology.readOnly },
      },
    );
  }
  const g = topology.galera;
  if (topology.kind === 'galera' && g && (g.nodeState !== 'Synced' || g.clusterStatus !== 'Primary')) {
    throw new LupoError(
      'apply/galera-not-synced',
      `Galera node ${g.nodeName || '?'} is ${g.nodeState} (cluster component ${g.clusterStatus}), not Synced: it cannot be a migration target.`,
      {
        hint: `Wait until it is Synced, or connect to another node of the cluster (${g.members.join(', ') || 'see wsrep_incoming_addresses'}).`,
        details: { node: g.nodeName, state: g.nodeState, clusterStatus: g.clusterStatus },
      },
    );
  }
}
