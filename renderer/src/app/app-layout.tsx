import {
  ActionIcon,
  AppShell,
  Badge,
  Group,
  Kbd,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, type ReactElement } from 'react';
import { startApp } from '../stores/app-flows';
import { useNavigation, useWorkspace } from '../stores/app-stores';
import { SCREENS, screenShortcut, type ScreenId } from '../stores/navigation-store';
import { buildCommands } from './app-commands';
import { CommandPalette } from './command-palette/command-palette';
import { Icon } from './icons';
import { ScreenView } from './screen-view';
import { ReportDialog } from '../screens/report/report-dialog';
import { ConnectionLostBanner } from './connection-lost-banner';
import { OpenWorkspaceDialog } from './open-workspace-dialog';
import { RunningJobs } from './running-jobs';
import { Sidebar } from './sidebar';

/** The window frame: header (workspace, palette, theme), sidebar, the current screen and running jobs. */
export function AppLayout(): ReactElement {
  const paletteOpen = useNavigation((s) => s.paletteOpen);
  const setPaletteOpen = useNavigation((s) => s.setPaletteOpen);
  const go = useNavigation((s) => s.go);
  const step = useNavigation((s) => s.step);
  const summary = useWorkspace((s) => s.summary);
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const toggleColorScheme = (): void => setColorScheme(computed === 'dark' ? 'light' : 'dark');

  useEffect(() => {
    void startApp();
  }, []);

  const screenKeys = SCREENS.flatMap((id, index) => {
    const shortcut = screenShortcut(index);
    return shortcut ? [[shortcut.hotkey, () => go(id as ScreenId)] as [string, () => void]] : [];
  });
  useHotkeys(
    [
      ['mod+K', () => setPaletteOpen(!paletteOpen)],
      ['alt+ArrowDown', () => step(1)],
      ['alt+ArrowUp', () => step(-1)],
      ...screenKeys,
    ],
    [],
  );

  // Rebuilt on every render (a dozen small objects), so enabled/disabled always reflects the current state.
  const commands = buildCommands(toggleColorScheme);

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 248, breakpoint: 0 }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Text fw={700} size="md" style={{ letterSpacing: '-0.01em' }}>
              Lupo Admin
            </Text>
            {summary && (
              <Tooltip label={summary.root}>
                <Badge
                  variant="light"
                  color="gray"
                  tt="none"
                  maw={360}
                  leftSection={<Icon name="folder" size={12} />}
                  data-testid="workspace-badge"
                >
                  {summary.isDemo ? 'Demo workspace' : summary.root.split(/[\\/]/).filter(Boolean).pop()}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <UnstyledButton
            onClick={() => setPaletteOpen(true)}
            data-testid="palette-button"
            aria-label="Open command palette"
            style={{
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-sm)',
              padding: '4px 10px',
              width: 320,
              color: 'var(--mantine-color-dimmed)',
            }}
          >
            <Group justify="space-between" wrap="nowrap">
              <Group gap={8} wrap="nowrap">
                <Icon name="search" size={14} />
                <Text size="sm">Search screens and actions</Text>
              </Group>
              <Group gap={2} wrap="nowrap">
                <Kbd size="xs">Ctrl</Kbd>
                <Kbd size="xs">K</Kbd>
              </Group>
            </Group>
          </UnstyledButton>
          <Group gap="xs" wrap="nowrap">
            <RunningJobs />
            <Tooltip label={computed === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon variant="subtle" color="gray" onClick={toggleColorScheme} aria-label="Toggle colour scheme">
                <Icon name={computed === 'dark' ? 'sun' : 'moon'} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <Sidebar />
      </AppShell.Navbar>
      <AppShell.Main style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
        <ConnectionLostBanner />
        <ScreenView />
      </AppShell.Main>
      <CommandPalette opened={paletteOpen} onClose={() => setPaletteOpen(false)} commands={commands} />
      <ReportDialog />
      <OpenWorkspaceDialog />
    </AppShell>
  );
}
