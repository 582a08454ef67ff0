import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent, type ReactElement } from 'react';
import { connectAndLoad, disconnect } from '../../stores/app-flows';
import { navigationStore, useConnection } from '../../stores/app-stores';
import { Icon } from '../../app/icons';
import { ScreenFrame } from '../screen-frame';

/**
 * The connection screen: host/port/user/password or a socket path → `connection/open`,
 * then the server's version and its databases. Errors show their message and hint.
 */
export function ConnectScreen(): ReactElement {
  const status = useConnection((s) => s.status);
  const info = useConnection((s) => s.info);
  const error = useConnection((s) => s.error);
  const clearError = useConnection((s) => s.clearError);
  const [transport, setTransport] = useState<'tcp' | 'socket'>('tcp');
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState<number | string>(3306);
  const [socketPath, setSocketPath] = useState('');
  const [user, setUser] = useState('root');
  const [password, setPassword] = useState('');
  const [timeoutSeconds, setTimeoutSeconds] = useState<number | string>(10);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const seconds = Number(timeoutSeconds) || 10;
    void connectAndLoad({
      host: host.trim() || '127.0.0.1',
      port: Number(port) || 3306,
      user: user.trim(),
      ...(password === '' ? {} : { password }),
      ...(transport === 'socket' && socketPath.trim() !== '' ? { socketPath: socketPath.trim() } : {}),
      connectTimeoutMs: Math.min(120_000, Math.max(500, Math.round(seconds * 1000))),
    });
  };

  const userDatabases = info?.databases.filter((database) => !database.isSystem) ?? [];
  const systemDatabases = info?.databases.filter((database) => database.isSystem) ?? [];

  return (
    <ScreenFrame title="Connection" subtitle="Connect to a MySQL 8 or MariaDB 10.11 server" testId="screen-connect">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
        <Card withBorder padding="lg">
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={5}>Server</Title>
                <SegmentedControl
                  size="xs"
                  value={transport}
                  onChange={(value) => setTransport(value as 'tcp' | 'socket')}
                  data={[
                    { value: 'tcp', label: 'TCP' },
                    { value: 'socket', label: 'Socket' },
                  ]}
                  data-testid="connect-transport"
                />
              </Group>
              {transport === 'tcp' ? (
                <Group grow align="start">
                  <TextInput
                    label="Host"
                    value={host}
                    onChange={(e) => setHost(e.currentTarget.value)}
                    data-testid="connect-host"
                    style={{ flexGrow: 3 }}
                    autoComplete="off"
                    spellCheck={false}
                  />
                  <NumberInput
                    label="Port"
                    value={port}
                    onChange={setPort}
                    min={1}
                    max={65535}
                    hideControls
                    data-testid="connect-port"
                    style={{ flexGrow: 1 }}
                  />
                </Group>
              ) : (
                <TextInput
                  label="Socket path"
                  placeholder="/run/mysqld/mysqld.sock"
                  value={socketPath}
                  onChange={(e) => setSocketPath(e.currentTarget.value)}
                  data-testid="connect-socket"
                  spellCheck={false}
                />
              )}
              <TextInput
                label="User"
                value={user}
                onChange={(e) => setUser(e.currentTarget.value)}
                data-testid="connect-user"
                autoComplete="username"
                spellCheck={false}
              />
              <PasswordInput
                label="Password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-testid="connect-password"
                autoComplete="current-password"
              />
              <NumberInput
                label="Connect timeout (seconds)"
                value={timeoutSeconds}
                onChange={setTimeoutSeconds}
                min={0.5}
                max={120}
                step={1}
                decimalScale={1}
                w={200}
                data-testid="connect-timeout"
              />
              {error && (
                <Alert
                  color="red"
                  variant="light"
                  title={error.message}
                  icon={<Icon name="alert" />}
                  withCloseButton
                  onClose={clearError}
                  data-testid="connect-error"
                  data-error-code={error.code}
                >
                  {error.hint && <Text size="sm">{error.hint}</Text>}
                  <Text size="xs" c="dimmed" mt={4} className="lupo-mono">
                    {error.code}
                  </Text>
                </Alert>
              )}
              <Group justify="flex-end" mt="xs">
                {info && (
                  <Button variant="default" onClick={() => void disconnect()} data-testid="connect-disconnect">
                    Disconnect
                  </Button>
                )}
                <Button
                  type="submit"
                  loading={status === 'connecting'}
                  disabled={user.trim() === ''}
                  data-testid="connect-submit"
                  leftSection={<Icon name="plug" />}
                >
                  Connect
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
        <Card withBorder padding="lg" data-testid="connection-result">
          {info ? (
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={5}>Connected</Title>
                <Badge color="green" variant="light">
                  {info.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'}
                </Badge>
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
                        <Group gap={6}>
                          <Icon name="database" size={14} />
                          <Text size="sm" className="lupo-mono">
                            {database.name}
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
                <Button
                  variant="light"
                  onClick={() => navigationStore.getState().go('overview')}
                  data-testid="go-overview"
                >
                  Open overview
                </Button>
              </Group>
            </Stack>
          ) : (
            <Stack gap={6} align="center" py="xl">
              <Icon name="database" size={32} />
              <Text c="dimmed" size="sm">
                Not connected. The server’s version and databases appear here.
              </Text>
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </ScreenFrame>
  );
}
