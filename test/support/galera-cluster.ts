import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { findServerBinaries, startLocalServer } from '../../electron/engine/sandbox/local-server';

const execFileAsync = promisify(execFile);
const PROVIDER = '/usr/lib/galera/libgalera_smm.so';

/** One node of a loopback Galera cluster started by the tests. */
export interface GaleraNode {
  readonly index: number;
  readonly port: number;
  readonly url: string;
  readonly dataDir: string;
  /** SIGKILL, as in a crash; the data directory stays. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for exit. */
  stop(): Promise<void>;
  /** Starts the node again (joining the cluster) and waits until it is Synced. */
  rejoin(): Promise<void>;
  running(): boolean;
}

/** A 3-node (by default) MariaDB Galera cluster on 127.0.0.1, run as the `mysql` user. */
export interface GaleraCluster {
  readonly nodes: readonly GaleraNode[];
  readonly name: string;
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the node answers and reports `wsrep_local_state_comment = Synced`. */
export async function waitSynced(url: string, child: ChildProcess, log: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const text = await readFile(log, 'utf8').catch(() => '');
      throw new Error(`Galera node exited while starting:\n${text.split('\n').slice(-25).join('\n')}`);
    }
    try {
      const c = await mysql.createConnection({ uri: url, connectTimeout: 1000 });
      try {
        const [rows] = await c.query<RowDataPacket[]>("SHOW STATUS LIKE 'wsrep_local_state_comment'");
        if (rows[0]?.Value === 'Synced') return;
      } finally {
        await c.end();
      }
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`Galera node ${url} was not Synced within ${timeoutMs} ms (log ${log})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts a Galera cluster on loopback following the measured recipe (PLATFORM.md): data
 * directories copied from a prepared template and owned by `mysql`, nodes run as `mysql`
 * (rsync SST fails as root), the first with `--wsrep-new-cluster`, each next one only when
 * the previous is Synced. Short EVS timeouts so a killed node leaves the view in seconds.
 */
export async function startGaleraCluster(size = 3): Promise<GaleraCluster> {
  const binaries = findServerBinaries();
  // A throwaway server prepares (and caches) the template data directory.
  const probe = await startLocalServer();
  const template = probe.dataDir;
  const base = await mkdtemp(join(tmpdir(), 'lupo-galera-'));
  // mysql must be able to traverse to its data directories.
  await chmod(tmpdir(), 0o755).catch(() => {});
  await chmod(base, 0o755);
  await probe.stop();
  const name = `lupo_${base
    .slice(-6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const specs = [];
  for (let i = 0; i < size; i++) {
    specs.push({ port: await freePort(), gport: await freePort(), ist: await freePort(), sst: await freePort() });
  }
  const address = `gcomm://${specs.map((s) => `127.0.0.1:${s.gport}`).join(',')}`;
  const nodes: GaleraNode[] = [];
  const children: (ChildProcess | undefined)[] = [];
  for (let i = 0; i < size; i++) {
    const spec = specs[i]!;
    const dir = join(base, `node${i + 1}`);
    const dataDir = join(dir, 'data');
    await mkdir(dir, { recursive: true });
    if (i === 0) await cp(template, dataDir, { recursive: true });
    else await mkdir(dataDir);
    await rm(join(dataDir, '.lupo-ready'), { force: true });
    await writeFile(join(dir, 'error.log'), '');
    await execFileAsync('chown', ['-R', 'mysql:mysql', dir]);
    const log = join(dir, 'error.log');
    const url = `mysql://root@127.0.0.1:${spec.port}`;
    const args = (bootstrap: boolean): string[] => [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--port=${spec.port}`,
      '--bind-address=127.0.0.1',
      '--user=mysql',
      `--log-error=${log}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--tmpdir=${dir}`,
      '--binlog-format=ROW',
      '--innodb-autoinc-lock-mode=2',
      '--innodb-buffer-pool-size=64M',
      '--innodb-log-file-size=16M',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
      '--skip-name-resolve',
      '--wsrep-on=ON',
      `--wsrep-provider=${PROVIDER}`,
      `--wsrep-cluster-name=${name}`,
      `--wsrep-cluster-address=${address}`,
      '--wsrep-node-address=127.0.0.1',
      `--wsrep-node-name=node${i + 1}`,
      `--wsrep-node-incoming-address=127.0.0.1:${spec.port}`,
      `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${spec.gport};ist.recv_addr=127.0.0.1:${spec.ist};gcache.size=16M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.inactive_check_period=PT1S;evs.keepalive_period=PT1S`,
      '--wsrep-sst-method=rsync',
      `--wsrep-sst-receive-address=127.0.0.1:${spec.sst}`,
      ...(bootstrap ? ['--wsrep-new-cluster'] : []),
    ];
    const launch = async (bootstrap: boolean): Promise<void> => {
      const child = spawn(binaries.server, args(bootstrap), { stdio: 'ignore' });
      children[i] = child;
      await waitSynced(url, child, log);
    };
    const waitExit = async (signal: NodeJS.Signals): Promise<void> => {
      const child = children[i];
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    };
    await launch(i === 0);
    nodes.push({
      index: i,
      port: spec.port,
      url,
      dataDir,
      kill: () => waitExit('SIGKILL'),
      stop: () => waitExit('SIGTERM'),
      rejoin: () => launch(false),
      running: () => {
        const c = children[i];
        return Boolean(c && c.exitCode === null && c.signalCode === null);
      },
    });
  }
  return {
    nodes,
    name,
    destroy: async () => {
      // Stop joiners first, the bootstrap node last, each waited for.
      for (const node of [...nodes].reverse()) {
        await node.stop();
      }
      await probe.destroy();
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** The value of one status variable of a node. */
export async function statusOf(url: string, variable: string): Promise<string | undefined> {
  const c = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await c.query<RowDataPacket[]>('SHOW STATUS LIKE ?', [variable]);
    return rows[0]?.Value as string | undefined;
  } finally {
    await c.end();
  }
}
