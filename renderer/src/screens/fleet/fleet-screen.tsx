import { Alert, Badge, Button, Card, Group, Loader, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { CallResponse } from '../../../../shared/contract/index';
import type { FleetRunState } from '../../../../shared/contract/fleet';
import { RiskConsent } from '../../components/typed-confirmation/typed-confirmation';
import { lupo } from '../../api/lupo';
import { toUiError, type UiError } from '../../lib/ui-error';
import { ScreenFrame } from '../screen-frame';
import { FleetMatrix } from './fleet-matrix';
import { canStartFleetApply, targetPhase, type TargetPhase } from './fleet-run-store';
import { fleetRunStore, useFleetRun } from './fleet-stores';

type FleetView = CallResponse<'fleet/status'>;

const PHASE_COLORS: Record<TargetPhase, string> = {
  queued: 'gray',
  running: 'blue',
  done: 'green',
  failed: 'red',
  halted: 'orange',
};

/**
 * The Fleet screen (issue 15): the drift matrix of every target of the workspace's fleet
 * file (read in parallel by the engine), and fleet applies — pick a migration, read the wave
 * plan, type the fleet's name, then follow the waves live, target by target; a halt shows
 * the failed target's message and a Resume action.
 */
export function FleetScreen(): ReactElement {
  const [view, setView] = useState<FleetView | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  const jobStatus = useFleetRun((s) => s.jobStatus);
  const load = async (): Promise<void> => {
    setLoading(true);
    setError(undefined);
    try {
      const next = await lupo.call('fleet/status', {});
      setView(next);
      fleetRunStore.getState().showRun(next.run);
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setLoading(false);
    }
  };
  // A fleet run ended while this screen was shown: the matrix and ledgers moved, read them again.
  const previousStatus = useRef(jobStatus);
  useEffect(() => {
    if (previousStatus.current === 'running' && jobStatus !== 'running') void load();
    previousStatus.current = jobStatus;
  }, [jobStatus]);
  const status = view?.status;
  return (
    <ScreenFrame
      title="Fleet"
      subtitle="Every target of the workspace's fleet file: drift against the reference, ledger, and fleet runs"
      testId="fleet-screen"
      actions={
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            onClick={() => void fleetRunStore.getState().openPanel()}
            disabled={jobStatus === 'running'}
            data-testid="fleet-apply-open"
          >
            Apply migration to fleet…
          </Button>
          <Button size="xs" onClick={() => void load()} loading={loading} data-testid="fleet-load">
            {view ? 'Refresh' : 'Read the fleet'}
          </Button>
        </Group>
      }
    >
      <Stack gap="md">
        {error && (
          <Alert color="red" title={error.message}>
            {error.hint}
          </Alert>
        )}
        <ApplyPanel />
        <RunCard canaryFirst={Boolean(status?.targets[0]?.canary)} />
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
      </Stack>
    </ScreenFrame>
  );
}

/** Pick a migration of the workspace, read the wave plan, type the fleet's name, start. */
function ApplyPanel(): ReactElement | null {
  const open = useFleetRun((s) => s.panelOpen);
  const files = useFleetRun((s) => s.files);
  const plan = useFleetRun((s) => s.plan);
  const confirmText = useFleetRun((s) => s.confirmText);
  const allowDestructive = useFleetRun((s) => s.allowDestructive);
  const busy = useFleetRun((s) => s.busy);
  const error = useFleetRun((s) => s.error);
  const ready = useFleetRun(canStartFleetApply);
  if (!open) return null;
  const store = fleetRunStore.getState();
  const targets = plan?.waves.reduce((n, w) => n + w.targets.length, 0) ?? 0;
  return (
    <Card withBorder data-testid="fleet-apply-panel">
      <Stack gap="sm">
        <Text fw={600}>Apply a migration to the fleet</Text>
        {error && (
          <Alert color="red" title={error.message} data-testid="fleet-apply-error">
            {error.hint}
          </Alert>
        )}
        <NativeSelect
          label="Migration file (workspace migrations folder)"
          data={[{ value: '', label: files?.length ? 'Pick a file…' : 'No migration files' }].concat(
            (files ?? []).map((f) => ({ value: f.name, label: f.name })),
          )}
          value={plan?.file ?? ''}
          onChange={(e) => e.currentTarget.value && void store.pickFile(e.currentTarget.value)}
          data-testid="fleet-apply-file"
        />
        {busy && !plan && <Loader size="xs" />}
        {plan && (
          <>
            <Text size="sm" data-testid="fleet-apply-plan">
              {plan.file} ({plan.statements} statements{plan.destructive ? `, ${plan.destructive} destructive` : ''}) on
              the {plan.role} database of {targets} targets: {plan.waves.length} waves, {plan.parallelism} targets at
              once; the fleet halts at the first failure.
            </Text>
            <Table withRowBorders={false} fz="xs">
              <Table.Tbody>
                {plan.waves.map((wave, i) => (
                  <Table.Tr key={i} data-testid={`fleet-plan-wave-${i + 1}`}>
                    <Table.Td w={90}>{wave.canary ? 'canaries' : `wave ${i + 1}`}</Table.Td>
                    <Table.Td>{wave.targets.join(', ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {plan.unfinished ? (
              <Alert color="orange" title={`Fleet run ${plan.unfinished.runId} is ${plan.unfinished.status}`}>
                Resume it (below) before starting another fleet apply.
              </Alert>
            ) : (
              <>
                <TextInput
                  label={`Type ${plan.fleet} to confirm`}
                  value={confirmText}
                  onChange={(e) => store.setConfirmText(e.currentTarget.value)}
                  autoComplete="off"
                  spellCheck={false}
                  data-testid="fleet-apply-confirm"
                />
                {plan.destructive > 0 && (
                  <RiskConsent
                    checked={allowDestructive}
                    onChange={store.setAllowDestructive}
                    label="I accept the destructive statements on every target"
                    testId="fleet-apply-allow-destructive"
                  />
                )}
              </>
            )}
          </>
        )}
        <Group>
          <Button variant="default" onClick={store.closePanel}>
            Close
          </Button>
          <Button
            color="red"
            disabled={!ready}
            loading={busy && Boolean(plan)}
            onClick={() => void store.apply()}
            data-testid="fleet-apply-start"
          >
            Apply to {targets} targets
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The run's waves, target by target (live while a job runs), and the halt with its Resume. */
function RunCard({ canaryFirst }: { readonly canaryFirst: boolean }): ReactElement | null {
  const run = useFleetRun((s) => s.run);
  const statements = useFleetRun((s) => s.statements);
  const jobStatus = useFleetRun((s) => s.jobStatus);
  const jobError = useFleetRun((s) => s.error);
  const panelOpen = useFleetRun((s) => s.panelOpen);
  if (!run) return null;
  const live = jobStatus === 'running';
  return (
    <Card withBorder data-testid="fleet-run" data-status={run.status} data-live={live ? 'yes' : 'no'}>
      <Group gap="xs" mb="xs">
        <Text fw={600}>{live ? 'Fleet run' : 'Last fleet run'}</Text>
        <Badge color={run.status === 'completed' ? 'green' : run.status === 'halted' ? 'red' : 'blue'}>
          {run.status}
        </Badge>
        {live && <Loader size="xs" />}
        {live && (
          <Button
            size="compact-xs"
            variant="default"
            onClick={() => void fleetRunStore.getState().cancel()}
            data-testid="fleet-cancel"
          >
            Stop
          </Button>
        )}
        <Text size="xs" c="dimmed" className="lupo-mono">
          {run.runId} · {run.file}
        </Text>
      </Group>
      <Table striped withRowBorders={false} fz="xs">
        <Table.Tbody>
          {run.waves.map((wave, index) => (
            <Table.Tr key={index} data-testid={`fleet-wave-${index + 1}`}>
              <Table.Td w={90}>{index === 0 && canaryFirst ? 'canaries' : `wave ${index + 1}`}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {wave.map((name) => (
                    <TargetBadge key={name} name={name} run={run} statement={statements[name]} />
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {run.status === 'halted' && !live && <HaltPanel run={run} />}
      {!live && !panelOpen && jobError && jobStatus === 'failed' && (
        <Alert color="red" title={jobError.message} mt="sm">
          {jobError.hint}
        </Alert>
      )}
    </Card>
  );
}

function TargetBadge({
  name,
  run,
  statement,
}: {
  readonly name: string;
  readonly run: FleetRunState;
  readonly statement: { readonly index: number; readonly total: number } | undefined;
}): ReactElement {
  const t = run.targets[name];
  const phase = targetPhase(t?.state);
  const progress = phase === 'running' && statement ? ` ${statement.index + 1}/${statement.total}` : '';
  return (
    <Badge
      size="sm"
      variant="light"
      color={PHASE_COLORS[phase]}
      title={t?.error ?? (t?.state === 'already' ? 'already applied' : '')}
      data-testid={`fleet-target-${name}`}
      data-phase={phase}
    >
      {name}: {phase}
      {progress}
    </Badge>
  );
}

/** A halted run: which target failed and why, and Resume once it is fixed (the fleet's name typed again). */
function HaltPanel({ run }: { readonly run: FleetRunState }): ReactElement {
  const confirmText = useFleetRun((s) => s.confirmText);
  const busy = useFleetRun((s) => s.busy);
  const panelOpen = useFleetRun((s) => s.panelOpen);
  const error = useFleetRun((s) => s.error);
  const failed = Object.entries(run.targets).filter(([, t]) => t.state === 'failed');
  const store = fleetRunStore.getState();
  return (
    <Alert
      color="red"
      mt="sm"
      title={failed.length ? `Fleet halted at ${failed.map(([n]) => n).join(', ')}` : 'Fleet run stopped'}
      data-testid="fleet-halted"
    >
      <Stack gap="xs">
        {failed.map(([name, t]) => (
          <Text key={name} size="sm" data-testid={`fleet-failure-${name}`}>
            {name}: {t.error ?? 'failed'}
          </Text>
        ))}
        <Text size="sm">
          Fix the failed target, then resume: its batch is resumed, then the targets not started run in their waves.
        </Text>
        {!panelOpen && (
          <Group align="end">
            <TextInput
              label={`Type ${run.fleet} to resume`}
              value={confirmText}
              onChange={(e) => store.setConfirmText(e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              data-testid="fleet-resume-confirm"
            />
            <Button
              disabled={confirmText !== run.fleet}
              loading={busy}
              onClick={() => void store.resume()}
              data-testid="fleet-resume"
            >
              Resume
            </Button>
          </Group>
        )}
        {!panelOpen && error && (
          <Text size="sm" c="red" data-testid="fleet-resume-error">
            {error.message} {error.hint}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
