import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { FindingView } from '../../../../shared/contract/workspace';
import { formatLocation } from '../../../../shared/schema/findings';
import type { DatabaseRole } from '../../../../shared/schema/model';
import { AnalysisProgress } from '../../components/analysis-progress/analysis-progress';
import {
  countFindings,
  filterFindings,
  groupFindings,
  type DoctrineFilter,
  type FindingSource,
} from '../../lib/doctrine-view';
import type { UiError } from '../../lib/ui-error';
import { unwaiveFindings, waiveFindings } from '../../stores/app-flows';
import { useCurrentAnalysis, useNavigation, useWorkspace } from '../../stores/app-stores';
import { useRovingFocus, type RovingFocus } from '../../lib/roving-focus';
import { ScreenFrame } from '../screen-frame';

const SOURCE_LABELS: Readonly<Record<FindingSource, string>> = {
  definitions: 'definitions',
  sql: 'SQL file',
  live: 'live',
  migration: 'migration',
  plan: 'plan',
};

/** Rules whose findings the engine refuses to waive (mirrors UNWAIVABLE_RULES). */
const UNWAIVABLE = new Set(['table-budget']);
/** Groups and findings per group shown at once (a filter narrows the rest). */
const MAX_GROUPS = 300;
const MAX_PER_GROUP = 200;

/**
 * The Doctrine screen: every finding of the current analysis with its rule, severity,
 * source and location; filters by rule, table, role and source; grouped by table or by
 * rule; each rule's fix; and waivers — a reason written into the workspace config, so a
 * system with hundreds of known findings can go green on what is new.
 */
