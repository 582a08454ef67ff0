import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { workspaceConfigSchema } from '../../shared/workspace-config';
import { fleetFileSchema, type FleetFile } from '../../shared/contract/fleet';
import { openSession } from '../../electron/engine/connection/session';
import { fleetStatus, type OpenTarget } from '../../electron/engine/fleet/fleet-status';
import { mapLimit } from '../../electron/engine/jobs/map-limit';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';
import { createDoctrineTables, median, timeInterleaved } from './doctrine-tables';

const SERVERS = 20;
const TABLES = 184;
const ROUNDS = 5;
const DB = 'bench_core';
const PARALLELISM = 8;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** One measured call: wall time, our process's CPU, and the CPU of the servers it read. */
interface Sample {
  readonly wallMs: number;
  readonly ourCpuMs: number;
  readonly serverCpuMs: number;
}

/** CPU time (user + system) a process has used so far, in ms (from /proc/<pid>/stat). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Measures one fleet status: wall, our CPU (process.cpuUsage) and the CPU of the servers it reads (/proc). */
function measured(serversOf: readonly (readonly LocalServer[])[]) {
  return async (run: () => Promise<unknown>, contender: number): Promise<Sample> => {
    const servers = serversOf[contender] ?? [];
    const serversBefore = servers.reduce((sum, s) => sum + processCpuMs(s.pid()), 0);
    const ourBefore = process.cpuUsage();
    const start = performance.now();
    await run();
    const wallMs = performance.now() - start;
    const ours = process.cpuUsage(ourBefore);
    const serversAfter = servers.reduce((sum, s) => sum + processCpuMs(s.pid()), 0);
    return { wallMs, ourCpuMs: (ours.user + ours.system) / 1000, serverCpuMs: serversAfter - serversBefore };
  };
}

/**
 * Fleet status speed (issue 15): the drift matrix of 20 servers × 184 tables against the
 * same status of one of them, and against the fleet read one target at a time. Reported per
 * contender: wall time, our process's CPU and the servers' CPU (medians of interleaved rounds).
 * Our side must scale linearly (our CPU for 20 targets ≈ 20× one target's, nothing
 * quadratic); the wall target (< 3× one target) holds when the servers are separate hosts.
 * Here all servers share this machine's cores, so the servers' own CPU divided by the cores
 * is a floor no client can beat — the output states it next to the ratio.
 */
export default async function bench(): Promise<void> {
  const servers: LocalServer[] = await mapLimit(Array.from({ length: SERVERS }), 4, () => startLocalServer());
  try {
    await mapLimit(servers, 4, (server) => createDoctrineTables(server.url, DB, TABLES, 2));
    const config = workspaceConfigSchema.parse({ databases: { core: DB } });
    const fleetOf = (list: readonly LocalServer[], parallelism: number): FleetFile =>
      fleetFileSchema.parse({
        parallelism,
        targets: list.map((s, i) => ({ name: `t${i + 1}`, url: s.url, canary: i === 0 })),
      });
    const open: OpenTarget = (t) => {
      const u = new URL(t.url ?? '');
      return openSession({ host: u.hostname, port: Number(u.port), user: 'root', connectTimeoutMs: 10_000 });
    };
    const check = async (fleet: FleetFile): Promise<void> => {
      const status = await fleetStatus({ fleet, config, open });
      if (status.tables.length !== TABLES || status.targets.some((t) => t.counts.inSync !== TABLES))
        throw new Error('fleet status did not see every table in sync');
    };
    const one = fleetOf(servers.slice(0, 1), PARALLELISM);
    const all = fleetOf(servers, PARALLELISM);
    const serial = fleetOf(servers, 1);
    const [single = [], fleet = [], sequential = []] = await timeInterleaved(
      [() => check(one), () => check(all), () => check(serial)],
      ROUNDS,
      measured([servers.slice(0, 1), servers, servers]),
    );
    const m = (samples: readonly Sample[]) => ({
      wall: median(samples.map((s) => s.wallMs)),
      ours: median(samples.map((s) => s.ourCpuMs)),
      servers: median(samples.map((s) => s.serverCpuMs)),
    });
    const [a, b, c] = [m(single), m(fleet), m(sequential)];
    const line = (label: string, x: typeof a): string =>
      `  ${label.padEnd(34)} wall ${x.wall.toFixed(0).padStart(6)} ms   our CPU ${x.ours.toFixed(0).padStart(5)} ms   servers' CPU ${x.servers.toFixed(0).padStart(6)} ms\n`;
    const cores = cpus().length;
    const ratio = b.wall / a.wall;
    // On one machine, 20 targets' work (ours + the servers') cannot take less wall time than
    // its CPU spread over every core; one target's takes at least its own CPU, one after the other.
    const cpuFloorRatio = (b.ours + b.servers) / cores / (a.ours + a.servers);
    process.stdout.write(`fleet status, ${TABLES} tables (median of ${ROUNDS} interleaved rounds):\n`);
    process.stdout.write(line('1 target', a));
    process.stdout.write(line(`${SERVERS} targets, parallelism ${PARALLELISM}`, b));
    process.stdout.write(line(`${SERVERS} targets, one at a time`, c));
    process.stdout.write(
      `  ratio ${SERVERS}/1: wall ${ratio.toFixed(2)}× (target < 3×) ${ratio < 3 ? 'OK' : 'SLOW'}; our CPU ${(b.ours / a.ours).toFixed(1)}× for ${SERVERS}× the targets (linear: ≤ ${SERVERS}×); parallel speed-up ${(c.wall / b.wall).toFixed(2)}×\n`,
    );
    process.stdout.write(
      `  CPU floor on this machine (load ${loadavg()[0]!.toFixed(1)}): ${SERVERS} targets need ${(b.ours + b.servers).toFixed(0)} ms of CPU (ours ${b.ours.toFixed(0)}, servers' ${b.servers.toFixed(0)}) over ${cores} cores,` +
        ` one target ${(a.ours + a.servers).toFixed(0)} ms: the ratio cannot go below ${cpuFloorRatio.toFixed(1)}× here` +
        `${cpuFloorRatio >= 3 ? ` — the < 3× target needs the servers on separate hosts; our side alone needs ${(b.ours / cores).toFixed(0)} ms over the cores = ${(b.ours / cores / Math.max(a.wall, 1)).toFixed(2)}× one target's wall` : ''}\n`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.destroy()));
  }
}
