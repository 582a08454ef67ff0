import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTopology, topologyInfo } from '../../../shared/contract/topology';
import { connectionInfo } from '../../../shared/contract/connection';
import { loadFleetFile, planWaves, referenceTarget } from '../../../electron/engine/fleet/fleet-file';
import { profileSecretEnv } from '../../../electron/engine/fleet/fleet-targets';
import { mapLimit } from '../../../electron/engine/jobs/map-limit';
import { compareFingerprints } from '../../../electron/engine/topology/schema-fingerprint';
import { visibleRange } from '../../../renderer/src/screens/fleet/virtual-range';

async function fleetFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-fleet-unit-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('fleet file', () => {
  it('loads JSON and TOON, applies defaults, and plans canaries then waves', async () => {
    const json = await fleetFile(
      'lupo.fleet.json',
      JSON.stringify({
        waveSize: 2,
        targets: [
          { name: 'a', url: 'mysql://root@h1:3306' },
          { name: 'b', url: 'mysql://root@h2:3306', canary: true, groups: ['eu'] },
          { name: 'c', url: 'mysql://root@h3:3306' },
          { name: 'd', url: 'mysql://root@h4:3306', databases: { core: 'd_core' } },
          { name: 'e', url: 'mysql://root@h5:3306' },
        ],
      }),
    );
    const fleet = await loadFleetFile(json);
    expect(fleet.parallelism).toBe(4);
    expect(fleet.targets[0]).toMatchObject({ canary: false, groups: [], databases: {} });
    expect(planWaves(fleet)).toEqual([['b'], ['a', 'c'], ['d', 'e']]);
    expect(referenceTarget(fleet)).toBe('b');
    const toon = await fleetFile(
      'lupo.fleet.toon',
      'name: eu\nparallelism: 2\ntargets[2]{name,url,canary}:\n  x,"mysql://root@h1:3306",true\n  y,"mysql://root@h2:3306",false\n',
    );
    const fromToon = await loadFleetFile(toon);
    expect(fromToon).toMatchObject({ name: 'eu', parallelism: 2 });
    expect(planWaves(fromToon)).toEqual([['x'], ['y']]);
  });

  it('refuses bad files naming the file and the offending key', async () => {
    const dup = await fleetFile(
      'dup.json',
      JSON.stringify({
        targets: [
          { name: 'a', url: 'mysql://h' },
          { name: 'a', url: 'mysql://h2' },
        ],
      }),
    );
    await expect(loadFleetFile(dup)).rejects.toThrow(/dup\.json: target "a" is listed twice/);
    const unknown = await fleetFile(
      'unknown.json',
      JSON.stringify({ targets: [{ name: 'a', url: 'mysql://h', port: 1 }] }),
    );
    await expect(loadFleetFile(unknown)).rejects.toThrow(/unknown\.json: targets\.0 \(target "a"\): Unrecognized key/);
    const ref = await fleetFile(
      'ref.json',
      JSON.stringify({ reference: 'zz', targets: [{ name: 'a', url: 'mysql://h' }] }),
    );
    await expect(loadFleetFile(ref)).rejects.toThrow(/reference "zz" is not a target/);
    // A fleet file travels with the workspace: it may only name LUPO_* variables as passwords.
    const stealEnv = await fleetFile(
      'steal.json',
      JSON.stringify({ targets: [{ name: 'a', url: 'mysql://evil.example', passwordEnv: 'AWS_SECRET_ACCESS_KEY' }] }),
    );
    await expect(loadFleetFile(stealEnv)).rejects.toThrow(
      /steal\.json: targets\.0\.passwordEnv \(target "a"\): .*LUPO_/,
    );
    const lupoEnv = await fleetFile(
      'lupo-env.json',
      JSON.stringify({ targets: [{ name: 'a', url: 'mysql://h', passwordEnv: 'LUPO_PASSWORD_A' }] }),
    );
    await expect(loadFleetFile(lupoEnv)).resolves.toBeTruthy();
    const syntax = await fleetFile('syntax.json', '{ "targets": [');
    await expect(loadFleetFile(syntax)).rejects.toThrow(/syntax\.json:/);
  });
});

