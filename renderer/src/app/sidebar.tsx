import { Badge, Divider, Group, NavLink, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';
import { DEFAULT_ROLE_DATABASE_NAMES, roleDatabases } from '../lib/role-databases';
import { useConnection, useNavigation, useWorkspace } from '../stores/app-stores';
import { SCREENS, SCREEN_INFO, screenShortcut, type ScreenId } from '../stores/navigation-store';
import { Icon, type IconName } from './icons';
import { TopologyBadge } from '../components/topology-badge/topology-badge';
import { DatabaseName } from '../components/database-name/database-name';

const SCREEN_ICONS: Readonly<Record<ScreenId, IconName>> = {
  connect: 'plug',
  overview: 'grid',
  explorer: 'table',
  relationships: 'graph',
  drift: 'diff',
  migration: 'database',
  history: 'folder',
  rollback: 'refresh',
  doctrine: 'alert',
  console: 'terminal',
  data: 'rows',
  fleet: 'servers',
};

const ROLE_COLORS = { core: 'lupo', orchestration: 'grape', ephemeral: 'teal' } as const;

/** The left column: screens, the connected server and its three role databases. */
export function Sidebar(): ReactElement {
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const info = useConnection((s) => s.info);
  const lost = useConnection((s) => s.lost);
  const names = useWorkspace((s) => s.summary?.config.databases) ?? DEFAULT_ROLE_DATABASE_NAMES;
  // The connection's own role databases (from its profile) win over the workspace's names.
  const roles = info?.roles
    ? info.roles.map((role) => ({
        role: role.role,
        name: role.name,
        presentOnServer: role.exists,
        tableCount: role.tableCount,
      }))
    : roleDatabases(names, info?.databases);
  // A login that sees no database of its own has no privilege: "absent" would be a lie.
  const noPrivilege = info !== undefined && info.databases.every((database) => database.isSystem);

  return (
    <Stack gap={0} h="100%">
      <ScrollArea style={{ flex: 1 }} p="xs">
        <nav aria-label="Screens">
          {SCREENS.map((id, index) => (
            <NavLink
              key={id}
              // A button (not an anchor without href) so Tab reaches every screen.
              component="button"
              type="button"
              aria-current={screen === id ? 'page' : undefined}
              label={SCREEN_INFO[id].title}
              leftSection={<Icon name={SCREEN_ICONS[id]} />}
              rightSection={
                <Text size="xs" c="dimmed">
                  {screenShortcut(index)?.label}
                </Text>
              }
              active={screen === id}
              onClick={() => go(id)}
              data-testid={`nav-${id}`}
              variant="light"
              style={{ borderRadius: 'var(--mantine-radius-sm)' }}
            />
          ))}
        </nav>
        <Divider my="sm" />
        <Text className="lupo-section-label" px="xs" mb={6}>
          Connection
        </Text>
        <div data-testid="sidebar-connection" style={{ padding: '0 var(--mantine-spacing-xs)' }}>
          {info ? (
            <Stack gap={2} data-state={lost ? 'lost' : 'connected'}>
              <Group gap={6} wrap="nowrap">
                <Tooltip label={lost ? 'Connection lost' : 'Connected'}>
                  <span
                    role="status"
                    aria-label={lost ? 'Connection lost' : 'Connected'}
                    data-testid="sidebar-connection-dot"
                    style={{
                      width: 8,
                      height: 8,
                      borderRadius: 4,
                      background: lost ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-green-6)',
                      flex: 'none',
                    }}
                  />
                </Tooltip>
                <Text size="sm" fw={500} truncate>
                  {info.user}@{info.endpoint}
                </Text>
                {info.readOnly && (
                  <Tooltip label="Read-only connection: Apply and Rollback are refused">
                    <Badge
                      size="xs"
                      color="orange"
                      variant="light"
                      style={{ flex: 'none' }}
                      data-testid="sidebar-read-only"
                    >
                      read-only
                    </Badge>
                  </Tooltip>
                )}
              </Group>
              <Text size="xs" c={lost ? 'red' : 'dimmed'} truncate data-testid="sidebar-connection-state">
                {lost
                  ? 'Connection lost'
                  : `${info.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${info.serverVersion.split('-')[0] ?? info.serverVersion}`}
              </Text>
              <TopologyBadge />
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              Not connected
            </Text>
          )}
        </div>
        <Text className="lupo-section-label" px="xs" mt="md" mb={6}>
          Databases
        </Text>
        {info?.databasesFrom === 'connection' && (
          <Text size="xs" c="orange" px="xs" mb={4} data-testid="sidebar-databases-override">
            Names from the connection profile (they override the workspace’s)
          </Text>
        )}
        <Stack gap={4} data-testid="sidebar-databases">
          {roles.map((role) => (
            // The name has the whole width under its badges, so it wraps only between segments.
            <div
              key={role.role}
              style={{ padding: '4px var(--mantine-spacing-xs)' }}
              data-testid={`sidebar-role-${role.role}`}
            >
              <Group justify="space-between" wrap="nowrap" gap={4} mb={2}>
                <Badge
                  size="xs"
                  variant="light"
                  color={ROLE_COLORS[role.role]}
                  style={{ flex: 'none', overflow: 'visible' }}
                >
                  {role.role}
                </Badge>
                {info ? (
                  role.presentOnServer ? (
                    <Tooltip
                      label={lost ? 'As last read, before the connection was lost' : 'Base tables on the server'}
                    >
                      <Badge
                        variant="default"
                        size="sm"
                        style={{ flex: 'none', ...(lost ? { opacity: 0.55 } : {}) }}
                        data-testid={`sidebar-count-${role.role}`}
                        data-stale={lost ? 'true' : undefined}
                      >
                        {role.tableCount}
                      </Badge>
                    </Tooltip>
                  ) : noPrivilege ? (
                    <Tooltip label="This login sees no database: grant it privileges on the role databases">
                      <Badge
                        variant="outline"
                        color="red"
                        size="sm"
                        style={{ flex: 'none', overflow: 'visible' }}
                        data-testid={`sidebar-no-privilege-${role.role}`}
                      >
                        no privilege
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Tooltip label="This database does not exist on the server">
                      <Badge
                        variant="outline"
                        color="orange"
                        size="sm"
                        style={{ flex: 'none', overflow: 'visible' }}
                        data-testid={`sidebar-absent-${role.role}`}
                      >
                        absent
                      </Badge>
                    </Tooltip>
                  )
                ) : null}
              </Group>
              <Text size="sm" className="lupo-mono">
                <DatabaseName name={role.name} />
              </Text>
            </div>
          ))}
        </Stack>
      </ScrollArea>
    </Stack>
  );
}
