import { Alert, Badge, Button, Group, Modal, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import type { SQLNamespace } from '@codemirror/lang-sql';
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useConnection, useConsole, useSchema } from '../../stores/app-stores';
import { ScreenFrame } from '../screen-frame';
import { ExplainPlanView } from './explain-plan-view';
import { ResultGrid } from './result-grid';
import { SqlEditor, type SqlEditorHandle } from './sql-editor';

/** Autocomplete namespace: every role database's tables with columns; the core database's also unqualified. */
function useCompletionSchema(): SQLNamespace {
  const live = useSchema((s) => s.live);
  return useMemo(() => {
    const namespace: Record<string, SQLNamespace> = {};
    if (!live) return namespace;
    for (const database of Object.values(live.databases)) {
      const tables: Record<string, readonly string[]> = {};
      for (const table of database.tables) tables[table.name] = table.columns.map((c) => c.name);
      namespace[database.name] = tables as SQLNamespace;
      if (database.role === 'core') Object.assign(namespace, tables);
    }
    return namespace;
  }, [live]);
}

/**
 * The SQL console: tabs kept per profile, CodeMirror with autocomplete from the live model,
 * run the statement at the cursor / the selection (Ctrl-Enter) or the script
 * (Shift-Ctrl-Enter), a virtualized result grid fed page by page, cancel, export, and the
 * guard's questions (typed confirmation; read-only refusals come back before sending).
 */
