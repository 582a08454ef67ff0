import { Box, Group, ScrollArea, Text, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';

/** Props of a screen's frame. */
export interface ScreenFrameProps {
  readonly title: string;
  readonly subtitle?: ReactNode;
  readonly actions?: ReactNode;
  /** `scroll` (default) wraps the body in a scroll area; `fill` gives it the remaining height. */
  readonly body?: 'scroll' | 'fill';
  readonly children: ReactNode;
  readonly testId?: string;
}

/** The common title bar and body of every screen. */
export function ScreenFrame({
  title,
  subtitle,
  actions,
  body = 'scroll',
  children,
  testId,
}: ScreenFrameProps): ReactElement {
  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }} data-testid={testId}>
      <Group
        justify="space-between"
        px="lg"
        py="sm"
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)', flex: 'none' }}
      >
        <div style={{ minWidth: 0, flex: 1 }}>
          <Title order={4}>{title}</Title>
          {subtitle && (
            <Text size="sm" c="dimmed" truncate title={typeof subtitle === 'string' ? subtitle : undefined}>
              {subtitle}
            </Text>
          )}
        </div>
        {actions && (
          <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
            {actions}
          </Group>
        )}
      </Group>
      {body === 'scroll' ? (
        <ScrollArea style={{ flex: 1, minHeight: 0 }}>
          <Box p="lg">{children}</Box>
        </ScrollArea>
      ) : (
        <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>{children}</Box>
      )}
    </Box>
  );
}
