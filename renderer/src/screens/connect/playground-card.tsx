import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { Icon } from '../../app/icons';
import { useConnection } from '../../stores/app-stores';
import { isPlaygroundConnection, playgroundStatusText } from '../../stores/playground-store';
import {
  connectPlayground,
  loadDemoIntoPlayground,
  playgroundStore,
  stopPlayground,
  usePlayground,
} from './playground-flows';
import { toUiError } from '../../lib/ui-error';

/** Props of the playground card. */
export interface PlaygroundCardProps {
  /** Connection alerts (a failed connect), shown above the buttons as in the profile form. */
  readonly feedback?: ReactNode;
}

/**
 * The "Local playground" panel, open when its entry of the connection list is highlighted:
 * a throwaway MariaDB/MySQL on 127.0.0.1 (root, no password) for trying migrations, with
 * Start, Connect (the screen's one Connect while it is highlighted) and Stop, and where it
 * runs since when.
 */
export function PlaygroundCard({ feedback }: PlaygroundCardProps): ReactElement {
  const view = usePlayground((s) => s.view);
  const busy = usePlayground((s) => s.busy);
  const error = usePlayground((s) => s.error);
  const info = useConnection((s) => s.info);
  const connecting = useConnection((s) => s.status === 'connecting');
  const running = view?.running === true;
  const connected = isPlaygroundConnection(info, view);

  const [loadingDemo, setLoadingDemo] = useState(false);
  // Stop deletes the playground's databases and data: it asks first.
  const [confirmStop, setConfirmStop] = useState(false);
  const [demoResult, setDemoResult] = useState<{ ok: boolean; text: string; hint?: string } | undefined>();

  useEffect(() => {
    void playgroundStore.getState().refresh();
  }, []);

  const loadDemo = async (): Promise<void> => {
    setLoadingDemo(true);
    try {
      setDemoResult({ ok: true, text: `Demo loaded: ${await loadDemoIntoPlayground()}` });
    } catch (error) {
      const ui = toUiError(error);
      setDemoResult({ ok: false, text: ui.message, ...(ui.hint ? { hint: ui.hint } : {}) });
    } finally {
      setLoadingDemo(false);
    }
  };

  return (
    <Card withBorder padding="lg" data-testid="playground-card" data-running={running}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Icon name="database" size={20} />
            <Title order={4}>Local playground</Title>
          </Group>
          <Badge color={running ? 'green' : 'gray'} variant="light">
            {connected ? 'connected' : running ? 'running' : 'stopped'}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          A throwaway MariaDB/MySQL server on 127.0.0.1 (user root, no password) to try migrations safely; stopping it
          deletes all of its data. Built in: it cannot be deleted.
        </Text>
        <Text size="sm" className="lupo-mono" data-testid="playground-status" data-running={running}>
          {busy === 'starting' ? 'Starting…' : busy === 'stopping' ? 'Stopping…' : playgroundStatusText(view)}
        </Text>
        {error && (
          <Alert
            color="red"
            variant="light"
            title={error.message}
            icon={<Icon name="alert" />}
            withCloseButton
            onClose={() => playgroundStore.getState().clearError()}
            data-testid="playground-error"
            data-error-code={error.code}
          >
            {error.hint && <Text size="sm">{error.hint}</Text>}
          </Alert>
        )}
        {feedback}
        {demoResult && (
          <Text size="sm" c={demoResult.ok ? 'green' : 'red'} data-testid="playground-demo-result">
            {demoResult.text}
            {demoResult.hint ? ` ${demoResult.hint}` : ''}
          </Text>
        )}
        <Group gap="xs">
          {!running && (
            <Button
              size="sm"
              onClick={() => void playgroundStore.getState().start()}
              loading={busy === 'starting'}
              disabled={busy !== undefined}
              data-testid="playground-start"
            >
              Start playground
            </Button>
          )}
          {running && (
            <Button
              size="sm"
              onClick={() => void connectPlayground()}
              loading={connecting}
              disabled={busy !== undefined || connected}
              data-testid="playground-connect"
            >
              Connect
            </Button>
          )}
          {running && (
            <Button
              size="sm"
              variant="light"
              onClick={() => void loadDemo()}
              loading={loadingDemo}
              disabled={busy !== undefined}
              data-testid="playground-load-demo"
            >
              Load demo install.sql
            </Button>
          )}
          {running && (
            <Button
              size="sm"
              variant="default"
              color="red"
              onClick={() => setConfirmStop(true)}
              loading={busy === 'stopping'}
              disabled={busy !== undefined}
              data-testid="playground-stop"
            >
              Stop
            </Button>
          )}
        </Group>
      </Stack>
      <Modal
        opened={confirmStop}
        onClose={() => setConfirmStop(false)}
        title="Stop the playground?"
        data-testid="playground-stop-dialog"
      >
        <Stack gap="sm">
          <Text size="sm">
            Stopping shuts the local server down and <strong>deletes its databases and data</strong>
            {view?.running ? ` (port ${view.port})` : ''}. A new playground starts empty.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirmStop(false)} data-testid="playground-stop-cancel">
              Keep it running
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirmStop(false);
                void stopPlayground();
              }}
              data-testid="playground-stop-confirm"
            >
              Stop and delete its data
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
