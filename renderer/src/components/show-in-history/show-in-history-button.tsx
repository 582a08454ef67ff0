import { Button } from '@mantine/core';
import type { ReactElement } from 'react';
import { navigationStore } from '../../stores/app-stores';

/** "Show in history" after a finished run: opens the history screen (where the batch is listed). */
export function ShowInHistoryButton({ testId }: { readonly testId: string }): ReactElement {
  return (
    <Button size="xs" variant="light" onClick={() => navigationStore.getState().go('history')} data-testid={testId}>
      Show in history
    </Button>
  );
}