describe('fleet targets by profile', () => {
  it('takes a saved profile instead of a URL, named after it unless named, never both', async () => {
    const fleet = await loadFleetFile(
      await fleetFile(
        'p.json',
        JSON.stringify({
          targets: [
            { profile: 'prod-eu-1', canary: true },
            { name: 'eu2', profile: 'Prod EU 2', passwordFile: 'secrets/eu2.txt' },
            { name: 'lab', url: 'mysql://root@h:3306' },
          ],
        }),
      ),
    );
    expect(fleet.targets.map((t) => [t.name, t.profile, t.url])).toEqual([
      ['prod-eu-1', 'prod-eu-1', undefined],
      ['eu2', 'Prod EU 2', undefined],
      ['lab', undefined, 'mysql://root@h:3306'],
    ]);
    const both = await fleetFile(
      'both.json',
      JSON.stringify({ targets: [{ name: 'x', profile: 'p', url: 'mysql://h' }] }),
    );
    await expect(loadFleetFile(both)).rejects.toThrow(
      /both\.json: targets\.0 \(target "x"\): give either "url" or "profile"/,
    );
    // A profile name that is no valid target name needs an explicit name.
    const spaced = await fleetFile('spaced.json', JSON.stringify({ targets: [{ profile: 'Prod EU 2' }] }));
    await expect(loadFleetFile(spaced)).rejects.toThrow(
      /spaced\.json: targets\.0\.name \(target "Prod EU 2"\): letters, digits/,
    );
  });

  it('names the variable that supplies a profile target’s secrets', () => {
    expect(profileSecretEnv('prod-eu-1', 'PASSWORD')).toBe('LUPO_PASSWORD_PROD_EU_1');
    expect(profileSecretEnv('Prod EU 2', 'SSH_PASSPHRASE')).toBe('LUPO_SSH_PASSPHRASE_PROD_EU_2');
  });
});

describe('fleet helpers', () => {
  it('mapLimit keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('compares fingerprints into in-sync / missing / different / extra', () => {
    const reference = new Map([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
    const actual = new Map([
      ['a', '1'],
      ['b', 'x'],
      ['d', '4'],
    ]);
    expect(Object.fromEntries(compareFingerprints(reference, actual))).toEqual({
      a: 'in-sync',
      b: 'different',
      c: 'missing',
      d: 'extra',
    });
  });

  it('virtualizes a 200 × 200 matrix down to the cells in view', () => {
    const rows = visibleRange(2400, 480, 24, 200);
    const cols = visibleRange(0, 900, 22, 200);
    expect(rows).toEqual({ start: 96, end: 124 });
    expect(cols).toEqual({ start: 0, end: 45 });
    expect((rows.end - rows.start) * (cols.end - cols.start)).toBeLessThan(1500);
    expect(visibleRange(10_000, 480, 24, 200)).toEqual({ start: 200, end: 200 });
    expect(visibleRange(0, 480, 24, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('topology contract', () => {
  const galera = topologyInfo.parse({
    kind: 'galera',
    readOnly: false,
    serverId: 1,
    galera: {
      clusterName: 'c',
      nodeName: 'node2',
      clusterSize: 3,
      clusterStatus: 'Primary',
      nodeState: 'Synced',
      osuMethod: 'TOI',
      members: ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'],
    },
    replicas: [],
    binlogDumps: 0,
    warnings: [],
  });

  it('describes each kind in one line', () => {
    expect(describeTopology(galera)).toBe('Galera node2 · Synced · 3 nodes (Primary) · default TOI');
    expect(
      describeTopology({
        kind: 'replica',
        readOnly: true,
        serverId: 2,
        replicas: [],
        binlogDumps: 0,
        warnings: [],
        replica: {
          primaryHost: 'db1',
          primaryPort: 3306,
          ioRunning: true,
          sqlRunning: false,
          lagSeconds: null,
          gtidPosition: '0-1-5',
          lastError: '',
        },
      }),
    ).toBe('Replica of db1:3306 · not replicating · read-only');
    expect(
      describeTopology({
        kind: 'primary',
        readOnly: false,
        serverId: 1,
        replicas: [{ serverId: 2, host: 'r1', port: 3307 }],
        binlogDumps: 1,
        warnings: [],
      }),
    ).toBe('Primary with 1 replica: r1:3307');
  });

  it('travels in connectionInfo as an optional field', () => {
    const base = {
      connectionId: 'c',
      serverVersion: '10.11',
      flavor: 'mariadb',
      user: 'root',
      endpoint: 'h:1',
      databases: [],
    };
    expect(connectionInfo.parse(base).topology).toBeUndefined();
    expect(connectionInfo.parse({ ...base, topology: galera }).topology?.kind).toBe('galera');
    expect(() => connectionInfo.parse({ ...base, topology: { kind: 'cluster' } })).toThrow();
  });
});
