import { ActionIcon, Badge, Button, Card, Group, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ProfileSummary } from '../../../../shared/contract/connection';
import { Icon } from '../../app/icons';

/** Props of the saved-profile list. */
export interface ProfileListProps {
  readonly profiles: readonly ProfileSummary[];
  readonly selectedId?: string;
  /** The profile whose connection is open (marked in the list). */
  readonly connectedId?: string;
  readonly connecting: boolean;
  onSelect(profile: ProfileSummary): void;
  onConnect(profile: ProfileSummary): void;
  onNew(): void;
}

function endpointOf(profile: ProfileSummary): string {
  const server = profile.socketPath ? profile.socketPath : `${profile.host}:${profile.port}`;
  return `${profile.user}@${server}`;
}

/** The saved connection profiles: pick one to edit it, or connect with it in one click. */
export function ProfileList({
  profiles,
  selectedId,
  connectedId,
  connecting,
  onSelect,
  onConnect,
  onNew,
}: ProfileListProps): ReactElement {
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Saved profiles</Title>
        <Button size="xs" variant="subtle" onClick={onNew} data-testid="profile-new">
          New profile
        </Button>
      </Group>
      {profiles.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="profile-list">
          No saved profiles yet. Fill in the form and press “Save profile”.
        </Text>
      ) : (
        <Stack gap={6} data-testid="profile-list">
          {profiles.map((profile) => {
            const selected = profile.id === selectedId;
            return (
              <Group
                key={profile.id}
                wrap="nowrap"
                gap="xs"
                px="sm"
                py={8}
                data-testid={`profile-item-${profile.name}`}
                style={{
                  borderRadius: 'var(--mantine-radius-sm)',
                  border: `1px solid ${selected ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
                  background: selected ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                <UnstyledButton
                  onClick={() => onSelect(profile)}
                  style={{ flex: 1, minWidth: 0 }}
                  aria-label={`Edit ${profile.name}`}
                >
                  <Group gap={6} wrap="nowrap">
                    {profile.id === connectedId && (
                      <span
                        aria-label="connected"
                        style={{
                          width: 8,
                          height: 8,
                          borderRadius: 4,
                          background: 'var(--mantine-color-green-6)',
                          flex: 'none',
                        }}
                      />
                    )}
                    <Text size="sm" fw={600} truncate>
                      {profile.name}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed" className="lupo-mono" truncate>
                    {endpointOf(profile)}
                  </Text>
                  <Group gap={4} mt={4}>
                    {profile.ssh && (
                      <Badge size="xs" variant="light" color="grape">
                        SSH
                      </Badge>
                    )}
                    {profile.tls.mode !== 'off' && (
                      <Badge size="xs" variant="light" color="teal">
                        TLS
                      </Badge>
                    )}
                    {profile.readOnly && (
                      <Badge size="xs" variant="light" color="orange">
                        read-only
                      </Badge>
                    )}
                    {profile.hasPassword && (
                      <Tooltip
                        label={
                          profile.secretStorage === 'encrypted'
                            ? 'Encrypted by the OS keychain'
                            : 'Owner-only file, not encrypted'
                        }
                      >
                        <Badge size="xs" variant="default" leftSection={<Icon name="key" size={10} />}>
                          password saved
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                </UnstyledButton>
                <Tooltip label={`Connect with ${profile.name}`}>
                  <ActionIcon
                    variant="light"
                    size="lg"
                    onClick={() => onConnect(profile)}
                    disabled={connecting}
                    aria-label={`Connect with ${profile.name}`}
                    data-testid={`profile-connect-${profile.name}`}
                  >
                    <Icon name="plug" />
                  </ActionIcon>
                </Tooltip>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
