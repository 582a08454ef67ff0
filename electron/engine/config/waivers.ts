import { decode, encode } from '@toon-format/toon';
import { readFile, writeFile } from 'node:fs/promises';
import { LupoError } from '../../../shared/errors';
import { waiverSchema, workspaceConfigSchema, type Waiver } from '../../../shared/workspace-config';

/** Which waivers a removal matches: same rule, table and source (absent = absent). */
export type WaiverKey = Pick<Waiver, 'rule' | 'table' | 'source'>;

function sameKey(a: WaiverKey, b: WaiverKey): boolean {
  return (
    a.rule === b.rule &&
    (a.table ?? '').toLowerCase() === (b.table ?? '').toLowerCase() &&
    (a.source ?? '') === (b.source ?? '')
  );
}

function requireConfigPath(configPath: string | undefined): string {
  if (configPath === undefined) {
    throw new LupoError('config/no-file', 'This workspace has no config file to keep waivers in.', {
      hint: 'Run `lupo init` in the workspace folder to write lupo.config.json, then waive again.',
    });
  }
  return configPath;
}

/**
 * Reads the config file, lets `change` edit its `waivers` list, validates the whole result
 * and writes it back in its own encoding (JSON keeps its key order and indentation; TOON is
 * re-encoded). Waivers live in the checked-in config so that accepting a finding is a
 * reviewable change in git, not a hidden setting of one machine.
 */
async function editWaivers(
  configPath: string | undefined,
  change: (waivers: Waiver[]) => Waiver[],
): Promise<readonly Waiver[]> {
  const file = requireConfigPath(configPath);
  const text = await readFile(file, 'utf8');
  const toon = file.endsWith('.toon');
  let raw: Record<string, unknown>;
  try {
    raw = (toon ? decode(text) : JSON.parse(text)) as Record<string, unknown>;
  } catch (error) {
    throw new LupoError('config/invalid', `${file}: cannot be read to add waivers: ${(error as Error).message}`, {
      hint: 'Fix the config file’s syntax first.',
    });
  }
  const current = Array.isArray(raw.waivers) ? raw.waivers.map((entry) => waiverSchema.parse(entry)) : [];
  const next = change(current);
  const updated = { ...raw, waivers: next.map((waiver) => ({ ...waiver })) };
  const checked = workspaceConfigSchema.safeParse(updated);
  if (!checked.success) {
    throw new LupoError('config/invalid', `${file}: the waivers would make the config invalid.`, {
      hint: checked.error.issues.map((issue) => issue.message).join('; '),
    });
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (toon) {
    // Only the `waivers` block is rewritten: the file's comments and other keys stay as written.
    const block = encode({ waivers: updated.waivers });
    await writeFile(
      file,
      replaceTopLevelBlock(text.replace(/\r\n/g, '\n'), 'waivers', block).replace(/\n/g, eol),
      'utf8',
    );
  } else {
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    await writeFile(file, JSON.stringify(updated, null, indent).replace(/\n/g, eol) + eol, 'utf8');
  }
  return next;
}

/**
 * Replaces the top-level TOON key `key` (its line and the indented lines under it) with
 * `block`, or appends `block` when the key is absent.
 */
function replaceTopLevelBlock(text: string, key: string, block: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(key) && /^[[{:]/.test(line.slice(key.length)));
  if (start < 0) return `${text.replace(/\s*$/, '')}\n${block}\n`;
  let end = start + 1;
  while (end < lines.length && /^[ \t]+\S/.test(lines[end]!)) end++;
  return [...lines.slice(0, start), ...block.split('\n'), ...lines.slice(end)].join('\n');
}

/** Adds waivers (one already there for the same rule/table/source gets the new reason); returns the list. */
export function addWaivers(configPath: string | undefined, waivers: readonly Waiver[]): Promise<readonly Waiver[]> {
  const parsed = waivers.map((waiver) => waiverSchema.parse(waiver));
  return editWaivers(configPath, (current) => {
    const next = [...current];
    for (const waiver of parsed) {
      const at = next.findIndex((entry) => sameKey(entry, waiver));
      if (at >= 0) next[at] = waiver;
      else next.push(waiver);
    }
    return next;
  });
}

/** Removes the waiver with this rule/table/source; returns the list (unchanged when none matched). */
export function removeWaiver(configPath: string | undefined, key: WaiverKey): Promise<readonly Waiver[]> {
  return editWaivers(configPath, (current) => current.filter((entry) => !sameKey(entry, key)));
}
