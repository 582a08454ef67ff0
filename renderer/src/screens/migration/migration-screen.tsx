import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
} from '@mantine/core';
import { useEffect, type ReactElement } from 'react';
import { DATABASE_ROLES, type DatabaseRole } from '../../../../shared/schema/model';
import { SqlViewer } from '../../components/sql-viewer/sql-viewer';
import { navigationStore, useConnection } from '../../stores/app-stores';
import { stepperActive, WIZARD_STEPS, type WizardStep } from '../../stores/migration-store';
import { ScreenFrame } from '../screen-frame';
import { ConfirmStep, ExecuteStep, GaleraPlanPanel, ValidateStep } from './migration-steps';
import { migrationStore, useMigration } from './migration-stores';
import { ResumeStep } from './resume-step';
import { ErrorAlert } from './run-panel';

const STEP_LABELS: Readonly<Record<WizardStep, string>> = {
  source: 'Plan',
  review: 'Review',
  validate: 'Validate',
  rehearse: 'Rehearse',
  confirm: 'Confirm',
  execute: 'Execute',
  done: 'Done',
};

/** Step 1: where the plan comes from — drift of one role, or files of the migrations folder. */
function SourceStep({ connectionId }: { readonly connectionId: string }): ReactElement {
  const sourceKind = useMigration((s) => s.sourceKind);
  const driftRole = useMigration((s) => s.driftRole);
  const files = useMigration((s) => s.files);
  const folder = useMigration((s) => s.folder);
  const selected = useMigration((s) => s.selectedFiles);
  const busy = useMigration((s) => s.busy);
  const { setSource, setDriftRole, toggleFile, loadFiles, makePlan } = migrationStore.getState();
  useEffect(() => {
    if (sourceKind === 'files') void loadFiles();
  }, [sourceKind, loadFiles]);
  return (
    <Stack gap="md" data-testid="migration-source">
      <SegmentedControl
        value={sourceKind}
        onChange={(value) => setSource(value as 'drift' | 'files')}
        data={[
          { value: 'drift', label: 'Generate from drift' },
          { value: 'files', label: 'Files from the migrations folder' },
        ]}
        data-testid="migration-source-kind"
      />
      {sourceKind === 'drift' ? (
        <Select
          label="Database role"
          description="Tables the definitions have and the live database lacks become CREATE TABLE IF NOT EXISTS statements."
          data={DATABASE_ROLES.map((role) => ({ value: role, label: role }))}
          value={driftRole}
          onChange={(value) => value && setDriftRole(value as DatabaseRole)}
          allowDeselect={false}
          w={320}
          data-testid="migration-role"
        />
      ) : (
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {folder ? `Folder ${folder}` : 'Loading the migrations folder…'}
          </Text>
          {files.length === 0 && folder && <Text size="sm">No migration files in this folder.</Text>}
          {files.map((file) => (
            <Checkbox
              key={file.name}
              checked={selected.includes(file.name)}
              onChange={() => toggleFile(file.name)}
              label={
                <Group gap={6}>
                  <Text size="sm" className="lupo-mono">
                    {file.name}
                  </Text>
                  {file.role && (
                    <Badge size="xs" variant="light">
                      {file.role}
                    </Badge>
                  )}
                  {file.hasDown && (
                    <Badge size="xs" variant="outline">
                      down-file
                    </Badge>
                  )}
                </Group>
              }
              data-testid={`migration-file-${file.name}`}
            />
          ))}
        </Stack>
      )}
      <Group>
        <Button
          onClick={() => void makePlan(connectionId)}
          loading={busy}
          disabled={sourceKind === 'files' && selected.length === 0}
          data-testid="migration-plan-button"
        >
          Make the plan
        </Button>
      </Group>
    </Stack>
  );
}

