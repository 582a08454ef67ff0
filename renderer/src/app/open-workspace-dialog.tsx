import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type ReactElement } from 'react';
import { openWorkspace } from '../stores/app-flows';
import { navigationStore, useNavigation, useWorkspace } from '../stores/app-stores';
import { Icon } from './icons';

/**
 * "Open workspace…": a folder (or config file) path typed in — browser mode cannot show a
 * native folder dialog. Stays open with the error's message and hint when the folder does
 * not open; closes once it did.
 */
export function OpenWorkspaceDialog(): ReactElement {
  const opened = useNavigation((s) => s.workspaceDialogOpen);
  const summary = useWorkspace((s) => s.summary);
  const loading = useWorkspace((s) => s.loading);
  const error = useWorkspace((s) => s.error);
  const [path, setPath] = useState('');
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (opened) {
      setPath(summary && !summary.isDemo ? (summary.configPath ?? summary.root) : '');
      setTried(false);
    }
    // Prefill only when the dialog opens, not while the operator types.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  const close = (): void => navigationStore.getState().setWorkspaceDialogOpen(false);
  const open = async (target: string | undefined): Promise<void> => {
    setTried(true);
    if (await openWorkspace(target)) close();
  };
  return (
    <Modal opened={opened} onClose={close} title="Open workspace" size="lg" data-testid="workspace-dialog">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The folder that holds <span className="lupo-mono">lupo.config.json</span> (or the config file itself). Lupo
          reopens it on the next start.
        </Text>
        <TextInput
          data-autofocus
          label="Folder or config file"
          placeholder="/home/me/projects/lupo-system"
          leftSection={<Icon name="folder" size={14} />}
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && path.trim() !== '') void open(path.trim());
          }}
          spellCheck={false}
          data-testid="workspace-dialog-path"
        />
        {tried && error && (
          <Alert
            color="red"
            variant="light"
            title={error.message}
            icon={<Icon name="alert" />}
            data-testid="workspace-dialog-error"
          >
            {error.hint ?? 'Check the path and that the folder holds a Lupo workspace config.'}
          </Alert>
        )}
        <Group justify="space-between">
          <Button variant="subtle" size="sm" onClick={() => void open(undefined)} data-testid="workspace-dialog-demo">
            Open the demo workspace
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              onClick={() => void open(path.trim())}
              disabled={path.trim() === ''}
              loading={loading}
              data-testid="workspace-dialog-open"
            >
              Open
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
