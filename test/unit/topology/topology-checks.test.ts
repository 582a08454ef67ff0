import { describe, expect, it } from 'vitest';
import type { TopologyInfo } from '../../../shared/contract/topology';
import { topologyChecks } from '../../../electron/engine/orchestrator/apply-validate';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';
import { splitStatements } from '../../../electron/engine/sqlfile/index';

const base: TopologyInfo = {
  kind: 'standalone',
  readOnly: false,
  serverId: 1,
  replicas: [],
  binlogDumps: 0,
  warnings: [],
};
const galera = (nodeState: string): TopologyInfo => ({
  ...base,
  kind: 'galera',
  galera: {
    clusterName: 'prod',
    nodeName: 'db2',
    clusterSize: 3,
    clusterStatus: 'Primary',
    nodeState,
    osuMethod: 'TOI',
    members: ['10.0.0.1:3306', '10.0.0.2:3306', '10.0.0.3:3306'],
  },
});
const addColumn = buildSteps(splitStatements('ALTER TABLE `t` ADD COLUMN `c` INT NOT NULL DEFAULT 0;\n'));
const dropColumn = buildSteps(splitStatements('ALTER TABLE `t` DROP COLUMN `c`;\n'));

describe('validation topology checks (what the app’s Validate step shows)', () => {
  it('adds nothing on a standalone server under TOI', () => {
    expect(topologyChecks(base, addColumn, 'toi')).toEqual([]);
  });

  it('passes a Synced Galera node and names it', () => {
    expect(topologyChecks(galera('Synced'), addColumn, 'toi')).toEqual([
      { id: 'target', passed: true, message: 'Target: Galera db2 · Synced · 3 nodes (Primary) · default TOI.' },
    ]);
  });

  it('refuses a Galera node that is not Synced, saying what to do', () => {
    const [check] = topologyChecks(galera('Donor/Desynced'), addColumn, 'toi');
    expect(check).toMatchObject({ id: 'target', passed: false });
    expect(check!.message).toBe(
      'Galera node db2 is Donor/Desynced (cluster component Primary), not Synced: it cannot be a migration target. Wait until it is Synced, or connect to another node of the cluster (10.0.0.1:3306, 10.0.0.2:3306, 10.0.0.3:3306).',
    );
  });

  it('refuses a replica, naming its primary', () => {
    const replica: TopologyInfo = {
      ...base,
      kind: 'replica',
      readOnly: true,
      replica: {
        primaryHost: 'db1',
        primaryPort: 3306,
        ioRunning: true,
        sqlRunning: true,
        lagSeconds: 0,
        gtidPosition: '0-1-5',
        lastError: '',
      },
    };
    expect(topologyChecks(replica, addColumn, 'toi')[0]).toMatchObject({
      id: 'target',
      passed: false,
      message: expect.stringContaining('read-only replica of db1:3306'),
    });
  });

  it('RSU: allowed for an addition on Galera, refused off Galera and for a drop', () => {
    expect(topologyChecks(galera('Synced'), addColumn, 'rsu')[1]).toMatchObject({
      id: 'osu',
      passed: true,
      message: expect.stringContaining('RSU: 1 schema step(s) run on each of the 3 nodes in turn'),
    });
    expect(topologyChecks(base, addColumn, 'rsu')).toEqual([
      {
        id: 'osu',
        passed: false,
        message:
          'RSU (Rolling Schema Upgrade) exists only on Galera (wsrep_OSU_method); this server is Standalone. Use TOI (the default).',
      },
    ]);
    expect(topologyChecks(galera('Synced'), dropColumn, 'rsu')[1]).toMatchObject({
      id: 'osu',
      passed: false,
      message: expect.stringContaining('line 1: drop column `t`.`c`'),
    });
  });
});
