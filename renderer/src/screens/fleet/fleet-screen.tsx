import { Alert, Badge, Button, Card, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import type { CallResponse } from '../../../../shared/contract/index';
import { lupo } from '../../api/lupo';
import { toUiError, type UiError } from '../../lib/ui-error';
import { ScreenFrame } from '../screen-frame';
import { FleetMatrix } from './fleet-matrix';

type FleetView = CallResponse<'fleet/status'>;

const RUN_COLORS: Record<string, string> = {
  done: 'green',
  already: 'teal',
  failed: 'red',
  running: 'blue',
  pending: 'gray',
  'not-started': 'gray',
};

/**
 * The Fleet screen (issue 15): the drift matrix of every target of the workspace's fleet
 * file (read in parallel by the engine) and the last fleet run's waves, target by target.
 * Fleet applies run from `lupo fleet apply`; this screen shows where they stand.
 */
export function FleetScreen(): ReactElement {
  const [view, setView] = useState<FleetView | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const load = async (): Promise<void> => {
    setLoading(true);
    setError(undefined);
    try {
      setView(await lupo.call('fleet/status', {}));
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setLoading(false);
    }
  };
  const status = view?.status;
  const run = view?.run;
  return (
    <ScreenFrame
      title="Fleet"
      subtitle="Every target of the workspace's fleet file: drift against the reference, ledger, and the last fleet run"
      testId="fleet-screen"
      actions={
        <Button size="xs" onClick={() => void load()} loading={loading} data-testid="fleet-load">
          {view ? 'Refresh' : 'Read the fleet'}
        </Button>
      }
    >
      <Stack gap="md">
        {error && (
          <Alert color="red" title={error.message}>
            {error.hint}
          </Alert>
        )}
        {loading && !view && <Loader size="sm" />}
        {view && !view.fleetFile && (
          <Text c="dimmed">This workspace has no fleet file: add lupo.fleet.json (or .toon) listing the targets.</Text>
        )}
        {status && (
          <>
            <Text size="sm" data-testid="fleet-summary">
              {status.fleet}: {status.targets.length} targets × {status.tables.length} tables of {status.database};
              reference {status.reference}; read in {status.elapsedMs} ms;{' '}
              {status.targets.filter((t) => t.reachable && t.counts.inSync === status.tables.length).length} in sync,{' '}
              {status.targets.filter((t) => !t.reachable).length} unreachable
            </Text>
            <FleetMatrix status={status} />
          </>
        )}
        {run && (
          <Card withBorder data-testid="fleet-run">
            <Group gap="xs" mb="xs">
              <Text fw={600}>Last fleet run</Text>
              <Badge color={run.status === 'completed' ? 'green' : run.status === 'halted' ? 'red' : 'blue'}>
                {run.status}
              </Badge>
              <Text size="xs" c="dimmed" className="lupo-mono">
                {run.runId} · {run.file}
              </Text>
            </Group>
            <Table striped withRowBorders={false} fz="xs">
              <Table.Tbody>
                {run.waves.map((wave, index) => (
                  <Table.Tr key={index} data-testid={`fleet-wave-${index + 1}`}>
                    <Table.Td w={90}>
                      {index === 0 && status?.targets.find((t) => t.name === wave[0])?.canary
                        ? 'canaries'
                        : `wave ${index + 1}`}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {wave.map((name) => {
                          const t = run.targets[name];
                          return (
                            <Badge
                              key={name}
                              size="sm"
                              variant="light"
                              color={RUN_COLORS[t?.state ?? 'pending']}
                              title={t?.error ?? ''}
                            >
                              {name}: {t?.state}
                            </Badge>
                          );
                        })}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </Stack>
    </ScreenFrame>
  );
}
