import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import type { FormEvent, ReactElement, ReactNode } from 'react';
import { DATABASE_ROLES, type DatabaseRole } from '../../../../shared/schema/model';
import { Icon } from '../../app/icons';
import { TLS_MODE_LABELS, type ProfileFormValues, type SshAuth, type TlsMode } from './profile-form-model';

/** Props of the connection/profile form. */
export interface ProfileFormProps {
  readonly values: ProfileFormValues;
  /** The open workspace's role database names (what a connection reads without the override switch). */
  readonly workspaceNames: Readonly<Record<DatabaseRole, string>>;
  onChange(patch: Partial<ProfileFormValues>): void;
  /** Field problems to show (after the operator tried to connect or save). */
  readonly errors: Partial<Record<string, string>>;
  /** How saved secrets are kept on this host (drives the "save password" label). */
  readonly secretsEncrypted: boolean;
  readonly connecting: boolean;
  readonly testing: boolean;
  readonly saving: boolean;
  readonly connected: boolean;
  /** Test result, connect error, profile error: shown above the buttons. */
  readonly feedback?: ReactNode;
  onConnect(): void;
  onTest(): void;
  onSave(): void;
  onDelete(): void;
  onDisconnect(): void;
}

const ROLE_COLORS = { core: 'lupo', orchestration: 'grape', ephemeral: 'teal' } as const;

/**
 * The form behind both direct connections and saved profiles: server, TLS, SSH tunnel and
 * role databases. Saved secrets never come back: a saved password shows as a placeholder
 * and an empty field keeps it.
 */
