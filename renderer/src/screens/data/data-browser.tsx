import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  ScrollArea,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { QueryCell, QueryColumn } from '../../../../shared/contract/query';
import { inferRelationships, type Relationship } from '../../../../shared/relationships/infer-relationships';
import type { DatabaseRole } from '../../../../shared/schema/model';
import { lupo } from '../../api/lupo';
import { mergedModel } from '../../lib/relationship-graph';
import { toUiError } from '../../lib/ui-error';
import { useConnection, useSchema } from '../../stores/app-stores';
import { displayCell } from '../console/result-grid';
import { parseFilterText } from './filter-text';

const PAGE_SIZE = 100;

/** What the browser shows: a table, and the filters it was opened with (an `*_id` link sets one). */
interface Target {
  readonly role: DatabaseRole;
  readonly table: string;
  readonly filterText: Readonly<Record<string, string>>;
}

interface Page {
  readonly database: string;
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly QueryCell[])[];
  readonly hasMore: boolean;
  readonly softDelete: boolean;
  readonly estimatedRows?: number;
}

/** The relationship map's inference, indexed both ways for the browser. */
interface Links {
  /** `role.table.column` → the relationship that column starts. */
  readonly outgoing: ReadonlyMap<string, Relationship>;
  /** `role.table` → the relationships pointing at that table. */
  readonly incoming: ReadonlyMap<string, readonly Relationship[]>;
}

function useLinks(): Links {
  const definitions = useSchema((s) => s.definitions);
  const live = useSchema((s) => s.live);
  return useMemo(() => {
    const model = mergedModel(definitions, live);
    const outgoing = new Map<string, Relationship>();
    const incoming = new Map<string, Relationship[]>();
    for (const r of model ? inferRelationships(model) : []) {
      outgoing.set(`${r.from.role}.${r.from.table}.${r.from.column}`, r);
      const key = `${r.to.role}.${r.to.table}`;
      incoming.set(key, [...(incoming.get(key) ?? []), r]);
    }
    return { outgoing, incoming };
  }, [definitions, live]);
}

/**
 * The data browser of one table: a page of rows sorted by a header click, a filter box per
 * column (bound values; `a..b` ranges, `=x` equals, dates on `*_ymdhis`), a raw WHERE that
 * the engine runs only as a read, soft-deleted rows hidden unless shown, `*_ymdhis` as UTC
 * date-times (raw on hover), `*_id` values linking to the related row, the estimate and an
 * exact count, and `SHOW CREATE TABLE` with copy. Reads only: editing is not offered here.
 */
