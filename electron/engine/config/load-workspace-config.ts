import { decode } from '@toon-format/toon';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LupoError } from '../../../shared/errors';
import { workspaceConfigSchema, type WorkspaceConfig } from '../../../shared/workspace-config';

/** The file names a workspace config may have, in lookup order. */
export const CONFIG_FILE_NAMES = ['lupo.config.json', 'lupo.config.toon'] as const;

/** A validated config whose paths are absolute (resolved against the config's folder). */
export interface LoadedConfig {
  readonly config: WorkspaceConfig;
  /** The config file, when one was found. */
  readonly path?: string;
  /** The folder relative paths were resolved against. */
  readonly dir: string;
}

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

/** Resolves the path-valued keys against `dir`. */
export function resolveConfigPaths(config: WorkspaceConfig, dir: string): WorkspaceConfig {
  return {
    ...config,
    definitions: path.resolve(dir, config.definitions),
    migrations: path.resolve(dir, config.migrations),
    backups: path.resolve(dir, config.backups),
    sqlFiles: config.sqlFiles.map((f) => path.resolve(dir, f)),
  };
}

function parseText(file: string, text: string): unknown {
  if (file.endsWith('.toon')) {
    try {
      return decode(text);
    } catch (error) {
      throw new LupoError('config/invalid-toon', `${file}: invalid TOON: ${(error as Error).message}`, {
        hint: 'Fix the TOON syntax of the config file.',
        details: { file, line: (error as { line?: number }).line ?? 1 },
      });
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LupoError('config/invalid-json', `${file}: invalid JSON: ${(error as Error).message}`, {
      hint: 'Fix the JSON syntax of the config file (JSON allows no comments or trailing commas).',
      details: { file },
    });
  }
}

/**
 * Loads and validates the workspace config: `options.path`, else `lupo.config.json` or
 * `lupo.config.toon` in `cwd`, else the defaults (no file). Throws LupoError `config/…`
 * naming the file and the offending key; returns paths resolved against the file's folder.
 */
export async function loadWorkspaceConfig(options: { path?: string; cwd: string }): Promise<LoadedConfig> {
  let file: string | undefined;
  if (options.path !== undefined) {
    file = path.resolve(options.cwd, options.path);
    if (!(await exists(file))) {
      throw new LupoError('config/not-found', `Config file not found: ${file}`, {
        hint: 'Check --config, or run `lupo init` to write one.',
      });
    }
  } else {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES)
      if (await exists(path.join(options.cwd, name))) found.push(path.join(options.cwd, name));
    if (found.length > 1) {
      throw new LupoError('config/ambiguous', `Both ${found.join(' and ')} exist`, {
        hint: 'Keep one workspace config, or pass --config.',
      });
    }
    file = found[0];
  }
  if (file === undefined) {
    const dir = path.resolve(options.cwd);
    return { config: resolveConfigPaths(workspaceConfigSchema.parse({}), dir), dir };
  }
  const raw = parseText(file, await readFile(file, 'utf8'));
  const parsed = workspaceConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
      const at = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])].join('.');
      return `"${at || '(root)'}": ${issue.message}`;
    });
    throw new LupoError('config/invalid', `${file}: ${lines.join('; ')}`, {
      hint: 'Fix or remove the named key(s); see `lupo init` for a commented example.',
      details: { file },
    });
  }
  const dir = path.dirname(file);
  return { config: resolveConfigPaths(parsed.data, dir), path: file, dir };
}
