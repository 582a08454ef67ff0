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
  const fromPath = roleFromPath(relativePath);
  if (fromPath) return fromPath;
  if (config.rolePatterns.ephemeral.some((p) => patternToRegExp(p).test(tableName))) return 'ephemeral';
  if (config.rolePatterns.orchestration.some((p) => patternToRegExp(p).test(tableName))) return 'orchestration';
  return 'core';
}
