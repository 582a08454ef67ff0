import { Group, Kbd, Modal, ScrollArea, Text, TextInput } from '@mantine/core';
import { useMemo, useState, type KeyboardEvent, type ReactElement } from 'react';
import { Icon } from '../icons';
import type { Command } from '../app-commands';
import { filterPaletteItems, moveHighlight } from './palette-filter';

/** Props of the command palette. */
export interface CommandPaletteProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly commands: readonly Command[];
}

/**
 * The Ctrl/Cmd-K palette: a search field over screens and actions, driven entirely from
 * the keyboard (up/down to move, Enter to run, Escape to close).
 */
export function CommandPalette({ opened, onClose, commands }: CommandPaletteProps): ReactElement {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const visible = useMemo(() => filterPaletteItems(commands, query), [commands, query]);

  const run = (command: Command | undefined): void => {
    if (!command || command.enabled === false) return;
    onClose();
    setQuery('');
    setActive(0);
    command.run();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => moveHighlight(index, event.key === 'ArrowDown' ? 1 : -1, visible.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(visible[active]);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      withCloseButton={false}
      size="lg"
      yOffset="12vh"
      padding={0}
      data-testid="command-palette"
      transitionProps={{ duration: 80 }}
    >
      <TextInput
        data-autofocus
        size="md"
        variant="unstyled"
        px="md"
        py={4}
        placeholder="Type a screen or an action…"
        leftSection={<Icon name="search" />}
        value={query}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        data-testid="palette-input"
        aria-label="Command"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      />
      <ScrollArea.Autosize mah={380} p={6} type="auto">
        {visible.length === 0 && (
          <Text c="dimmed" size="sm" p="md">
            Nothing matches “{query}”.
          </Text>
        )}
        <div role="listbox" aria-label="Commands">
          {visible.map((command, index) => (
            <div
              key={command.id}
              role="option"
              aria-selected={index === active}
              className="lupo-palette-item"
              data-active={index === active}
              data-disabled={command.enabled === false}
              data-testid={`palette-item-${command.id}`}
              onMouseMove={() => setActive(index)}
              onClick={() => run(command)}
            >
              <Text size="xs" c="dimmed" w={58}>
                {command.group === 'Screens' ? 'Go to' : 'Run'}
              </Text>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {command.title}
                </Text>
                {command.description && (
                  <Text size="xs" c="dimmed" truncate>
                    {command.description}
                  </Text>
                )}
              </div>
              {command.shortcut && (
                <Group gap={4}>
                  {command.shortcut.split(' ').map((key) => (
                    <Kbd key={key} size="xs">
                      {key}
                    </Kbd>
                  ))}
                </Group>
              )}
            </div>
          ))}
        </div>
      </ScrollArea.Autosize>
    </Modal>
  );
}
