import { Alert, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactElement } from 'react';
import type { ProfileSummary } from '../../../../shared/contract/connection';
import { lupo } from '../../api/lupo';
import { Icon } from '../../app/icons';
import { DEFAULT_ROLE_DATABASE_NAMES } from '../../lib/role-databases';
import type { UiError } from '../../lib/ui-error';
import { disconnect } from '../../stores/app-flows';
import { connectionStore, navigationStore, useConnection, useWorkspace } from '../../stores/app-stores';
import { isPlaygroundConnection, playgroundPlacement } from '../../stores/playground-store';
import { ScreenFrame } from '../screen-frame';
import { connectTo, trustHostKeyAndRetry } from './connect-flows';
import { ConnectionResult } from './connection-result';
import { DeleteProfileDialog } from './delete-profile-dialog';
import { HostKeyPromptDialog } from './host-key-prompt';
import { PlaygroundCard } from './playground-card';
import { usePlayground } from './playground-flows';
import { ProfileForm } from './profile-form';
import {
  emptyProfileForm,
  formToParams,
  formToProfileInput,
  isFormDirty,
  profileTarget,
  profileToForm,
  validateProfileForm,
  type ProfileFormValues,
} from './profile-form-model';
import { ProfileList, type ConnectionChoice } from './profile-list';

function ErrorAlert({ error, onClose, testId }: { error: UiError; onClose(): void; testId: string }): ReactElement {
  return (
    <Alert
      color="red"
      variant="light"
      title={error.message}
      icon={<Icon name="alert" />}
      withCloseButton
      onClose={onClose}
      data-testid={testId}
      data-error-code={error.code}
    >
      {error.hint && <Text size="sm">{error.hint}</Text>}
      <Text size="xs" c="dimmed" mt={4} className="lupo-mono">
        {error.code}
      </Text>
    </Alert>
  );
}

/**
 * The connection screen: saved profiles, the connection/profile form (server, TLS, SSH,
 * role databases) with Test/Save/Delete/Connect, the SSH host-key prompt, and the open
 * connection's role databases and server databases.
 */
