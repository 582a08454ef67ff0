import { z } from 'zod';

/** Galera facts of a node (`wsrep_*` variables and status). */
export const galeraInfo = z.object({
  clusterName: z.string(),
  nodeName: z.string(),
  clusterSize: z.number().int().nonnegative(),
  /** `Primary` when the node belongs to the quorum component. */
  clusterStatus: z.string(),
  /** `wsrep_local_state_comment`: Synced, Donor/Desynced, Joining, Joined… */
  nodeState: z.string(),
  /** `wsrep_OSU_method`: TOI (DDL blocks the whole cluster) or RSU. */
  osuMethod: z.string(),
  /** `wsrep_incoming_addresses`: host:port of every member, as the cluster reports them. */
  members: z.array(z.string()),
});

/** A replica as its primary sees it (`SHOW REPLICA HOSTS` / `SHOW SLAVE HOSTS`). */
export const replicaHost = z.object({
  serverId: z.number().int(),
  host: z.string(),
  port: z.number().int(),
});

/** Replication facts of a replica (`SHOW REPLICA STATUS` / `SHOW SLAVE STATUS`). */
export const replicaStatus = z.object({
  primaryHost: z.string(),
  primaryPort: z.number().int(),
  ioRunning: z.boolean(),
  sqlRunning: z.boolean(),
  /** Seconds behind the primary; null when the SQL thread does not run. */
  lagSeconds: z.number().nullable(),
  /** The GTID position it executed (`gtid_slave_pos` / `gtid_executed`). */
  gtidPosition: z.string(),
  lastError: z.string(),
});

/**
 * What a connection talks to: a standalone server, a Galera node, a primary with
 * replicas, or a replica (which may itself have replicas). Detected on connect
 * (electron/engine/topology) and shown in `lupo status`, the sidebar and the Overview.
 */
export const topologyInfo = z.object({
  kind: z.enum(['standalone', 'galera', 'primary', 'replica']),
  readOnly: z.boolean(),
  serverId: z.number().int(),
  galera: galeraInfo.optional(),
  replicas: z.array(replicaHost),
  /** Binlog dump threads seen in the processlist (replicas that do not report a host). */
  binlogDumps: z.number().int().nonnegative(),
  replica: replicaStatus.optional(),
  /** What could not be read (missing privilege…), so the picture is known to be partial. */
  warnings: z.array(z.string()),
});
/** What a connection talks to. */
export type TopologyInfo = z.output<typeof topologyInfo>;
/** Galera facts of a node. */
export type GaleraInfo = z.output<typeof galeraInfo>;
/** Replication facts of a replica. */
export type ReplicaStatus = z.output<typeof replicaStatus>;

/** One line for badges and `lupo status`: "Galera node2 · Synced · 3 nodes (Primary) · default TOI" (the node's own wsrep_OSU_method; a batch may choose RSU). */
export function describeTopology(t: TopologyInfo): string {
  switch (t.kind) {
    case 'galera': {
      const g = t.galera!;
      return `Galera ${g.nodeName || 'node'} · ${g.nodeState} · ${g.clusterSize} node${g.clusterSize === 1 ? '' : 's'} (${g.clusterStatus}) · default ${g.osuMethod}`;
    }
    case 'replica': {
      const r = t.replica!;
      const lag = r.lagSeconds === null ? 'not replicating' : `lag ${r.lagSeconds}s`;
      return `Replica of ${r.primaryHost}:${r.primaryPort} · ${lag}${t.readOnly ? ' · read-only' : ''}`;
    }
    case 'primary': {
      const n = Math.max(t.replicas.length, t.binlogDumps);
      return `Primary with ${n} replica${n === 1 ? '' : 's'}${t.replicas.length ? `: ${t.replicas.map((r) => `${r.host}:${r.port}`).join(', ')}` : ''}`;
    }
    default:
      return `Standalone${t.readOnly ? ' · read-only' : ''}`;
  }
}