/** Step 2: the plan's target, budget, statements with their classification, and the SQL. */
function ReviewStep(): ReactElement | null {
  const plan = useMigration((s) => s.plan);
  const busy = useMigration((s) => s.busy);
  if (!plan) return null;
  const sql = plan.files.map((f) => (plan.files.length > 1 ? `-- ${f.name}\n${f.content}` : f.content)).join('\n');
  return (
    <Stack gap="md" data-testid="migration-review">
      <SimpleGrid cols={4}>
        <Stat label="Target database" value={plan.targetDatabase} testId="plan-target" />
        <Stat
          label="Statements"
          value={`${plan.counts.steps} (${plan.counts.changes} changes, ${plan.counts.noops} already present)`}
          testId="plan-count"
        />
        <Stat
          label="Destructive / locking"
          value={`${plan.counts.destructive} / ${plan.counts.locking}`}
          testId="plan-destructive"
        />
        <Stat
          label="System tables (budget)"
          value={`${plan.tables.before} → ${plan.tables.after} of ${plan.tables.budget} (headroom ${plan.tables.headroom})`}
          testId="plan-tables"
        />
      </SimpleGrid>
      {plan.notes.map((note) => (
        <Alert key={note} variant="light" color="yellow" data-testid="plan-note">
          {note}
        </Alert>
      ))}
      {plan.galera && <GaleraPlanPanel galera={plan.galera} />}
      <Table striped withTableBorder data-testid="plan-statements">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Line</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>What it does</Table.Th>
            <Table.Th>Flags</Table.Th>
            <Table.Th>Predicted</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.statements.map((s) => (
            <Table.Tr key={`${s.file}:${s.index}`} data-testid="plan-statement-row">
              <Table.Td>{s.index + 1}</Table.Td>
              <Table.Td>{plan.files.length > 1 ? `${s.file}:${s.line}` : s.line}</Table.Td>
              <Table.Td>
                <Badge variant="light" size="sm">
                  {s.kind}
                </Badge>
              </Table.Td>
              <Table.Td className="lupo-mono">{s.summary}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {s.destructive && (
                    <Badge color="red" size="xs">
                      destructive
                    </Badge>
                  )}
                  {s.locking && (
                    <Badge color="orange" size="xs" variant="outline">
                      locking
                    </Badge>
                  )}
                  {s.idempotent && (
                    <Badge color="gray" size="xs" variant="outline">
                      idempotent
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{s.expected}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <SqlViewer sql={sql} height={300} testId="plan-sql" />
      <Group>
        <Button variant="default" onClick={() => migrationStore.getState().goTo('source')}>
          Back
        </Button>
        <Button
          onClick={() => void migrationStore.getState().validate()}
          loading={busy}
          data-testid="migration-validate-button"
        >
          Validate
        </Button>
      </Group>
    </Stack>
  );
}

/** A labelled figure. */
export function Stat({
  label,
  value,
  testId,
}: {
  readonly label: string;
  readonly value: string;
  readonly testId?: string;
}): ReactElement {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} className="lupo-mono" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/**
 * The migration wizard (DESIGN §4): plan → review → validate → (rehearse) → confirm by
 * typing the database name → execute with progress → verify → done. State and calls live
 * in the migration store; this screen only shows them.
 */
export function MigrationScreen(): ReactElement {
  const connectionId = useConnection((s) => s.info?.connectionId);
  const readOnly = useConnection((s) => s.info?.readOnly === true);
  const step = useMigration((s) => s.step);
  const error = useMigration((s) => s.error);
  const running = useMigration((s) => s.run?.status === 'running');
  const resuming = useMigration((s) => s.resumeCandidate !== undefined);
  const rehearsed = useMigration((s) => s.rehearsal?.status === 'succeeded');
  const active = stepperActive(step, rehearsed);
  return (
    <ScreenFrame
      title="Migration"
      subtitle="Guarded apply: plan, validate, rehearse, confirm, execute, verify"
      testId="screen-migration"
      actions={
        <Button
          size="xs"
          variant="default"
          onClick={() => migrationStore.getState().reset()}
          disabled={running || !connectionId}
          title={connectionId ? undefined : 'Connect to a server first'}
          data-testid="migration-new"
        >
          New plan
        </Button>
      }
    >
      {!connectionId ? (
        <Stack gap="sm" align="flex-start" data-testid="migration-not-connected">
          <Text c="dimmed">Connect to a server first: migrations are planned against the live databases.</Text>
          <Button size="sm" onClick={() => navigationStore.getState().go('connect')} data-testid="migration-go-connect">
            Go to Connection
          </Button>
        </Stack>
      ) : (
        <Stack gap="lg">
          <Stepper active={active} size="sm" data-testid="migration-stepper">
            {WIZARD_STEPS.map((s) => (
              <Stepper.Step key={s} label={STEP_LABELS[s]} />
            ))}
          </Stepper>
          {readOnly && (
            <Text c="orange" size="sm" data-testid="migration-read-only">
              Read-only connection: plan and validate freely; Apply will be refused. Reconnect without the read-only
              option to apply.
            </Text>
          )}
          <ErrorAlert error={error} testId="migration-error" />
          {step === 'source' &&
            (resuming ? <ResumeStep connectionId={connectionId} /> : <SourceStep connectionId={connectionId} />)}
          {step === 'review' && <ReviewStep />}
          {(step === 'validate' || step === 'rehearse') && <ValidateStep />}
          {step === 'confirm' && <ConfirmStep />}
          {(step === 'execute' || step === 'done') && <ExecuteStep connectionId={connectionId} />}
        </Stack>
      )}
    </ScreenFrame>
  );
}
