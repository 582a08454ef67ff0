import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decode } from '@toon-format/toon';
import { LupoError } from '../../../shared/errors';
import { fleetFileSchema, type FleetFile } from '../../../shared/contract/fleet';

/** Names the workspace's fleet file may have, in lookup order. */
export const FLEET_FILE_NAMES = ['lupo.fleet.json', 'lupo.fleet.toon'] as const;

/** The fleet file of a workspace folder, or undefined when there is none. */
export function findFleetFile(dir: string): string | undefined {
  return FLEET_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
}

/** The run state file of a fleet file: `.lupo/fleet-run.json` beside it (CLI and app alike). */
export function fleetStatePath(fleetFile: string): string {
  return join(dirname(fleetFile), '.lupo', 'fleet-run.json');
}

/**
 * Loads and validates a fleet file (JSON or TOON, by extension), like the workspace config:
 * unknown keys, bad URLs and duplicate target names are refused naming the file and the
 * offending path; the canaries and reference must be real targets.
 */
export async function loadFleetFile(path: string): Promise<FleetFile> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new LupoError('fleet/unreadable', `${path}: ${error.message}`, {
      hint: 'Create lupo.fleet.json (or .toon) in the workspace, or pass --fleet FILE.',
    });
  });
  let raw: unknown;
  try {
    raw = path.endsWith('.toon') ? decode(text) : JSON.parse(text);
  } catch (error) {
    throw new LupoError('fleet/invalid-syntax', `${path}: ${(error as Error).message}`, {
      hint: 'Fix the syntax of the fleet file.',
    });
  }
  const parsed = fleetFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LupoError(
      'fleet/invalid',
      `${path}: ${issue.path.join('.') || '(root)'}${targetLabel(raw, issue.path)}: ${issue.message}`,
      {
        hint: 'A fleet file has "targets": [{ "name", "url" or "profile", "passwordEnv"?, "passwordFile"?, "databases"?, "groups"?, "canary"? }], plus optional "parallelism", "waveSize", "reference".',
      },
    );
  }
  const fleet = parsed.data;
  const seen = new Set<string>();
  for (const t of fleet.targets) {
    if (seen.has(t.name)) throw new LupoError('fleet/duplicate-target', `${path}: target "${t.name}" is listed twice.`);
    seen.add(t.name);
  }
  if (fleet.reference && !seen.has(fleet.reference))
    throw new LupoError('fleet/unknown-reference', `${path}: reference "${fleet.reference}" is not a target.`);
  return fleet;
}

/** ` (target "name")` when an error path points into a named target, so the operator finds it at once. */
function targetLabel(raw: unknown, issuePath: readonly PropertyKey[]): string {
  if (issuePath[0] !== 'targets' || typeof issuePath[1] !== 'number') return '';
  const target = (raw as { targets?: unknown[] }).targets?.[issuePath[1]] as { name?: unknown; profile?: unknown };
  const name = typeof target?.name === 'string' ? target.name : target?.profile;
  return typeof name === 'string' ? ` (target "${name}")` : '';
}

/** The matrix's reference target: the configured one, else the first canary, else the first target. */
export function referenceTarget(fleet: FleetFile): string {
  return fleet.reference ?? fleet.targets.find((t) => t.canary)?.name ?? fleet.targets[0]!.name;
}

/** The apply waves: canaries alone first, then the rest in waves of `waveSize`. */
export function planWaves(fleet: FleetFile): string[][] {
  const size = fleet.waveSize ?? fleet.parallelism;
  const canaries = fleet.targets.filter((t) => t.canary).map((t) => t.name);
  const rest = fleet.targets.filter((t) => !t.canary).map((t) => t.name);
  const waves: string[][] = canaries.length ? [canaries] : [];
  for (let i = 0; i < rest.length; i += size) waves.push(rest.slice(i, i + size));
  return waves;
}
