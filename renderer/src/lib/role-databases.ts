import { DATABASE_ROLES, type DatabaseRole } from '../../../shared/schema/model';

/** One role database as the sidebar and overview show it. */
export interface RoleDatabaseView {
  readonly role: DatabaseRole;
  readonly name: string;
  /** Base tables on the server; absent when the database does not exist there or nobody is connected. */
  readonly tableCount?: number;
  readonly presentOnServer: boolean;
}

/**
 * Matches the three role database names (from the workspace config or the profile) with
 * the databases a server listed, so the sidebar shows each role's table count — or that
 * the database is missing on this server, which is worth seeing at a glance.
 */
export function roleDatabases(
  names: Readonly<Record<DatabaseRole, string>>,
  serverDatabases: ReadonlyArray<{ readonly name: string; readonly tableCount: number }> | undefined,
): RoleDatabaseView[] {
  return DATABASE_ROLES.map((role) => {
    const name = names[role];
    const found = serverDatabases?.find((database) => database.name === name);
    return found
      ? { role, name, tableCount: found.tableCount, presentOnServer: true }
      : { role, name, presentOnServer: false };
  });
}

/** The role database names when no workspace is open (the config defaults). */
export const DEFAULT_ROLE_DATABASE_NAMES: Readonly<Record<DatabaseRole, string>> = {
  core: 'lupo_core',
  orchestration: 'lupo_orchestration',
  ephemeral: 'lupo_ephemeral',
};
