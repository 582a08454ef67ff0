import { Group, Select, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { DATABASE_ROLES, type DatabaseRole } from '../../../../shared/schema/model';
import { navigationStore, useConnection, useNavigation, useSchema } from '../../stores/app-stores';
import { ScreenFrame } from '../screen-frame';
import { DataBrowser } from './data-browser';

/**
 * The "Data" screen: the data browser without going through the explorer — pick a role
 * database and one of its live tables. Starts on the table selected elsewhere (explorer, map).
 */
export function DataScreen(): ReactElement {
  const info = useConnection((s) => s.info);
  const live = useSchema((s) => s.live);
  const selected = useNavigation((s) => s.selectedTable);
  const [role, setRole] = useState<DatabaseRole>(
    DATABASE_ROLES.includes(selected?.role as DatabaseRole) ? (selected!.role as DatabaseRole) : 'core',
  );
  const [table, setTable] = useState<string | undefined>(selected?.role === role ? selected.name : undefined);
  const tables = live?.databases[role].tables.map((t) => t.name).sort() ?? [];
  // The physical database the role names now: another workspace can rename it (asked about first, app-flows).
  const database = info?.roles?.find((r) => r.role === role)?.name ?? role;

  if (!info) {
    return (
      <ScreenFrame title="Data">
        <Text p="lg">Connect to a server first.</Text>
      </ScreenFrame>
    );
  }
  return (
    <ScreenFrame
      title="Data"
      subtitle={`${info.user}@${info.endpoint}${info.readOnly ? ' — read-only' : ''}`}
      testId="data-screen"
    >
      <Group gap="sm" px="lg" pt="sm" align="flex-end">
        <Select
          label="Database"
          size="xs"
          w={200}
          data={DATABASE_ROLES.map((r) => ({ value: r, label: `${r} · ${live?.databases[r].name ?? r}` }))}
          value={role}
          allowDeselect={false}
          onChange={(value) => {
            if (!value) return;
            // Another table: the browser's pending edits are asked about first.
            navigationStore.getState().confirmLeave(() => {
              setRole(value as DatabaseRole);
              setTable(undefined);
            });
          }}
          data-testid="data-pick-role"
        />
        <Select
          label="Table"
          size="xs"
          w={320}
          searchable
          placeholder={tables.length ? 'Pick a table' : 'No live table in this database'}
          data={tables}
          value={table ?? null}
          onChange={(value) => navigationStore.getState().confirmLeave(() => setTable(value ?? undefined))}
          data-testid="data-pick-table"
        />
      </Group>
      <div style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-lg)' }}>
        {table ? (
          // A new browser (fresh filters, paging and change set) per table and database it names.
          <DataBrowser key={`${info.connectionId}.${database}.${role}.${table}`} role={role} table={table} />
        ) : (
          <Text size="sm" c="dimmed">
            Pick a table to browse its rows.
          </Text>
        )}
      </div>
    </ScreenFrame>
  );
}
