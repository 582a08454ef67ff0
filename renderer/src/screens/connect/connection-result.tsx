import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ConnectionInfo } from '../../../../shared/contract/connection';
import { Icon } from '../../app/icons';
import { DatabaseName } from '../../components/database-name/database-name';
import { tableCacheAdviceText } from '../../../../shared/table-cache-advice';

const ROLE_COLORS = { core: 'lupo', orchestration: 'grape', ephemeral: 'teal' } as const;

/** Props of the connection result card. */
export interface ConnectionResultProps {
  readonly info?: ConnectionInfo;
  /** The name of the profile the connection was opened with, if any. */
  readonly profileName?: string;
  onOpenOverview(): void;
}

/** The open connection: server version, endpoint, the three role databases and every database with its table count. */
export function ConnectionResult({ info, profileName, onOpenOverview }: ConnectionResultProps): ReactElement {
  if (!info) {
    return (
      <Card withBorder padding="lg" data-testid="connection-result">
        <Stack gap={6} align="center" py="xl">
          <Icon name="database" size={32} />
          <Text c="dimmed" size="sm">
            Not connected. The server’s version and databases appear here.
          </Text>
        </Stack>
      </Card>
    );
  }
  const userDatabases = info.databases.filter((database) => !database.isSystem);
  const systemDatabases = info.databases.filter((database) => database.isSystem);
  // A login that sees no database of its own has no privilege: "absent" would be a lie.
  const noPrivilege = userDatabases.length === 0;
  return (
    <Card withBorder padding="lg" data-testid="connection-result">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>Connected{profileName ? ` · ${profileName}` : ''}</Title>
          <Group gap={6}>
            {info.readOnly && (
              <Badge color="orange" variant="light">
                read-only
              </Badge>
            )}
            <Badge color="green" variant="light">
              {info.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'}
            </Badge>
          </Group>
        </Group>
        <Group gap="xl">
          <div>
            <Text className="lupo-section-label">Server version</Text>
            <Text className="lupo-mono" data-testid="server-version">
              {info.serverVersion}
            </Text>
          </div>
          <div>
            <Text className="lupo-section-label">Endpoint</Text>
            <Text className="lupo-mono">
              {info.user}@{info.endpoint}
            </Text>
          </div>
        </Group>
        {info.roles && (
          <Stack gap={6} data-testid="role-databases">
            <Text className="lupo-section-label">Role databases</Text>
            {noPrivilege && (
              <Text size="sm" c="red" data-testid="connection-no-privilege">
                This login sees no database at all: it has no privilege here. Grant it access to the role databases (or
                connect as another user).
              </Text>
            )}
            {info.databasesFrom === 'connection' && (
              <Text size="xs" c="orange" data-testid="connection-databases-override">
                These names come from the connection profile’s Databases tab (its “use these database names” switch is
                on) and override the open workspace’s.
              </Text>
            )}
            {info.roles.map((role) => (
              <Group
                key={role.role}
                justify="space-between"
                wrap="nowrap"
                px="sm"
                py={8}
                data-testid={`role-db-${role.role}`}
                data-exists={role.exists}
                style={{
                  border: '1px solid var(--mantine-color-default-border)',
                  borderRadius: 'var(--mantine-radius-sm)',
                }}
              >
                <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Badge
                    size="sm"
                    variant="light"
                    color={ROLE_COLORS[role.role]}
                    miw={124}
                    style={{ flex: 'none', overflow: 'visible' }}
                  >
                    {role.role}
                  </Badge>
                  <Text size="sm" className="lupo-mono">
                    <DatabaseName name={role.name} />
                  </Text>
                </Group>
                {role.exists ? (
                  <Text fw={700} style={{ flex: 'none' }} data-testid={`role-db-count-${role.role}`}>
                    {role.tableCount}
                    <Text span size="xs" c="dimmed" fw={400}>
                      {' '}
                      tables
                    </Text>
                  </Text>
                ) : (
                  <Badge variant="outline" color={noPrivilege ? 'red' : 'orange'} style={{ flex: 'none' }}>
                    {noPrivilege ? 'no privilege' : 'absent'}
                  </Badge>
                )}
              </Group>
            ))}
          </Stack>
        )}
        {info.tableCache && (
          <Alert
            color="yellow"
            variant="light"
            title="Table caches smaller than the schema"
            data-testid="table-cache-advice"
          >
            <Text size="sm">{tableCacheAdviceText(info.tableCache, 'connect, analysis, explorer')}</Text>
          </Alert>
        )}
        <Table striped highlightOnHover verticalSpacing={6} data-testid="database-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Database</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Tables</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...userDatabases, ...systemDatabases].map((database) => (
              <Table.Tr key={database.name} data-testid={`database-row-${database.name}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Icon name="database" size={14} />
                    <Text size="sm" className="lupo-mono" style={{ minWidth: 0 }}>
                      <DatabaseName name={database.name} />
                    </Text>
                    {database.isSystem && (
                      <Badge size="xs" variant="default">
                        system
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }} className="lupo-mono">
                  {database.tableCount}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button variant="light" onClick={onOpenOverview} data-testid="go-overview">
            Open overview
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
