import { DATABASE_ROLES, type DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';

/** `migration_*` → /^migration_.*$/i (only `*` is a wildcard). */
export function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** The role named by a file's first sub-folder (`core/x.toon`), if any. */
export function roleFromPath(relativePath: string): DatabaseRole | undefined {
  const first = relativePath.split(/[\\/]/)[0];
  return DATABASE_ROLES.find((role) => role === first && relativePath.length > first.length);
}

/**
 * Which database a table belongs to: its role sub-folder when it has one, else the
 * config's rolePatterns (ephemeral first, then orchestration), else core.
 */
export function resolveRole(
  relativePath: string,
  tableName: string,
  config: Pick<WorkspaceConfig, 'rolePatterns'>,
): DatabaseRole {
  return roleResolver(config)(relativePath, tableName);
}

/**
 * {@link resolveRole} with the config's patterns compiled once, for callers that resolve
 * many tables (a definitions folder resolves one per file).
 */
export function roleResolver(
  config: Pick<WorkspaceConfig, 'rolePatterns'>,
): (relativePath: string, tableName: string) => DatabaseRole {
  const ephemeral = config.rolePatterns.ephemeral.map(patternToRegExp);
  const orchestration = config.rolePatterns.orchestration.map(patternToRegExp);
  return (relativePath, tableName) => {
    const fromPath = roleFromPath(relativePath);
    if (fromPath) return fromPath;
    if (ephemeral.some((p) => p.test(tableName))) return 'ephemeral';
    if (orchestration.some((p) => p.test(tableName))) return 'orchestration';
    return 'core';
  };
}
