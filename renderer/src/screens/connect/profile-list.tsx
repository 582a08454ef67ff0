import { Badge, Button, Card, Group, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ProfileSummary } from '../../../../shared/contract/connection';
import { Icon } from '../../app/icons';
import { useRovingFocus } from '../../lib/roving-focus';

/** What the list highlights: the built-in local playground, or one saved profile. */
export type ConnectionChoice = { readonly kind: 'playground' } | { readonly kind: 'profile'; readonly id: string };

/** Props of the connection list. */
export interface ProfileListProps {
  readonly profiles: readonly ProfileSummary[];
  /** The highlighted entry (its form or panel is open beside the list). */
  readonly selected?: ConnectionChoice;
  /** The entry whose connection is open (marked in the list). */
  readonly connected?: ConnectionChoice;
  /** The playground's state in a word: running, stopped. */
  readonly playgroundState: string;
  onSelect(choice: ConnectionChoice): void;
  onNew(): void;
}

function endpointOf(profile: ProfileSummary): string {
  const server = profile.socketPath ? profile.socketPath : `${profile.host}:${profile.port}`;
  return `${profile.user}@${server}`;
}

const same = (a: ConnectionChoice | undefined, b: ConnectionChoice): boolean =>
  a !== undefined && a.kind === b.kind && (a.kind === 'playground' || a.id === (b as { id: string }).id);

function ConnectedDot(): ReactElement {
  return (
    <span
      aria-label="connected"
      style={{ width: 8, height: 8, borderRadius: 4, background: 'var(--mantine-color-green-6)', flex: 'none' }}
    />
  );
}

/**
 * The connections to choose from: the built-in local playground (it cannot be deleted) and
 * the saved profiles. Picking one opens it beside the list, where the one Connect button
 * connects to exactly that. A listbox: Tab enters it, Up/Down/Home/End move, Enter opens.
 */
export function ProfileList({
  profiles,
  selected,
  connected,
  playgroundState,
  onSelect,
  onNew,
}: ProfileListProps): ReactElement {
  const choices: ConnectionChoice[] = [
    { kind: 'playground' },
    ...profiles.map((p): ConnectionChoice => ({ kind: 'profile', id: p.id })),
  ];
  const roving = useRovingFocus(
    choices.length,
    Math.max(
      0,
      choices.findIndex((choice) => same(selected, choice)),
    ),
  );
  const itemStyle = (isSelected: boolean) => ({
    display: 'block',
    width: '100%',
    borderRadius: 'var(--mantine-radius-sm)',
    padding: '8px 12px',
    border: `1px solid ${isSelected ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
    background: isSelected ? 'var(--mantine-primary-color-light)' : undefined,
  });
  const playground: ConnectionChoice = { kind: 'playground' };
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={5} id="connection-list-title">
          Connections
        </Title>
        <Button size="xs" variant="subtle" onClick={onNew} data-testid="profile-new">
          New profile
        </Button>
      </Group>
      <Stack
        gap={6}
        role="listbox"
        aria-labelledby="connection-list-title"
        data-testid="profile-list"
        {...roving.containerProps}
      >
        <UnstyledButton
          role="option"
          aria-selected={same(selected, playground)}
          onClick={() => onSelect(playground)}
          data-testid="profile-item-playground"
          style={itemStyle(same(selected, playground))}
          {...roving.itemProps(0)}
        >
          <Group gap={6} wrap="nowrap">
            {same(connected, playground) && <ConnectedDot />}
            <Text size="sm" fw={600} truncate style={{ flex: 1 }}>
              Local playground
            </Text>
            <Badge size="xs" variant="default">
              built-in
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" truncate>
            Throwaway server on 127.0.0.1 · {playgroundState}
          </Text>
        </UnstyledButton>
        {profiles.length === 0 && (
          <Text size="sm" c="dimmed" px={4}>
            No saved profiles yet. Fill in the form and press “Save profile”.
          </Text>
        )}
        {profiles.map((profile, i) => {
          const choice: ConnectionChoice = { kind: 'profile', id: profile.id };
          const isSelected = same(selected, choice);
          return (
            <UnstyledButton
              key={profile.id}
              role="option"
              aria-selected={isSelected}
              onClick={() => onSelect(choice)}
              data-testid={`profile-item-${profile.name}`}
              style={itemStyle(isSelected)}
              {...roving.itemProps(i + 1)}
            >
              <Group gap={6} wrap="nowrap">
                {same(connected, choice) && <ConnectedDot />}
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
                {profile.overrideDatabases && (
                  <Tooltip label="Reads the profile’s own database names instead of the workspace’s">
                    <Badge size="xs" variant="light" color="yellow">
                      own databases
                    </Badge>
                  </Tooltip>
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
          );
        })}
      </Stack>
    </Card>
  );
}
