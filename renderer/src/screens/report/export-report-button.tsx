import { Button } from '@mantine/core';
import type { ReactElement } from 'react';
import { Icon } from '../../app/icons';
import { useWorkspace } from '../../stores/app-stores';
import { openReportDialog } from './report-state';

/**
 * The "Export report" button of the overview and drift screens (opens the export dialog);
 * the migration wizard passes the applied `batchId` so the report has its migration and execution.
 */
export function ExportReportButton({ batchId }: { readonly batchId?: number } = {}): ReactElement {
  const hasWorkspace = useWorkspace((s) => s.summary !== undefined);
  return (
    <Button
      size="xs"
      variant="default"
      leftSection={<Icon name="diff" size={14} />}
      onClick={() => openReportDialog(batchId)}
      disabled={!hasWorkspace}
      data-testid="report-open"
    >
      Export report
    </Button>
  );
}
