import { Alert, Badge, Button, Group, List, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { GaleraPlanView, GaleraWarningView } from '../../../../shared/contract/migration';
import { canConfirm, formatDuration } from '../../stores/migration-store';
import { ShowInHistoryButton } from '../../components/show-in-history/show-in-history-button';
import { RiskConsent, TypedDatabaseInput } from '../../components/typed-confirmation/typed-confirmation';
import { ExportReportButton } from '../report/export-report-button';
import { migrationStore, openRollback, useMigration } from './migration-stores';
import { FailurePanel, RunPanel } from './run-panel';

/** Galera warnings (cluster-wide stall, big-table rebuilds), as `lupo apply` prints them. */
export function GaleraWarnings({
  warnings,
  testId,
}: {
  readonly warnings: readonly GaleraWarningView[];
  readonly testId: string;
}): ReactElement | null {
  if (warnings.length === 0) return null;
  return (
    <List size="sm" spacing={2} data-testid={testId}>
      {warnings.map((w) => (
        <List.Item key={`${w.file}:${w.id}:${w.line ?? 0}`} data-warning-id={w.id}>
          {w.message}
        </List.Item>
      ))}
    </List>
  );
}

/**
 * Review step on a Galera node (issue 15): the TOI warnings and the batch's schema upgrade
 * method — TOI (default) or RSU node by node, offered only when every statement is
 * backward-compatible (otherwise the refused statements are named).
 */
export function GaleraPlanPanel({ galera }: { readonly galera: GaleraPlanView }): ReactElement {
  const osuMethod = useMigration((s) => s.osuMethod);
  const { setOsuMethod } = migrationStore.getState();
  return (
    <Alert color="orange" variant="light" title={`Galera cluster: ${galera.cluster}`} data-testid="plan-galera">
      <Stack gap="xs">
        <GaleraWarnings warnings={galera.warnings} testId="plan-galera-warnings" />
        <Group gap="sm">
          <Text size="sm" fw={600}>
            Schema upgrade method
          </Text>
          <SegmentedControl
            size="xs"
            value={osuMethod}
            onChange={(value) => setOsuMethod(value as 'toi' | 'rsu')}
            data={[
              { value: 'toi', label: 'TOI (whole cluster at once)' },
              { value: 'rsu', label: 'RSU (node by node)', disabled: !galera.rsu.allowed },
            ]}
            data-testid="plan-osu-method"
          />
        </Group>
        {galera.rsu.allowed ? (
          <Text size="xs" c="dimmed" data-testid="plan-osu-hint">
            RSU runs the {galera.rsu.rolling} schema statement(s) on each node in turn (that node desyncs, the others
            keep serving); {galera.rsu.once} data statement(s) run once, replicated.
          </Text>
        ) : (
          <Text size="xs" c="dimmed" data-testid="plan-osu-rsu-refused">
            {galera.rsu.reason}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** Steps 3–4: validation checks, then the optional rehearsal on a sandbox copy. */
export function ValidateStep(): ReactElement | null {
  const validation = useMigration((s) => s.validation);
  const rehearsal = useMigration((s) => s.rehearsal);
  const busy = useMigration((s) => s.busy);
  if (!validation) return null;
  const blocking = validation.checks.filter((c) => !c.passed && c.id !== 'destructive' && c.id !== 'runner');
  const { rehearse, goTo, cancel } = migrationStore.getState();
  return (
    <Stack gap="md" data-testid="migration-validation">
      <Table withTableBorder data-testid="validation-checks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Check</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {validation.checks.map((check) => (
            <Table.Tr
              key={`${check.file}:${check.id}`}
              data-testid={`validation-check-${check.id}`}
              data-passed={check.passed}
            >
              <Table.Td>{check.id}</Table.Td>
              <Table.Td>
                <Badge color={check.passed ? 'green' : check.id === 'destructive' ? 'orange' : 'red'} size="sm">
                  {check.passed ? 'pass' : check.id === 'destructive' ? 'confirm' : 'fail'}
                </Badge>
              </Table.Td>
              <Table.Td>{check.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {validation.galeraWarnings && validation.galeraWarnings.length > 0 && (
        <Alert color="orange" variant="light" title="On this Galera cluster" data-testid="validation-galera">
          <GaleraWarnings warnings={validation.galeraWarnings} testId="validation-galera-warnings" />
        </Alert>
      )}
      {validation.findings.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="validation-findings">
          {validation.findings.length} doctrine finding(s):{' '}
          {validation.findings
            .slice(0, 3)
            .map((f) => f.message)
            .join(' · ')}
        </Text>
      )}
      {validation.alreadyApplied && (
        <Alert color="blue" variant="light" data-testid="validation-already-applied">
          Already applied with the same checksum: there is nothing to do.
        </Alert>
      )}
      {blocking.length > 0 ? (
        <Alert color="red" variant="light" title="The plan cannot be applied" data-testid="validation-blocked">
          Fix what the failed checks say, then plan again.
        </Alert>
      ) : (
        <Text size="sm" c="green" data-testid="validation-ok">
          Every check passed.
        </Text>
      )}
      {rehearsal && rehearsal.status === 'running' && (
        <RunPanel
          title="Rehearsal on a sandbox copy"
          run={rehearsal}
          onCancel={() => void cancel()}
          testId="rehearsal-progress"
        />
      )}
      {rehearsal && rehearsal.status !== 'running' && (
        <Alert
          color={rehearsal.result?.ok ? 'green' : 'red'}
          variant="light"
          title={
            rehearsal.result?.ok
              ? 'Rehearsal passed'
              : rehearsal.status === 'cancelled'
                ? 'Rehearsal cancelled'
                : 'Rehearsal failed'
          }
          data-testid="rehearsal-result"
          data-ok={rehearsal.result?.ok ? 'true' : 'false'}
        >
          {rehearsal.result?.files.map((f) => (
            <Text key={f.file} size="sm">
              {f.file}: {f.tablesCopied} tables copied, {f.executed} statements run in {formatDuration(f.elapsedMs)}
              {f.verification ? `, ${f.verification.checked} effects verified` : ''}
              {f.error ? ` — ${f.error.message}` : ''}
              {f.verification && !f.verification.ok ? ` — ${f.verification.mismatches.join('; ')}` : ''}
            </Text>
          ))}
          {rehearsal.error && <Text size="sm">{rehearsal.error.message}</Text>}
        </Alert>
      )}
      <Group>
        <Button variant="default" onClick={() => goTo('review')}>
          Back
        </Button>
        <Button
          variant="light"
          onClick={() => void rehearse()}
          loading={busy || rehearsal?.status === 'running'}
          disabled={blocking.length > 0}
          data-testid="migration-rehearse-button"
        >
          Rehearse on a sandbox
        </Button>
        <Button
          onClick={() => goTo('confirm')}
          disabled={blocking.length > 0 || validation.alreadyApplied || rehearsal?.status === 'running'}
          data-testid="migration-to-confirm"
        >
          Continue to confirmation
        </Button>
      </Group>
    </Stack>
  );
}

/** Step 5: type the target database's name; a second confirmation for destructive statements. */
export function ConfirmStep(): ReactElement | null {
  const plan = useMigration((s) => s.plan);
  const confirmText = useMigration((s) => s.confirmText);
  const allowDestructive = useMigration((s) => s.allowDestructive);
  const rsu = useMigration((s) => s.osuMethod === 'rsu');
  const ready = useMigration(canConfirm);
  const busy = useMigration((s) => s.busy);
  if (!plan) return null;
  const { setConfirmText, setAllowDestructive, apply, goTo } = migrationStore.getState();
  return (
    <Stack gap="md" maw={560} data-testid="migration-confirm">
      <Text>
        {plan.counts.steps} statement(s) will run on <b className="lupo-mono">{plan.targetDatabase}</b>, one at a time,
        under a lock{rsu ? ', the schema statements as a Rolling Schema Upgrade on each Galera node in turn' : ''}.
        MySQL cannot undo DDL: a rollback runs inverse statements.
      </Text>
      <TypedDatabaseInput
        database={plan.targetDatabase}
        value={confirmText}
        onChange={setConfirmText}
        testId="confirm-database-input"
      />
      {plan.counts.destructive > 0 && (
        <RiskConsent
          checked={allowDestructive}
          onChange={setAllowDestructive}
          label={`I understand that ${plan.counts.destructive} destructive statement(s) drop or delete data`}
          testId="confirm-destructive"
        />
      )}
      <Group>
        <Button variant="default" onClick={() => goTo('validate')}>
          Back
        </Button>
        <Button
          color={plan.counts.destructive > 0 ? 'red' : undefined}
          disabled={!ready}
          loading={busy}
          onClick={() => void apply()}
          data-testid="migration-apply-button"
        >
          Apply to {plan.targetDatabase}
        </Button>
      </Group>
    </Stack>
  );
}

/** The run panel's title per run status: it follows the run (never "Applying to…" once it ended). */
const RUN_TITLES: Readonly<Record<string, string>> = {
  running: 'Applying to',
  succeeded: 'Applied to',
  failed: 'Failed while applying to',
  cancelled: 'Cancelled while applying to',
};

/** Steps 6–7: progress, then the verified result — or the failure with resume / roll back / later. */
export function ExecuteStep({ connectionId }: { readonly connectionId: string }): ReactElement | null {
  const run = useMigration((s) => s.run);
  const plan = useMigration((s) => s.plan);
  const unfinished = useMigration((s) => s.unfinished);
  const confirmText = useMigration((s) => s.confirmText);
  const busy = useMigration((s) => s.busy);
  if (!run) return null;
  const { cancel, resume, reset } = migrationStore.getState();
  const target = plan?.targetDatabase ?? run.result?.targetDatabase;
  const stopped = unfinished.find((u) => u.batch.targetDatabase === target) ?? unfinished[0];
  return (
    <Stack gap="md" data-testid="migration-execute">
      <RunPanel
        title={`${RUN_TITLES[run.status] ?? 'Applying to'} ${target ?? 'the target'}`}
        run={run}
        onCancel={() => void cancel()}
      />
      <FailurePanel run={run}>
        {stopped && (
          <Button
            size="xs"
            onClick={() =>
              void resume(connectionId, stopped.batch.batchId, confirmText || stopped.batch.targetDatabase)
            }
            loading={busy}
            data-testid="failure-resume"
          >
            Resume batch {stopped.batch.batchId}
          </Button>
        )}
        {stopped && (
          <Button
            size="xs"
            color="red"
            variant="light"
            onClick={() => openRollback(connectionId, stopped.batch.batchId)}
            data-testid="failure-rollback"
          >
            Roll back batch {stopped.batch.batchId}
          </Button>
        )}
        <Button size="xs" variant="default" onClick={() => reset()} data-testid="failure-later">
          Leave for later
        </Button>
      </FailurePanel>
      {run.status === 'succeeded' && run.result && (
        <Alert color="green" variant="light" title="Applied and verified" data-testid="migration-done">
          <Stack gap={4}>
            {run.result.files.map((f) => (
              <Text key={f.file} size="sm" data-testid="migration-done-file">
                {f.file}:{' '}
                {f.status === 'noop'
                  ? 'already applied, nothing to do'
                  : `batch ${f.batchId}, ${f.executed} executed, ${f.skipped} skipped in ${formatDuration(f.elapsedMs)}`}
                {f.verification
                  ? ` — ${f.verification.ok ? 'verified' : 'NOT verified'} (${f.verification.checked} effects)`
                  : ''}
              </Text>
            ))}
            <Group gap="xs" mt="xs">
              <ShowInHistoryButton testId="done-history" />
              <ExportReportButton batchId={run.result.files.findLast((f) => f.batchId !== undefined)?.batchId} />
              <Button size="xs" variant="default" onClick={() => reset()}>
                New plan
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
