import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { Icon } from '../../app/icons';
import type { HostKeyPrompt } from '../../stores/connection-store';

/** Props of the unknown-host prompt. */
export interface HostKeyPromptDialogProps {
  readonly prompt?: HostKeyPrompt;
  onTrust(): void;
  onCancel(): void;
}

/**
 * First contact with an SSH host: shows its SHA256 key fingerprint and asks the operator to
 * compare it with the server's before trusting it (then the connect or test is retried).
 */
export function HostKeyPromptDialog({ prompt, onTrust, onCancel }: HostKeyPromptDialogProps): ReactElement {
  return (
    <Modal opened={prompt !== undefined} onClose={onCancel} title="Unknown SSH host" size="lg" centered>
      {prompt && (
        <Stack gap="sm" data-testid="hostkey-prompt">
          <Text size="sm">
            This is the first connection to{' '}
            <Text span fw={600} className="lupo-mono">
              {prompt.host}:{prompt.port}
            </Text>
            . Its host key fingerprint is:
          </Text>
          <Code block data-testid="hostkey-fingerprint" style={{ fontSize: 14, wordBreak: 'break-all' }}>
            {prompt.fingerprint}
          </Code>
          <Alert variant="light" color="yellow" icon={<Icon name="alert" />}>
            Compare it with the server’s own key before trusting it, for example with{' '}
            <Code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</Code> run on that host. Trusting a wrong key lets
            someone else read your database traffic.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} data-testid="hostkey-cancel">
              Cancel
            </Button>
            <Button onClick={onTrust} data-testid="hostkey-trust">
              Trust and connect
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
