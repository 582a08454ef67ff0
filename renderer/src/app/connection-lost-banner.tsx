import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { reconnect } from '../stores/app-flows';
import { navigationStore, useConnection } from '../stores/app-stores';
import { Icon } from './icons';

/**
 * The app-wide "Connection lost" banner above every screen. Nothing freezes while it
 * shows: screens keep what they read, calls that need the server fail with their own
 * error, and the banner goes away when the engine's ping (or Reconnect) succeeds.
 */
export function ConnectionLostBanner(): ReactElement | null {
  const lost = useConnection((s) => s.lost);
  const reconnecting = useConnection((s) => s.reconnecting);
  if (!lost) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      radius={0}
      py={8}
      icon={<Icon name="alert" />}
      data-testid="connection-lost-banner"
      style={{ flex: 'none' }}
    >
      <Group justify="space-between" wrap="nowrap" gap="md">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate data-testid="connection-lost-message">
            Connection lost — {lost.message}
          </Text>
          {lost.hint && (
            <Text size="xs" truncate style={{ opacity: 0.9 }}>
              {lost.hint}
            </Text>
          )}
        </div>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="white"
            color="red"
            loading={reconnecting}
            onClick={() => void reconnect()}
            data-testid="connection-reconnect"
          >
            Reconnect
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="white"
            onClick={() => navigationStore.getState().go('connect')}
            style={{ color: 'white' }}
          >
            Connection screen
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