export function ConnectScreen(): ReactElement {
  const status = useConnection((s) => s.status);
  const info = useConnection((s) => s.info);
  const error = useConnection((s) => s.error);
  const profiles = useConnection((s) => s.profiles);
  const profilesLoaded = useConnection((s) => s.profilesLoaded);
  const profileError = useConnection((s) => s.profileError);
  const testing = useConnection((s) => s.testing);
  const testResult = useConnection((s) => s.testResult);
  const hostKeyPrompt = useConnection((s) => s.hostKeyPrompt);
  const workspaceNames = useWorkspace((s) => s.summary?.config.databases) ?? DEFAULT_ROLE_DATABASE_NAMES;
  const [secretsEncrypted, setSecretsEncrypted] = useState(false);
  const [values, setValues] = useState<ProfileFormValues>(() => emptyProfileForm(workspaceNames));
  const [showErrors, setShowErrors] = useState<'connect' | 'save' | undefined>();
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<ProfileSummary | undefined>();
  const placement = playgroundPlacement(profilesLoaded, profiles.length);
  const playgroundView = usePlayground((s) => s.view);
  const onPlayground = isPlaygroundConnection(info, playgroundView);
  // The built-in playground entry is open instead of the form (one Connect, for what is highlighted).
  const [playgroundOpen, setPlaygroundOpen] = useState(onPlayground);

  useEffect(() => {
    if (!profilesLoaded) void connectionStore.getState().loadProfiles();
    // Only Electron's keychain encrypts; browser mode keeps opted-in secrets in an owner-only file.
    lupo.call('app/info', {}).then(
      (app) => setSecretsEncrypted(app.mode === 'electron'),
      () => setSecretsEncrypted(false),
    );
  }, [profilesLoaded]);

  // A new, untouched form follows the open workspace's role database names.
  const namesKey = JSON.stringify(workspaceNames);
  useEffect(() => {
    setValues((current) =>
      current.id || current.name !== '' ? current : { ...current, databases: { ...workspaceNames } },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [namesKey]);

  const selected = profiles.find((profile) => profile.id === values.id);

  // The form follows the open connection: connected with a profile, an untouched form shows
  // that profile (not an empty "unsaved" one); connected to something else (the playground,
  // typed parameters), a saved profile is no longer highlighted as if it were the connection.
  const connectedProfile = info?.profileId;
  useEffect(() => {
    if (!info) return;
    // A new connection highlights what it connected to: the playground, or a profile.
    if (onPlayground) setPlaygroundOpen(true);
    else if (connectedProfile !== undefined) setPlaygroundOpen(false);
    setValues((current) => {
      if (connectedProfile !== undefined) {
        const profile = profiles.find((candidate) => candidate.id === connectedProfile);
        const untouched = current.id === undefined && current.name === '';
        return profile && untouched ? profileToForm(profile) : current;
      }
      const highlighted = profiles.find((candidate) => candidate.id === current.id);
      return highlighted && !isFormDirty(current, highlighted) ? emptyProfileForm(workspaceNames, false) : current;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [info?.connectionId, connectedProfile, profiles]);
  const errors = showErrors ? validateProfileForm(values, showErrors === 'save') : {};
  const change = (patch: Partial<ProfileFormValues>): void => {
    setValues((current) => ({ ...current, ...patch }));
    if (testResult) connectionStore.getState().clearTestResult();
  };
  const target = () =>
    values.id && selected && !isFormDirty(values, selected) ? profileTarget(values.id, values) : formToParams(values);

  const choose = (choice: ConnectionChoice): void => {
    setShowErrors(undefined);
    connectionStore.getState().clearTestResult();
    if (choice.kind === 'playground') return setPlaygroundOpen(true);
    setPlaygroundOpen(false);
    const profile = profiles.find((candidate) => candidate.id === choice.id);
    if (profile) setValues(profileToForm(profile));
  };
  const selectedChoice: ConnectionChoice | undefined = playgroundOpen
    ? { kind: 'playground' }
    : values.id
      ? { kind: 'profile', id: values.id }
      : undefined;
  const connectedChoice: ConnectionChoice | undefined = onPlayground
    ? { kind: 'playground' }
    : info?.profileId
      ? { kind: 'profile', id: info.profileId }
      : undefined;

  const connect = (): void => {
    if (Object.keys(validateProfileForm(values, false)).length > 0) return setShowErrors('connect');
    setShowErrors(undefined);
    // One alert per attempt: a Test result from before would repeat the same failure.
    connectionStore.getState().clearTestResult();
    void connectTo(target());
  };
  const test = (): void => {
    if (Object.keys(validateProfileForm(values, false)).length > 0) return setShowErrors('connect');
    setShowErrors(undefined);
    connectionStore.getState().clearError();
    void connectionStore.getState().test(target());
  };
  const save = async (): Promise<void> => {
    if (Object.keys(validateProfileForm(values, true)).length > 0) return setShowErrors('save');
    setShowErrors(undefined);
    setSaving(true);
    const saved = await connectionStore.getState().saveProfile(formToProfileInput(values));
    setSaving(false);
    if (saved) {
      // Secrets that were not saved stay in the form, so Connect can still send them once.
      setValues({
        ...profileToForm(saved),
        password: saved.hasPassword ? '' : values.password,
        sshPassword: saved.ssh?.hasPassword ? '' : values.sshPassword,
        sshPassphrase: saved.ssh?.hasPassphrase ? '' : values.sshPassphrase,
      });
    }
  };
  const confirmDelete = async (): Promise<void> => {
    const profile = deleting;
    setDeleting(undefined);
    if (!profile) return;
    await connectionStore.getState().deleteProfile(profile.id);
    if (values.id === profile.id) setValues(emptyProfileForm(workspaceNames, false));
  };

  const feedback = (
    <>
      {testResult &&
        (testResult.ok ? (
          <Alert
            color={testResult.roles?.every((role) => !role.exists) ? 'orange' : 'green'}
            variant="light"
            title={
              testResult.roles?.every((role) => !role.exists)
                ? 'Connected, but none of the role databases is visible to this login (no privilege, or not created yet)'
                : 'Connection works'
            }
            data-testid="connect-test-result"
            data-ok="true"
            withCloseButton
            onClose={() => connectionStore.getState().clearTestResult()}
          >
            <Text size="sm">
              {testResult.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} {testResult.serverVersion} at{' '}
              {testResult.endpoint} in {Math.round(testResult.elapsedMs)} ms.
            </Text>
            {testResult.roles && (
              <Text size="xs" c="dimmed" mt={4}>
                {testResult.roles
                  .map((role) => `${role.role} ${role.name}: ${role.exists ? `${role.tableCount} tables` : 'absent'}`)
                  .join(' · ')}
              </Text>
            )}
          </Alert>
        ) : (
          testResult.error && (
            <ErrorAlert
              error={testResult.error}
              onClose={() => connectionStore.getState().clearTestResult()}
              testId="connect-test-result"
            />
          )
        ))}
      {error && (
        <ErrorAlert error={error} onClose={() => connectionStore.getState().clearError()} testId="connect-error" />
      )}
      {profileError && (
        <ErrorAlert
          error={profileError}
          onClose={() => connectionStore.setState({ profileError: undefined })}
          testId="profile-error"
        />
      )}
    </>
  );

  return (
    <ScreenFrame
      title="Connection"
      subtitle="Connect to a MySQL 8 or MariaDB 10.11 server, directly or with a saved profile"
      testId="screen-connect"
    >
      {placement === 'prominent' && !playgroundOpen && (
        <Alert
          mb="lg"
          variant="light"
          icon={<Icon name="database" />}
          title="No connection profile is saved yet"
          data-testid="playground-offer"
        >
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              Try migrations safely on the local playground: a throwaway MariaDB/MySQL server on 127.0.0.1 (user root,
              no password). Or fill in the form to reach your own server.
            </Text>
            <Button size="xs" onClick={() => choose({ kind: 'playground' })} data-testid="playground-offer-open">
              Open the local playground
            </Button>
          </Group>
        </Alert>
      )}
      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {playgroundOpen ? (
            <PlaygroundCard feedback={feedback} />
          ) : (
            <ProfileForm
              values={values}
              workspaceNames={workspaceNames}
              onChange={change}
              errors={errors}
              secretsEncrypted={secretsEncrypted}
              connecting={status === 'connecting'}
              testing={testing}
              saving={saving}
              connected={info !== undefined}
              feedback={feedback}
              onConnect={connect}
              onTest={test}
              onSave={() => void save()}
              onDelete={() => setDeleting(selected)}
              onDisconnect={() => void disconnect()}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <ProfileList
              profiles={profiles}
              {...(selectedChoice ? { selected: selectedChoice } : {})}
              {...(connectedChoice ? { connected: connectedChoice } : {})}
              playgroundState={onPlayground ? 'connected' : playgroundView?.running ? 'running' : 'stopped'}
              onSelect={choose}
              onNew={() => {
                setShowErrors(undefined);
                setPlaygroundOpen(false);
                setValues(emptyProfileForm(workspaceNames, secretsEncrypted));
              }}
            />
            <ConnectionResult
              {...(info ? { info } : {})}
              {...(info?.profileId ? { profileName: profiles.find((p) => p.id === info.profileId)?.name } : {})}
              onOpenOverview={() => navigationStore.getState().go('overview')}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      <HostKeyPromptDialog
        {...(hostKeyPrompt ? { prompt: hostKeyPrompt } : {})}
        onTrust={() => void trustHostKeyAndRetry()}
        onCancel={() => connectionStore.getState().dismissHostKey()}
      />
      <DeleteProfileDialog
        {...(deleting ? { name: deleting.name } : {})}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(undefined)}
      />
    </ScreenFrame>
  );
}