export function DoctrineScreen(): ReactElement {
  const analysis = useCurrentAnalysis();
  const waivers = useWorkspace((s) => s.summary?.config.waivers) ?? [];
  const focus = useNavigation((s) => s.doctrineFocus);
  const [filter, setFilter] = useState<DoctrineFilter>({});
  const [groupBy, setGroupBy] = useState<'table' | 'rule'>('table');
  const [problem, setProblem] = useState<UiError | undefined>();

  // A link into this screen (plan error, explorer) sets the starting filter.
  useEffect(() => {
    if (focus)
      setFilter({
        ...(focus.rule ? { rule: focus.rule } : {}),
        ...(focus.table ? { table: focus.table } : {}),
        ...(focus.source ? { source: focus.source } : {}),
      });
  }, [focus]);

  const findings = useMemo(() => analysis?.doctrine.findings ?? [], [analysis]);
  const rules = useMemo(() => analysis?.doctrine.byRule ?? [], [analysis]);
  const descriptions = useMemo(() => new Map(rules.map((rule) => [rule.rule, rule.description])), [rules]);
  const visible = useMemo(() => filterFindings(findings, filter), [findings, filter]);
  const groups = useMemo(() => groupFindings(visible, groupBy), [visible, groupBy]);
  const all = countFindings(findings);
  const shown = countFindings(visible);
  const set = (patch: Partial<DoctrineFilter>): void => setFilter((current) => ({ ...current, ...patch }));
  // The findings shown (capped per group and in groups), numbered across groups for the keyboard.
  const shownGroups = groups.slice(0, MAX_GROUPS).map((group) => ({
    ...group,
    shown: group.findings.slice(0, MAX_PER_GROUP),
  }));
  const offsets = shownGroups.reduce<number[]>((acc, group, i) => [...acc, (acc[i] ?? 0) + group.shown.length], [0]);
  const roving = useRovingFocus(offsets[offsets.length - 1] ?? 0);
  const selectTable = useNavigation((s) => s.selectTable);
  const go = useNavigation((s) => s.go);
  const openTable = (finding: FindingView): void => {
    if (!finding.role || !finding.table) return;
    selectTable({ role: finding.role, name: finding.table });
    go('explorer');
  };

  const waive = async (finding: FindingView, scope: 'table' | 'rule', reason: string): Promise<void> => {
    setProblem(
      await waiveFindings({
        rule: finding.code,
        reason,
        ...(scope === 'table' && finding.table ? { table: finding.table } : {}),
      }),
    );
  };

  return (
    <ScreenFrame
      title="Doctrine"
      subtitle={
        analysis
          ? `${all.findings} open finding(s) on ${all.tables} table(s) across ${all.rules} rule(s) · ${all.errors} error(s) · ${all.waived} waived`
          : 'Analyze the workspace to see its findings'
      }
      testId="screen-doctrine"
    >
      <AnalysisProgress />
      {problem && (
        <Alert
          color="red"
          variant="light"
          title={problem.message}
          mb="md"
          data-testid="doctrine-error"
          withCloseButton
          onClose={() => setProblem(undefined)}
        >
          {problem.hint}
        </Alert>
      )}
      <Card withBorder padding="sm" mb="md">
        <Group gap="sm" wrap="wrap" align="end">
          <Select
            size="xs"
            w={220}
            label="Rule"
            placeholder="Every rule"
            clearable
            value={filter.rule ?? null}
            onChange={(value) => set({ rule: value ?? undefined })}
            data={rules.map((rule) => ({
              value: rule.rule,
              label: `${rule.rule} (${rule.count - (rule.waived ?? 0)})`,
            }))}
            data-testid="doctrine-filter-rule"
          />
          <TextInput
            size="xs"
            w={200}
            label="Table"
            placeholder="Any table"
            value={filter.table ?? ''}
            onChange={(event) => set({ table: event.currentTarget.value || undefined })}
            data-testid="doctrine-filter-table"
          />
          <Select
            size="xs"
            w={150}
            label="Role"
            placeholder="Every role"
            clearable
            value={filter.role ?? null}
            onChange={(value) => set({ role: (value as DatabaseRole | null) ?? undefined })}
            data={['core', 'orchestration', 'ephemeral']}
            data-testid="doctrine-filter-role"
          />
          <Select
            size="xs"
            w={150}
            label="Source"
            placeholder="Every source"
            clearable
            value={filter.source ?? null}
            onChange={(value) => set({ source: (value as FindingSource | null) ?? undefined })}
            data={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
            data-testid="doctrine-filter-source"
          />
          <SegmentedControl
            size="xs"
            value={groupBy}
            onChange={(value) => setGroupBy(value as 'table' | 'rule')}
            data={[
              { value: 'table', label: 'By table' },
              { value: 'rule', label: 'By rule' },
            ]}
            data-testid="doctrine-group"
          />
          <Switch
            size="xs"
            label="Show waived"
            checked={filter.showWaived ?? false}
            onChange={(event) => set({ showWaived: event.currentTarget.checked })}
            data-testid="doctrine-show-waived"
          />
        </Group>
        <Text size="xs" c="dimmed" mt={6} data-testid="doctrine-count">
          {shown.findings} finding(s) on {shown.tables} table(s){shown.waived ? ` · ${shown.waived} waived shown` : ''}
        </Text>
      </Card>
      {!analysis ? (
        <Text c="dimmed">No analysis yet.</Text>
      ) : groups.length === 0 ? (
        <Text c="dimmed" data-testid="doctrine-empty">
          {findings.length === 0 ? 'No finding: the doctrine holds.' : 'No finding matches these filters.'}{' '}
          {findings.length > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => setFilter({})}>
              Clear the filters
            </Button>
          )}
        </Text>
      ) : (
        <Stack gap="sm" data-testid="doctrine-groups" role="list" aria-label="Findings" {...roving.containerProps}>
          {shownGroups.map((group, groupIndex) => (
            <Card key={group.key} withBorder padding="sm" data-testid="doctrine-group-card" data-group={group.key}>
              <Group justify="space-between" mb={6}>
                <Text fw={600} className="lupo-mono">
                  {group.label}
                </Text>
                <Badge variant="default">{group.findings.length}</Badge>
              </Group>
              {groupBy === 'rule' && descriptions.get(group.key) && (
                <Text size="xs" c="dimmed" mb={6}>
                  Fix: {descriptions.get(group.key)}
                </Text>
              )}
              <Stack gap={6}>
                {group.shown.map((finding, index) => (
                  <FindingRow
                    key={`${finding.code}-${index}`}
                    finding={finding}
                    rovingProps={roving.itemProps((offsets[groupIndex] ?? 0) + index)}
                    onOpen={() => openTable(finding)}
                    fix={groupBy === 'table' ? descriptions.get(finding.code) : undefined}
                    onWaive={waive}
                    onUnwaive={async () =>
                      setProblem(
                        await unwaiveFindings({
                          rule: finding.code,
                          ...(waivers.find(
                            (w) => w.rule === finding.code && w.table?.toLowerCase() === finding.table?.toLowerCase(),
                          )
                            ? { table: finding.table! }
                            : {}),
                        }),
                      )
                    }
                  />
                ))}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      {waivers.length > 0 && (
        <Card withBorder padding="sm" mt="md" data-testid="doctrine-waivers">
          <Text fw={600} mb={6}>
            Waivers in the workspace config ({waivers.length})
          </Text>
          <Stack gap={4}>
            {waivers.map((waiver, index) => (
              <Group key={index} gap="xs" wrap="nowrap" data-testid="doctrine-waiver">
                <Badge size="xs" variant="light" tt="none">
                  {waiver.rule}
                </Badge>
                <Text size="sm" className="lupo-mono">
                  {waiver.table ?? 'every table'}
                  {waiver.source ? ` (${waiver.source})` : ''}
                </Text>
                <Text size="sm" c="dimmed" style={{ flex: 1 }}>
                  {waiver.reason}
                </Text>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={async () =>
                    setProblem(
                      await unwaiveFindings({
                        rule: waiver.rule,
                        ...(waiver.table ? { table: waiver.table } : {}),
                        ...(waiver.source ? { source: waiver.source } : {}),
                      }),
                    )
                  }
                  data-testid="doctrine-waiver-remove"
                >
                  Remove
                </Button>
              </Group>
            ))}
          </Stack>
        </Card>
      )}
    </ScreenFrame>
  );
}

/** One finding: severity, rule, source, location, message, fix, and its waiver controls. */
function FindingRow({
  finding,
  fix,
  rovingProps,
  onOpen,
  onWaive,
  onUnwaive,
}: {
  readonly finding: FindingView;
  readonly fix?: string;
  /** Its stop in the keyboard list of findings. */
  readonly rovingProps: ReturnType<RovingFocus['itemProps']>;
  /** Opens the finding's table in the explorer (Enter on the row). */
  onOpen(): void;
  onWaive(finding: FindingView, scope: 'table' | 'rule', reason: string): Promise<void>;
  onUnwaive(): Promise<void>;
}): ReactElement {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'table' | 'rule'>(finding.table ? 'table' : 'rule');
  const [busy, setBusy] = useState(false);
  return (
    <div
      data-testid="doctrine-finding"
      data-rule={finding.code}
      data-table={finding.table}
      data-waived={finding.waived ? 'true' : 'false'}
      role="listitem"
      aria-label={`${finding.severity} ${finding.code}${finding.table ? ` on ${finding.table}` : ''}: ${finding.message}`}
      className="lupo-focus-row"
      {...rovingProps}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target === event.currentTarget) {
          event.preventDefault();
          onOpen();
        }
      }}
    >
      <Group gap={6} wrap="nowrap" align="start">
        <Badge
          size="xs"
          color={finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'gray'}
          variant="light"
          style={{ flex: 'none' }}
        >
          {finding.severity}
        </Badge>
        <Badge size="xs" variant="outline" tt="none" style={{ flex: 'none' }}>
          {finding.code}
        </Badge>
        {finding.source && (
          <Badge size="xs" variant="default" style={{ flex: 'none' }} data-testid="doctrine-finding-source">
            {SOURCE_LABELS[finding.source]}
          </Badge>
        )}
        <div style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm">{finding.message}</Text>
          <Text size="xs" c="dimmed" className="lupo-mono" style={{ wordBreak: 'break-all' }}>
            {formatLocation(finding.location)}
          </Text>
          {finding.hint && (
            <Text size="xs" c="dimmed">
              {finding.hint}
            </Text>
          )}
          {fix && (
            <Text size="xs" c="dimmed">
              Fix: {fix}
            </Text>
          )}
          {finding.waived && (
            <Text size="xs" c="orange" data-testid="doctrine-finding-waived">
              Waived: {finding.waived.reason}
            </Text>
          )}
        </div>
        {finding.waived ? (
          <Button size="compact-xs" variant="subtle" onClick={() => void onUnwaive()} data-testid="doctrine-unwaive">
            Unwaive
          </Button>
        ) : (
          !UNWAIVABLE.has(finding.code) && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => setOpen((value) => !value)}
              data-testid="doctrine-waive"
            >
              Waive…
            </Button>
          )
        )}
      </Group>
      {open && !finding.waived && (
        <Group gap="xs" mt={6} ml="xl" align="end" data-testid="doctrine-waive-form">
          <TextInput
            size="xs"
            w={320}
            label="Reason (kept in the workspace config, reviewed in git)"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            data-testid="doctrine-waive-reason"
            autoFocus
          />
          <SegmentedControl
            size="xs"
            value={scope}
            onChange={(value) => setScope(value as 'table' | 'rule')}
            data={[
              ...(finding.table ? [{ value: 'table', label: `${finding.table} only` }] : []),
              { value: 'rule', label: 'Every table' },
            ]}
            data-testid="doctrine-waive-scope"
          />
          <Button
            size="xs"
            disabled={reason.trim() === ''}
            loading={busy}
            onClick={async () => {
              setBusy(true);
              await onWaive(finding, scope, reason.trim());
              setBusy(false);
              setOpen(false);
            }}
            data-testid="doctrine-waive-save"
          >
            Waive
          </Button>
        </Group>
      )}
    </div>
  );
}