export function ProfileForm(props: ProfileFormProps): ReactElement {
  const { values, onChange, errors } = props;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    props.onConnect();
  };
  const savedSecret = (has: boolean): string | undefined => (has ? '•••••• saved — leave empty to keep' : undefined);
  const sshLabel = values.sshEnabled ? `SSH · ${values.sshHost || '…'}` : 'SSH tunnel';

  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group justify="space-between" align="end" wrap="nowrap">
            <TextInput
              label="Profile name"
              placeholder="e.g. Production (read-only)"
              value={values.name}
              onChange={(e) => onChange({ name: e.currentTarget.value })}
              error={errors.name}
              data-testid="profile-name"
              style={{ flex: 1 }}
              spellCheck={false}
            />
            {values.id ? (
              <Badge variant="light" mb={8}>
                saved profile
              </Badge>
            ) : (
              <Badge variant="default" mb={8}>
                unsaved
              </Badge>
            )}
          </Group>
          <Tabs defaultValue="server" keepMounted>
            <Tabs.List mb="sm">
              <Tabs.Tab value="server" leftSection={<Icon name="database" size={14} />}>
                Server
              </Tabs.Tab>
              <Tabs.Tab value="tls" leftSection={<Icon name="key" size={14} />} data-testid="tab-tls">
                TLS{values.tlsMode !== 'off' ? ' · on' : ''}
              </Tabs.Tab>
              <Tabs.Tab value="ssh" leftSection={<Icon name="plug" size={14} />} data-testid="tab-ssh">
                {sshLabel}
              </Tabs.Tab>
              <Tabs.Tab value="databases" leftSection={<Icon name="grid" size={14} />} data-testid="tab-databases">
                Databases{values.overrideDatabases ? ' · own names' : ''}
              </Tabs.Tab>
            </Tabs.List>

            <Tabs.Panel value="server">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Text size="sm" fw={500}>
                    Transport
                  </Text>
                  <SegmentedControl
                    size="xs"
                    value={values.transport}
                    onChange={(value) => onChange({ transport: value as 'tcp' | 'socket' })}
                    data={[
                      { value: 'tcp', label: 'TCP' },
                      { value: 'socket', label: 'Unix socket' },
                    ]}
                    data-testid="connect-transport"
                  />
                </Group>
                {values.transport === 'tcp' ? (
                  <Group grow align="start">
                    <TextInput
                      label="Host"
                      value={values.host}
                      onChange={(e) => onChange({ host: e.currentTarget.value })}
                      error={errors.host}
                      data-testid="connect-host"
                      style={{ flexGrow: 3 }}
                      autoComplete="off"
                      spellCheck={false}
                    />
                    <NumberInput
                      label="Port"
                      value={values.port}
                      onChange={(port) => onChange({ port })}
                      error={errors.port}
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
                    value={values.socketPath}
                    onChange={(e) => onChange({ socketPath: e.currentTarget.value })}
                    error={errors.socketPath}
                    data-testid="connect-socket"
                    spellCheck={false}
                  />
                )}
                <SimpleGrid cols={2} spacing="sm">
                  <TextInput
                    label="User"
                    value={values.user}
                    onChange={(e) => onChange({ user: e.currentTarget.value })}
                    error={errors.user}
                    data-testid="connect-user"
                    autoComplete="username"
                    spellCheck={false}
                  />
                  <PasswordInput
                    label="Password"
                    value={values.password}
                    placeholder={savedSecret(values.hasSavedPassword)}
                    onChange={(e) => onChange({ password: e.currentTarget.value })}
                    data-testid="connect-password"
                    autoComplete="current-password"
                  />
                </SimpleGrid>
                <Checkbox
                  label={
                    props.secretsEncrypted
                      ? 'Save password (encrypted with the system keychain)'
                      : 'Save password in an owner-only file (this host cannot encrypt it)'
                  }
                  description={
                    props.secretsEncrypted ? undefined : 'Leave unticked to be asked for the password when connecting.'
                  }
                  checked={values.savePassword}
                  onChange={(e) => onChange({ savePassword: e.currentTarget.checked })}
                  data-testid="profile-save-password"
                />
                <Group gap="xl" align="end">
                  <NumberInput
                    label="Timeout (seconds)"
                    value={values.timeoutSeconds}
                    onChange={(timeoutSeconds) => onChange({ timeoutSeconds })}
                    min={0.5}
                    max={120}
                    step={1}
                    decimalScale={1}
                    w={160}
                    data-testid="connect-timeout"
                  />
                  <Switch
                    label="Read-only (refuse changes on this connection)"
                    checked={values.readOnly}
                    onChange={(e) => onChange({ readOnly: e.currentTarget.checked })}
                    data-testid="profile-read-only"
                    mb={8}
                  />
                </Group>
              </Stack>
            </Tabs.Panel>

            <Tabs.Panel value="tls">
              <Stack gap="sm">
                <Select
                  label="TLS mode"
                  value={values.tlsMode}
                  onChange={(mode) => onChange({ tlsMode: (mode ?? 'off') as TlsMode })}
                  data={(Object.keys(TLS_MODE_LABELS) as TlsMode[]).map((mode) => ({
                    value: mode,
                    label: TLS_MODE_LABELS[mode],
                  }))}
                  allowDeselect={false}
                  data-testid="profile-tls-mode"
                />
                <TextInput
                  label="CA certificate file"
                  placeholder="/etc/ssl/certs/db-ca.pem"
                  value={values.caFile}
                  onChange={(e) => onChange({ caFile: e.currentTarget.value })}
                  error={errors.caFile}
                  disabled={values.tlsMode === 'off'}
                  data-testid="profile-tls-ca"
                  spellCheck={false}
                />
                <SimpleGrid cols={2} spacing="sm">
                  <TextInput
                    label="Client certificate file"
                    value={values.certFile}
                    onChange={(e) => onChange({ certFile: e.currentTarget.value })}
                    disabled={values.tlsMode === 'off'}
                    data-testid="profile-tls-cert"
                    spellCheck={false}
                  />
                  <TextInput
                    label="Client key file"
                    value={values.keyFile}
                    onChange={(e) => onChange({ keyFile: e.currentTarget.value })}
                    error={errors.keyFile}
                    disabled={values.tlsMode === 'off'}
                    data-testid="profile-tls-key"
                    spellCheck={false}
                  />
                </SimpleGrid>
                <Text size="xs" c="dimmed">
                  Files are read by the app’s main process when connecting; only their paths are saved.
                </Text>
              </Stack>
            </Tabs.Panel>

            <Tabs.Panel value="ssh">
              <Stack gap="sm">
                <Switch
                  label="Connect through an SSH tunnel"
                  checked={values.sshEnabled}
                  onChange={(e) => onChange({ sshEnabled: e.currentTarget.checked })}
                  data-testid="profile-ssh-enabled"
                />
                <Group grow align="start">
                  <TextInput
                    label="SSH host"
                    value={values.sshHost}
                    onChange={(e) => onChange({ sshHost: e.currentTarget.value })}
                    error={errors.sshHost}
                    disabled={!values.sshEnabled}
                    data-testid="profile-ssh-host"
                    style={{ flexGrow: 3 }}
                    spellCheck={false}
                  />
                  <NumberInput
                    label="Port"
                    value={values.sshPort}
                    onChange={(sshPort) => onChange({ sshPort })}
                    min={1}
                    max={65535}
                    hideControls
                    disabled={!values.sshEnabled}
                    data-testid="profile-ssh-port"
                    style={{ flexGrow: 1 }}
                  />
                </Group>
                <TextInput
                  label="SSH user"
                  value={values.sshUser}
                  onChange={(e) => onChange({ sshUser: e.currentTarget.value })}
                  error={errors.sshUser}
                  disabled={!values.sshEnabled}
                  data-testid="profile-ssh-user"
                  spellCheck={false}
                />
                <SegmentedControl
                  value={values.sshAuth}
                  onChange={(value) => onChange({ sshAuth: value as SshAuth })}
                  disabled={!values.sshEnabled}
                  data={[
                    { value: 'agent', label: 'SSH agent' },
                    { value: 'key', label: 'Private key' },
                    { value: 'password', label: 'Password' },
                  ]}
                  data-testid="profile-ssh-auth"
                />
                {values.sshAuth === 'password' && (
                  <PasswordInput
                    label="SSH password"
                    value={values.sshPassword}
                    placeholder={savedSecret(values.hasSavedSshSecret)}
                    onChange={(e) => onChange({ sshPassword: e.currentTarget.value })}
                    disabled={!values.sshEnabled}
                    data-testid="profile-ssh-password"
                  />
                )}
                {values.sshAuth === 'key' && (
                  <SimpleGrid cols={2} spacing="sm">
                    <TextInput
                      label="Private key file"
                      placeholder="~/.ssh/id_ed25519"
                      value={values.sshPrivateKeyFile}
                      onChange={(e) => onChange({ sshPrivateKeyFile: e.currentTarget.value })}
                      error={errors.sshPrivateKeyFile}
                      disabled={!values.sshEnabled}
                      data-testid="profile-ssh-key"
                      spellCheck={false}
                    />
                    <PasswordInput
                      label="Key passphrase"
                      value={values.sshPassphrase}
                      placeholder={savedSecret(values.hasSavedSshSecret)}
                      onChange={(e) => onChange({ sshPassphrase: e.currentTarget.value })}
                      disabled={!values.sshEnabled}
                      data-testid="profile-ssh-passphrase"
                    />
                  </SimpleGrid>
                )}
                {values.sshAuth === 'agent' && (
                  <Text size="xs" c="dimmed">
                    Uses the keys of the running ssh-agent (SSH_AUTH_SOCK). The first contact with a host asks you to
                    confirm its key fingerprint.
                  </Text>
                )}
              </Stack>
            </Tabs.Panel>

            <Tabs.Panel value="databases">
              <Stack gap="sm">
                <Switch
                  label="Use these database names instead of the workspace’s"
                  description={
                    values.overrideDatabases
                      ? 'Connected with this profile, every screen reads these databases, whatever workspace is open (and says so).'
                      : 'Off: the connection reads the open workspace’s role databases, and follows it when you open another workspace.'
                  }
                  checked={values.overrideDatabases}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    // Switched on for the first time: start from the workspace's names, to edit.
                    const generic = DATABASE_ROLES.every((role) => values.databases[role] === role);
                    onChange({
                      overrideDatabases: on,
                      ...(on && generic ? { databases: { ...props.workspaceNames } } : {}),
                    });
                  }}
                  data-testid="profile-override-databases"
                />
                {DATABASE_ROLES.map((role) => (
                  <TextInput
                    key={role}
                    label={
                      <Badge size="sm" variant="light" color={ROLE_COLORS[role]}>
                        {role}
                      </Badge>
                    }
                    value={values.overrideDatabases ? values.databases[role] : props.workspaceNames[role]}
                    disabled={!values.overrideDatabases}
                    onChange={(e) => onChange({ databases: { ...values.databases, [role]: e.currentTarget.value } })}
                    error={errors[`db-${role}`]}
                    data-testid={`profile-db-${role}`}
                    classNames={{ input: 'lupo-mono' }}
                    spellCheck={false}
                  />
                ))}
              </Stack>
            </Tabs.Panel>
          </Tabs>

          {props.feedback}

          <Group justify="space-between" mt="xs">
            <Group gap="xs">
              <Button variant="default" onClick={props.onTest} loading={props.testing} data-testid="connect-test">
                Test
              </Button>
              <Button variant="default" onClick={props.onSave} loading={props.saving} data-testid="profile-save">
                {values.id ? 'Save changes' : 'Save profile'}
              </Button>
              {values.id && (
                <Button variant="subtle" color="red" onClick={props.onDelete} data-testid="profile-delete">
                  Delete
                </Button>
              )}
            </Group>
            <Group gap="xs">
              {props.connected && (
                <Button variant="default" onClick={props.onDisconnect} data-testid="connect-disconnect">
                  Disconnect
                </Button>
              )}
              <Button
                type="submit"
                loading={props.connecting}
                disabled={values.user.trim() === ''}
                data-testid="connect-submit"
                leftSection={<Icon name="plug" />}
              >
                Connect
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
