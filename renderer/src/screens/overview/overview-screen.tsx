import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  RingProgress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { formatLocation } from '../../../../shared/schema/findings';
import { Icon } from '../../app/icons';
import { budgetLevel, roleColumns, severityCounts, type RoleColumn } from '../../lib/overview-figures';
import { openWorkspace } from '../../stores/app-flows';
import {
  navigationStore,
  useConnection,
  useCurrentAnalysis,
  useWorkspace,
  workspaceStore,
} from '../../stores/app-stores';
import { AnalysisProgress } from '../../components/analysis-progress/analysis-progress';
import { ExportReportButton } from '../report/export-report-button';
import { ScreenFrame } from '../screen-frame';
import { LastRunCard, UnfinishedRuns } from './runs-card';
import { TopologyCard } from '../../components/topology-badge/topology-badge';
import { DatabaseName } from '../../components/database-name/database-name';
import { useConnectionLost, useVisibleProblem } from '../../components/problem-alert/use-visible-problem';

const ROLE_COLORS = { core: 'lupo', orchestration: 'grape', ephemeral: 'teal' } as const;

/** The overview: the three databases side by side, budget gauge, drift and doctrine counts. */
export function OverviewScreen(): ReactElement {
  const summary = useWorkspace((s) => s.summary);
  const analysis = useCurrentAnalysis();
  const loading = useWorkspace((s) => s.loading);
  const analyzing = useWorkspace((s) => s.analyzing);
  const error = useVisibleProblem(useWorkspace((s) => s.error));
  const analysisError = useVisibleProblem(useWorkspace((s) => s.analysisError));
  const lost = useConnectionLost();
  const analyze = useWorkspace((s) => s.analyze);
  const connectionId = useConnection((s) => s.info?.connectionId);
  const readOnly = useConnection((s) => s.info?.readOnly === true);
  const [path, setPath] = useState('');
  const openTyped = (): void => void openWorkspace(path.trim() || undefined);

  const actions = (
    <>
      <TextInput
        size="xs"
        w={280}
        placeholder="Workspace folder (empty: demo)"
        value={path}
        onChange={(e) => setPath(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') openTyped();
        }}
        aria-label="Workspace folder"
        leftSection={<Icon name="folder" size={14} />}
        data-testid="workspace-path"
      />
      <Button size="xs" variant="default" onClick={openTyped} loading={loading} data-testid="workspace-open">
        Open
      </Button>
      <Button
        size="xs"
        leftSection={<Icon name="refresh" size={14} />}
        onClick={() => void analyze(connectionId)}
        loading={analyzing}
        disabled={!summary}
        data-testid="workspace-analyze"
      >
        Analyze
      </Button>
      <ExportReportButton />
    </>
  );

  return (
    <ScreenFrame
      title="Overview"
      subtitle={
        summary
          ? `${summary.isDemo ? 'Demo workspace' : summary.root}${summary.config.systemVersion ? ` · system ${summary.config.systemVersion}` : ''}`
          : 'No workspace open'
      }
      actions={actions}
      testId="screen-overview"
    >
      {[error, analysisError].map(
        (problem, index) =>
          problem && (
            <Alert
              key={index}
              color="red"
              variant="light"
              title={problem.message}
              mb="md"
              data-testid={index === 0 ? 'workspace-error' : 'analysis-error'}
              data-error-code={problem.code}
              icon={<Icon name="alert" />}
              withCloseButton
              onClose={() => workspaceStore.getState().clearError()}
            >
              {problem.hint ?? 'Fix the problem named above, then choose Analyze again.'}
            </Alert>
          ),
      )}
      {readOnly && (
        <Alert color="orange" variant="light" mb="md" data-testid="overview-read-only" icon={<Icon name="alert" />}>
          Read-only connection: you can analyze, plan and validate, but Apply and Rollback will be refused. Reconnect
          without the read-only option to change the databases.
        </Alert>
      )}
      {analysis?.context?.databasesFrom === 'connection' && (
        <Alert
          color="orange"
          variant="light"
          mb="md"
          data-testid="overview-databases-override"
          icon={<Icon name="alert" />}
        >
          Live figures are read from the connection profile’s databases{' '}
          {Object.values(analysis.context.databases).join(', ')}, which override this workspace’s names (Connection →
          profile → Databases → “Use these database names instead of the workspace’s”; switch it off to follow the
          workspace).
        </Alert>
      )}
      {lost && analysis?.context?.connection && (
        <Text size="sm" c="dimmed" mb="md" data-testid="overview-stale">
          The live figures below were read before the connection was lost: they may no longer be true. Reconnect (in the
          banner above) to read them again.
        </Text>
      )}
      <AnalysisProgress />
      <UnfinishedRuns />
      <TopologyCard />
      {!summary ? (
        <Group justify="center" py="xl">
          {loading ? <Loader size="sm" /> : <Text c="dimmed">Open a workspace to see its databases.</Text>}
        </Group>
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, xl: 4 }} spacing="md">
            <BudgetCard />
            <DriftCard />
            <DoctrineCard />
            <LastRunCard />
          </SimpleGrid>
          <SimpleGrid cols={3} spacing="md" data-testid="role-columns">
            {roleColumns(summary, analysis).map((column) => (
              <RoleCard key={column.role} column={column} connected={connectionId !== undefined} stale={lost} />
            ))}
          </SimpleGrid>
          {summary.findings.length > 0 && (
            <Card withBorder padding="md">
              <Title order={6} mb="xs">
                Load findings ({summary.findings.length})
              </Title>
              <Table verticalSpacing={4} fz="sm">
                <Table.Tbody>
                  {summary.findings.slice(0, 50).map((finding, index) => (
                    <Table.Tr key={index}>
                      <Table.Td w={90}>
                        <Badge
                          size="xs"
                          color={
                            finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'orange' : 'gray'
                          }
                        >
                          {finding.severity}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{finding.message}</Table.Td>
                      <Table.Td className="lupo-mono" c="dimmed">
                        {formatLocation(finding.location)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </Stack>
      )}
    </ScreenFrame>
  );
}

function BudgetCard(): ReactElement {
  const summary = useWorkspace((s) => s.summary);
  const analysis = useCurrentAnalysis();
  const max = analysis?.budget.max ?? summary?.config.tableBudget.total ?? 180;
  const current = analysis?.budget.current;
  const level = budgetLevel(current ?? 0, max);
  return (
    <Card withBorder padding="md" data-testid="budget-card">
      <Text className="lupo-section-label">Table budget</Text>
      <Group gap="md" mt="xs" wrap="nowrap">
        <RingProgress
          size={96}
          thickness={9}
          roundCaps
          sections={[{ value: Math.min(100, level.percent), color: level.color }]}
          label={
            <Text ta="center" size="xs" fw={600}>
              {Math.round(level.percent)}%
            </Text>
          }
        />
        <Stack gap={2}>
          <Text size="xl" fw={700} data-testid="budget-figure">
            {current ?? '—'}{' '}
            <Text span c="dimmed" size="md">
              / {max}
            </Text>
          </Text>
          {analysis ? (
            <>
              <Text size="sm" c="dimmed">
                after plan {analysis.budget.afterPlan}
              </Text>
              <Text size="sm" c={analysis.budget.headroom < 0 ? 'red' : 'dimmed'} data-testid="budget-headroom">
                headroom {analysis.budget.headroom}
              </Text>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              Run an analysis
            </Text>
          )}
        </Stack>
      </Group>
    </Card>
  );
}

function DriftCard(): ReactElement {
  const analysis = useCurrentAnalysis();
  const drift = analysis?.drift;
  const items = [
    { label: 'missing', value: drift?.counts.missing, color: 'red' },
    { label: 'extra', value: drift?.counts.extra, color: 'orange' },
    { label: 'different', value: drift?.counts.different, color: 'yellow' },
    { label: 'in sync', value: drift?.counts.same, color: 'green' },
  ];
  return (
    <Card withBorder padding="md" data-testid="drift-card">
      <Group justify="space-between">
        <Text className="lupo-section-label">Drift</Text>
        {drift && (
          <Text size="xs" c="dimmed">
            definitions vs {drift.comparedWith === 'none' ? '—' : drift.comparedWith}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={4} mt="sm" spacing="xs">
        {items.map((item) => (
          <div key={item.label}>
            <Text
              size="xl"
              fw={700}
              c={item.value ? item.color : undefined}
              data-testid={`drift-${item.label.replace(' ', '-')}`}
            >
              {item.value ?? '—'}
            </Text>
            <Text size="xs" c="dimmed">
              {item.label}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Button
        variant="subtle"
        size="xs"
        mt="sm"
        px={0}
        onClick={() => navigationStore.getState().go('drift')}
        disabled={!drift}
      >
        Open drift view →
      </Button>
    </Card>
  );
}

function DoctrineCard(): ReactElement {
  const analysis = useCurrentAnalysis();
  const counts = analysis ? severityCounts(analysis) : undefined;
  const rules = analysis?.doctrine.byRule.filter((rule) => rule.count > 0).slice(0, 4) ?? [];
  return (
    <Card withBorder padding="md" data-testid="doctrine-card">
      <Text className="lupo-section-label">Doctrine</Text>
      <Group gap="lg" mt="sm">
        <div>
          <Text size="xl" fw={700} c={counts?.error ? 'red' : undefined} data-testid="doctrine-errors">
            {counts?.error ?? '—'}
          </Text>
          <Text size="xs" c="dimmed">
            errors
          </Text>
        </div>
        <div>
          <Text size="xl" fw={700} c={counts?.warning ? 'orange' : undefined} data-testid="doctrine-warnings">
            {counts?.warning ?? '—'}
          </Text>
          <Text size="xs" c="dimmed">
            warnings
          </Text>
        </div>
      </Group>
      <Stack gap={2} mt="xs">
        {rules.map((rule) => (
          <Group key={rule.rule} justify="space-between" wrap="nowrap">
            <Text size="xs" className="lupo-mono" truncate>
              {rule.rule}
            </Text>
            <Badge
              size="xs"
              variant="light"
              color={rule.severity === 'error' ? 'red' : rule.severity === 'warning' ? 'orange' : 'gray'}
            >
              {rule.count}
            </Badge>
          </Group>
        ))}
        {analysis && rules.length === 0 && (
          <Text size="xs" c="green">
            All rules pass.
          </Text>
        )}
      </Stack>
      <Button
        variant="subtle"
        size="xs"
        mt="sm"
        px={0}
        onClick={() => navigationStore.getState().goDoctrine()}
        disabled={!analysis}
        data-testid="overview-open-doctrine"
      >
        Open the Doctrine screen →
      </Button>
    </Card>
  );
}

function RoleCard({
  column,
  connected,
  stale,
}: {
  readonly column: RoleColumn;
  readonly connected: boolean;
  /** The connection is lost: the live figure is as last read, not current. */
  readonly stale: boolean;
}): ReactElement {
  const rows: Array<{ label: string; value: number | undefined; note?: string }> = [
    { label: 'Definitions', value: column.definitions },
    { label: 'SQL files', value: column.sql, note: 'no SQL file' },
    { label: 'Live', value: column.live, note: connected ? 'analyzing…' : 'not connected' },
  ];
  return (
    <Card withBorder padding="md" data-testid={`role-card-${column.role}`}>
      <Group justify="space-between" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Badge variant="light" color={ROLE_COLORS[column.role]}>
            {column.role}
          </Badge>
          <Text fw={600} mt={4} className="lupo-mono" data-testid={`role-card-database-${column.role}`}>
            <DatabaseName name={column.database} />
          </Text>
        </div>
        <span style={{ flex: 'none', display: 'flex' }}>
          <Icon name="database" size={22} />
        </span>
      </Group>
      <Table mt="sm" verticalSpacing={4} fz="sm">
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Td c="dimmed">{row.label}</Table.Td>
              <Table.Td
                ta="right"
                fw={600}
                data-testid={`role-${column.role}-${row.label.toLowerCase().replace(' ', '-')}`}
                {...(stale && row.label === 'Live' && row.value !== undefined
                  ? {
                      'data-stale': true,
                      c: 'dimmed',
                      title: 'As last read, before the connection was lost',
                    }
                  : {})}
              >
                {row.value ?? (
                  <Text span size="xs" c="dimmed" fw={400}>
                    {row.note}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {column.budget !== undefined && (
            <Table.Tr>
              <Table.Td c="dimmed">Role budget</Table.Td>
              <Table.Td ta="right">{column.budget}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