export function ConsoleScreen(): ReactElement {
  const info = useConnection((s) => s.info);
  const state = useConsole((s) => s);
  const editor = useRef<SqlEditorHandle>(null);
  const schema = useCompletionSchema();
  const [typed, setTyped] = useState('');
  const [exportPath, setExportPath] = useState('');
  const [exportFormat, setExportFormat] = useState<'csv' | 'json' | 'sql'>('csv');
  const [migrationName, setMigrationName] = useState('console');
  const [confirmAll, setConfirmAll] = useState(false);
  const [saveOpen, setSaveOpen] = useState(false);
  const profileKey = info ? (info.profileId ?? info.endpoint) : undefined;

  useEffect(() => {
    if (info && profileKey && state.profileKey !== profileKey) void state.open(info.connectionId, profileKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- open once per connection
  }, [info?.connectionId, profileKey]);

  useEffect(() => {
    if (state.error?.offset !== undefined) editor.current?.mark(state.error.offset);
  }, [state.error]);

  if (!info) {
    return (
      <ScreenFrame title="SQL console">
        <Text p="lg">Connect to a server first.</Text>
      </ScreenFrame>
    );
  }
  const tab = state.tabs.find((t) => t.id === state.activeTab) ?? state.tabs[0]!;
  const runSelection = (): void => {
    const { text, from, to } = editor.current?.current() ?? { text: '', from: 0, to: 0 };
    void state.run(text, from, to);
  };
  const runAll = (): void => {
    const text = editor.current?.current().text ?? '';
    void state.run(text, 0, text.length);
  };
  const explain = (analyze: boolean): void => {
    const { text, from } = editor.current?.current() ?? { text: '', from: 0 };
    void state.explain(text, from, analyze);
  };
  const result = state.result;
  return (
    <ScreenFrame
      title="SQL console"
      subtitle={`${info.user}@${info.endpoint}${state.readOnly ? ' — read-only' : ''}`}
      body="fill"
      testId="console-screen"
      actions={
        <Group gap="xs">
          {state.readOnly && <Badge color="gray">read-only</Badge>}
          <Button size="xs" onClick={runSelection} loading={state.running} data-testid="console-run">
            Run (Ctrl-Enter)
          </Button>
          <Button size="xs" variant="light" onClick={runAll} disabled={state.running}>
            Run script
          </Button>
          <Button
            size="xs"
            variant="light"
            onClick={() => explain(false)}
            disabled={state.running}
            data-testid="console-explain"
          >
            Explain
          </Button>
          {info.flavor === 'mariadb' && (
            <Button size="xs" variant="light" onClick={() => explain(true)} disabled={state.running}>
              Analyze
            </Button>
          )}
          <Button
            size="xs"
            variant="light"
            onClick={() => setSaveOpen(true)}
            disabled={state.running}
            title="Write the statement at the cursor (or the selection) as a migration file, without running it"
            data-testid="console-save-migration-open"
          >
            Save as migration
          </Button>
          <Button
            size="xs"
            color="red"
            variant="light"
            onClick={() => void state.cancel()}
            disabled={!state.running}
            data-testid="console-cancel"
          >
            Cancel
          </Button>
        </Group>
      }
    >
      <Stack gap={0} style={{ height: '100%', minHeight: 0 }}>
        <Tabs value={tab.id} onChange={(id) => id && state.selectTab(id)}>
          <Tabs.List>
            {state.tabs.map((t) => (
              <Tabs.Tab key={t.id} value={t.id} onDoubleClick={() => state.closeTab(t.id)}>
                {t.title}
              </Tabs.Tab>
            ))}
            <Button size="compact-xs" variant="subtle" onClick={state.addTab} aria-label="New tab">
              +
            </Button>
          </Tabs.List>
        </Tabs>
        <div style={{ height: '35%', minHeight: 120, borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <SqlEditor
            ref={editor}
            value={tab.sql}
            onChange={state.setSql}
            onRun={runSelection}
            onRunAll={runAll}
            schema={schema}
            flavor={info.flavor}
          />
        </div>
        {state.error && (
          <Alert
            color="red"
            title={state.error.code}
            withCloseButton
            onClose={state.dismiss}
            data-testid="console-error"
          >
            {state.error.message}
            {state.error.hint && <Text size="xs">{state.error.hint}</Text>}
          </Alert>
        )}
        {state.notice && (
          <Alert color="yellow" data-testid="console-notice">
            <Group justify="space-between">
              <Text size="sm">{state.notice}</Text>
              {result?.bypassesLedger && (
                <Group gap="xs">
                  <TextInput
                    size="xs"
                    value={migrationName}
                    onChange={(e) => setMigrationName(e.currentTarget.value)}
                    aria-label="Migration name"
                  />
                  <Button
                    size="xs"
                    onClick={() => void state.saveAsMigration('core', migrationName)}
                    data-testid="console-save-migration"
                  >
                    Save as migration
                  </Button>
                </Group>
              )}
            </Group>
          </Alert>
        )}
        {result && (
          <Group px="sm" py={4} gap="md" data-testid="console-status">
            <Text size="xs">
              {result.columns.length > 0
                ? `${result.rows.length.toLocaleString('en-US')} row(s)${result.done ? '' : ' fetched (more available)'}`
                : `${result.affectedRows ?? 0} row(s) affected`}
            </Text>
            <Text size="xs" c="dimmed">
              {result.elapsedMs.toFixed(0)} ms
            </Text>
            {result.warnings.length > 0 && (
              <Text size="xs" c="orange" title={result.warnings.map((w) => `${w.code}: ${w.message}`).join('\n')}>
                {result.warnings.length} warning(s)
              </Text>
            )}
            {!result.done && (
              <>
                <Button size="compact-xs" variant="light" onClick={() => void state.fetchMore(false)}>
                  Fetch more
                </Button>
                <Button size="compact-xs" variant="light" color="orange" onClick={() => setConfirmAll(true)}>
                  Fetch all
                </Button>
              </>
            )}
            {result.columns.length > 0 && (
              <Group gap={4}>
                <Select
                  size="xs"
                  w={80}
                  data={['csv', 'json', 'sql']}
                  value={exportFormat}
                  onChange={(v) => v && setExportFormat(v as 'csv')}
                  aria-label="Export format"
                />
                <TextInput
                  size="xs"
                  placeholder="/path/to/file"
                  value={exportPath}
                  onChange={(e) => setExportPath(e.currentTarget.value)}
                  aria-label="Export path"
                />
                <Button
                  size="compact-xs"
                  disabled={!exportPath}
                  onClick={() => void state.exportResult(exportFormat, exportPath)}
                  data-testid="console-export"
                >
                  Export
                </Button>
              </Group>
            )}
          </Group>
        )}
        <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
          {state.plan ? (
            <ExplainPlanView nodes={state.plan} />
          ) : (
            result && result.columns.length > 0 && <ResultGrid columns={result.columns} rows={result.rows} />
          )}
        </div>
      </Stack>
      <Modal opened={state.pending !== undefined} onClose={state.dismiss} title="Confirm the change">
        {state.pending && (
          <Stack>
            <Text size="sm">
              {state.pending.check.summary}
              {state.pending.check.rowsToChange !== undefined &&
                ` — ${state.pending.check.rowsToChange.toLocaleString('en-US')} row(s) will change`}
              {state.pending.check.missingWhere && ' — no WHERE clause: every row of the table'}
            </Text>
            <Text size="sm">
              Type <b>{state.pending.check.confirmWith}</b> to confirm.
            </Text>
            <TextInput
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              data-testid="console-confirm-input"
            />
            <Button
              disabled={typed !== state.pending.check.confirmWith}
              onClick={() => (void state.confirm(typed), setTyped(''))}
            >
              Run it
            </Button>
          </Stack>
        )}
      </Modal>
      <Modal opened={saveOpen} onClose={() => setSaveOpen(false)} title="Save as migration">
        <Stack>
          <Text size="sm">
            The statement at the cursor (or the selection) becomes an idempotent migration file in the workspace&apos;s
            migrations folder, for the core database. Nothing runs now: plan, rehearse and apply it from the Migration
            screen, and the ledger records it.
          </Text>
          <TextInput
            label="Migration name"
            description="Lower-case letters, digits and _"
            value={migrationName}
            onChange={(e) => setMigrationName(e.currentTarget.value)}
            data-testid="console-save-migration-name"
          />
          <Button
            onClick={() => {
              setSaveOpen(false);
              void state.saveAsMigration('core', migrationName, editor.current?.current());
            }}
            data-testid="console-save-migration-submit"
          >
            Save
          </Button>
        </Stack>
      </Modal>
      <Modal opened={confirmAll} onClose={() => setConfirmAll(false)} title="Fetch every row?">
        <Stack>
          <Text size="sm">All rows are loaded into this window. For large results, export to a file instead.</Text>
          <Button color="orange" onClick={() => (setConfirmAll(false), void state.fetchMore(true))}>
            Fetch all
          </Button>
        </Stack>
      </Modal>
    </ScreenFrame>
  );
}