export function DataBrowser({ role, table }: { readonly role: DatabaseRole; readonly table: string }): ReactElement {
  const connectionId = useConnection((s) => s.info?.connectionId);
  const links = useLinks();
  const [trail, setTrail] = useState<readonly Target[]>([{ role, table, filterText: {} }]);
  const target = trail[trail.length - 1]!;
  const [filterText, setFilterText] = useState<Record<string, string>>({});
  const [where, setWhere] = useState('');
  const [appliedWhere, setAppliedWhere] = useState('');
  const [showDeleted, setShowDeleted] = useState(false);
  const [orderBy, setOrderBy] = useState<{ column: string; direction: 'asc' | 'desc' }>();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [exact, setExact] = useState<number>();
  const [createSql, setCreateSql] = useState<string>();
  const [selectedRow, setSelectedRow] = useState<number>();

  const columns = page?.columns;
  // Filters as bound values; a box that does not parse yet (a half-typed date) is left out.
  const filters = Object.entries(filterText).flatMap(([name, text]) => {
    const column = columns?.find((c) => c.name === name) ?? { name, type: '', nullable: true, primaryKey: false };
    const filter = parseFilterText(column, text);
    return filter ? [filter] : [];
  });
  const request = {
    connectionId: connectionId ?? '',
    role: target.role,
    table: target.table,
    filters,
    showDeleted,
    ...(appliedWhere.trim() ? { where: appliedWhere } : {}),
  };
  // Reload when what is asked changes (compared as text: each render builds new objects).
  const requestKey = JSON.stringify([request, offset, orderBy]);

  const latest = useRef(0);
  const load = async (): Promise<void> => {
    if (!connectionId) return;
    const sequence = ++latest.current;
    setLoading(true);
    setError(undefined);
    setExact(undefined);
    try {
      const next = await lupo.call('query/browse', {
        ...request,
        limit: PAGE_SIZE,
        offset,
        ...(orderBy ? { orderBy } : {}),
      });
      // A slower answer to an older request (typing in a filter) never replaces a newer one.
      if (sequence === latest.current) {
        setPage(next);
        setSelectedRow(undefined);
      }
    } catch (failure) {
      if (sequence === latest.current) setError(toUiError(failure).message);
    } finally {
      if (sequence === latest.current) setLoading(false);
    }
  };

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- requestKey holds everything load reads
  }, [requestKey]);

  const open = (next: Target): void => {
    setTrail((t) => [...t, next]);
    setPage(undefined);
    setFilterText({ ...next.filterText });
    setOrderBy(undefined);
    setOffset(0);
    setWhere('');
    setAppliedWhere('');
    setCreateSql(undefined);
  };
  const back = (): void => {
    const previous = trail[trail.length - 2];
    if (!previous) return;
    setTrail((t) => t.slice(0, -1));
    setPage(undefined);
    setFilterText({ ...previous.filterText });
    setOrderBy(undefined);
    setOffset(0);
    setCreateSql(undefined);
  };
  const sortBy = (column: string): void => {
    setOrderBy((o) =>
      o?.column === column
        ? { column, direction: o.direction === 'asc' ? 'desc' : 'asc' }
        : { column, direction: 'asc' },
    );
    setOffset(0);
  };
  const countExact = async (): Promise<void> => {
    try {
      setExact((await lupo.call('query/count', request)).count);
    } catch (failure) {
      setError(toUiError(failure).message);
    }
  };
  const showCreate = async (): Promise<void> => {
    try {
      setCreateSql(
        (
          await lupo.call('query/show-create', {
            connectionId: request.connectionId,
            role: target.role,
            table: target.table,
          })
        ).sql,
      );
    } catch (failure) {
      setError(toUiError(failure).message);
    }
  };

  if (!connectionId) {
    return <Alert color="gray">Connect to a server to browse its rows.</Alert>;
  }
  return (
    <Stack gap="sm" data-testid="data-browser">
      <Group gap="xs">
        {trail.length > 1 && (
          <Button size="compact-sm" variant="subtle" onClick={back} data-testid="data-back">
            ← Back
          </Button>
        )}
        <Text fw={600} className="lupo-mono" data-testid="data-table-name">
          {page?.database ?? target.role}.{target.table}
        </Text>
        <Badge variant="light">{target.role}</Badge>
        {page?.estimatedRows !== undefined && (
          <Text size="xs" c="dimmed" data-testid="data-estimate">
            ~{page.estimatedRows.toLocaleString()} rows (estimate)
          </Text>
        )}
        <Button size="compact-xs" variant="light" onClick={() => void countExact()} data-testid="data-exact-count">
          Exact count
        </Button>
        {exact !== undefined && (
          <Text size="xs" data-testid="data-exact">
            {exact.toLocaleString()} rows match
          </Text>
        )}
        <Button size="compact-xs" variant="light" onClick={() => void showCreate()} data-testid="data-show-create">
          SHOW CREATE TABLE
        </Button>
        {page?.softDelete && (
          <Checkbox
            size="xs"
            label="Show soft-deleted rows"
            checked={showDeleted}
            onChange={(e) => {
              setShowDeleted(e.currentTarget.checked);
              setOffset(0);
            }}
            data-testid="data-show-deleted"
          />
        )}
      </Group>
      <Group gap="xs" align="flex-end">
        <Textarea
          style={{ flex: 1 }}
          size="xs"
          autosize
          minRows={1}
          label="WHERE (read only)"
          placeholder="created_ymdhis > 20260101000000 AND name LIKE 'a%'"
          className="lupo-mono"
          value={where}
          onChange={(e) => setWhere(e.currentTarget.value)}
          data-testid="data-where"
        />
        <Button
          size="xs"
          onClick={() => {
            setAppliedWhere(where);
            setOffset(0);
          }}
          data-testid="data-apply-where"
        >
          Apply
        </Button>
      </Group>
      {error && (
        <Alert color="red" data-testid="data-error">
          {error}
        </Alert>
      )}
      {page && (
        <ScrollArea h="60vh" type="auto">
          <Table striped withColumnBorders stickyHeader fz="xs" data-testid="data-grid">
            <Table.Thead>
              <Table.Tr>
                {page.columns.map((c) => (
                  <Table.Th
                    key={c.name}
                    style={{ whiteSpace: 'nowrap', cursor: 'pointer' }}
                    onClick={() => sortBy(c.name)}
                  >
                    <span className="lupo-mono" data-testid={`data-sort-${c.name}`}>
                      {c.name}
                      {orderBy?.column === c.name ? (orderBy.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </Table.Th>
                ))}
              </Table.Tr>
              <Table.Tr>
                {page.columns.map((c) => (
                  <Table.Th key={c.name}>
                    <TextInput
                      size="xs"
                      placeholder={/_ymdhis$/.test(c.name) ? '2026-01-31 or a..b' : 'filter'}
                      value={filterText[c.name] ?? ''}
                      error={
                        (filterText[c.name] ?? '').trim() !== '' &&
                        parseFilterText(c, filterText[c.name] ?? '') === undefined
                      }
                      title={
                        /_ymdhis$/.test(c.name)
                          ? 'A UTC date (2026-01-31), date-time (2026-01-31 12:00) or a range a..b'
                          : 'Text contains; =x equals; a..b range; NULL'
                      }
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setFilterText((f) => ({ ...f, [c.name]: value }));
                        setOffset(0);
                      }}
                      data-testid={`data-filter-${c.name}`}
                    />
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.rows.map((row, r) => (
                <Table.Tr
                  key={r}
                  data-testid="data-row"
                  onClick={() => setSelectedRow(r)}
                  bg={selectedRow === r ? 'var(--mantine-primary-color-light)' : undefined}
                >
                  {page.columns.map((c, i) => (
                    <DataCell
                      key={c.name}
                      column={c}
                      cell={row[i] ?? null}
                      link={links.outgoing.get(`${target.role}.${target.table}.${c.name}`)}
                      onOpen={open}
                    />
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {page.rows.length === 0 && (
            <Text size="sm" c="dimmed" p="sm" data-testid="data-empty">
              No rows match.
            </Text>
          )}
        </ScrollArea>
      )}
      {page && selectedRow !== undefined && page.rows[selectedRow] && (
        <PointingRows
          columns={page.columns}
          row={page.rows[selectedRow]}
          incoming={links.incoming.get(`${target.role}.${target.table}`) ?? []}
          onOpen={open}
        />
      )}
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          disabled={offset === 0 || loading}
          onClick={() => setOffset((o) => Math.max(0, o - PAGE_SIZE))}
        >
          Previous
        </Button>
        <Text size="xs" c="dimmed" data-testid="data-range">
          {page
            ? `Rows ${page.rows.length === 0 ? 0 : offset + 1}–${offset + page.rows.length}`
            : loading
              ? 'Loading…'
              : ''}
        </Text>
        <Button
          size="compact-sm"
          variant="default"
          disabled={!page?.hasMore || loading}
          onClick={() => setOffset((o) => o + PAGE_SIZE)}
          data-testid="data-next"
        >
          Next
        </Button>
      </Group>
      <Modal
        opened={createSql !== undefined}
        onClose={() => setCreateSql(undefined)}
        title="SHOW CREATE TABLE"
        size="xl"
      >
        <Stack gap="xs">
          <CopyButton value={createSql ?? ''}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy} data-testid="data-copy-create">
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
          <Code block data-testid="data-create-sql">
            {createSql}
          </Code>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** The selected row's panel: every inferred relationship pointing at its table, each opening the rows that point at it. */
function PointingRows({
  columns,
  row,
  incoming,
  onOpen,
}: {
  readonly columns: readonly QueryColumn[];
  readonly row: readonly QueryCell[];
  readonly incoming: readonly Relationship[];
  readonly onOpen: (target: Target) => void;
}): ReactElement {
  return (
    <Stack gap={4} data-testid="data-pointing">
      <Text className="lupo-section-label">Rows pointing at this row</Text>
      {incoming.length === 0 && (
        <Text size="xs" c="dimmed">
          No inferred relationship points at this table.
        </Text>
      )}
      <Group gap="xs">
        {incoming.map((r) => {
          const index = columns.findIndex((c) => c.name === r.to.column);
          const value = index >= 0 ? row[index] : null;
          if (value === null || value === undefined) return null;
          return (
            <Button
              key={r.id}
              size="compact-xs"
              variant="light"
              title={r.explanation}
              onClick={() =>
                onOpen({ role: r.from.role, table: r.from.table, filterText: { [r.from.column]: String(value) } })
              }
              data-testid={`data-pointing-${r.from.table}-${r.from.column}`}
            >
              {r.from.table}.{r.from.column} = {String(value)}
            </Button>
          );
        })}
      </Group>
    </Stack>
  );
}

/** One cell: `*_ymdhis` readable with the raw value on hover, an inferred `*_id` as a link to the related row. */
function DataCell({
  column,
  cell,
  link,
  onOpen,
}: {
  readonly column: QueryColumn;
  readonly cell: QueryCell;
  readonly link: Relationship | undefined;
  readonly onOpen: (target: Target) => void;
}): ReactElement {
  const shown = displayCell(column, cell);
  const title = shown !== String(cell) && cell !== null ? String(cell) : undefined;
  const style = { whiteSpace: 'nowrap' as const, ...(cell === null ? { color: 'var(--mantine-color-dimmed)' } : {}) };
  if (link && cell !== null && String(cell) !== '0') {
    return (
      <Table.Td className="lupo-mono" style={style}>
        <Anchor
          component="button"
          size="xs"
          title={link.explanation}
          onClick={() =>
            onOpen({ role: link.to.role, table: link.to.table, filterText: { [link.to.column]: String(cell) } })
          }
          data-testid={`data-link-${column.name}`}
        >
          {shown}
        </Anchor>
      </Table.Td>
    );
  }
  return (
    <Table.Td className="lupo-mono" style={style} title={title}>
      {shown}
    </Table.Td>
  );
}
