import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Menu,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { QueryCell, QueryColumn } from '../../../../shared/contract/query';
import { inferRelationships, type Relationship } from '../../../../shared/relationships/infer-relationships';
import type { DatabaseRole } from '../../../../shared/schema/model';
import { lupo } from '../../api/lupo';
import { COPY_FORMATS, copyRows, writeClipboard, type CopyFormat } from '../../lib/copy-rows';
import { mergedModel } from '../../lib/relationship-graph';
import { toUiError } from '../../lib/ui-error';
import { navigationStore, useConnection, useSchema } from '../../stores/app-stores';
import type { LeaveGuard } from '../../stores/navigation-store';
import { displayCell } from '../console/result-grid';
import { ChangeReview } from './change-review';
import { parseFilterText } from './filter-text';
import {
  addInsert,
  changeCount,
  editCell,
  keyOf,
  NO_CHANGES,
  removeInsert,
  rowIdOf,
  toggleDelete,
  toRowChanges,
  type Cells,
  type PendingChanges,
} from './pending-changes';
import { createPendingGuard, type GuardChoice, type GuardQuestion } from './pending-guard';
import { allRows, clickRow, NO_ROWS, type RowSelection } from './row-selection';
import { guardUnload } from './unload-guard';

/** Page sizes the operator can choose. */
const PAGE_SIZES = ['50', '100', '500', '1000'];

/** Where the page starts: an offset, and the key of the row it follows (or precedes) when the order allows seeking. */
interface Cursor {
  readonly offset: number;
  readonly after?: readonly QueryCell[];
  readonly before?: readonly QueryCell[];
}
const FIRST_PAGE: Cursor = { offset: 0 };

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
  readonly seek?: { readonly first: readonly QueryCell[]; readonly last: readonly QueryCell[] };
  readonly edit?: { readonly key: readonly string[]; readonly generated: readonly string[] };
  readonly notEditable?: string;
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
 * exact count, and `SHOW CREATE TABLE` with copy. Pages of the size the operator picks; sorted
 * by a key, Next/Previous seek from the last/first row instead of skipping with OFFSET.
 * On a writable profile, a keyed table's cells are edited in place (double-click), rows
 * added or deleted, all collected as a change set that "Review" shows as SQL and commits
 * in one transaction. With edits pending, a move that would hide or drop them asks first
 * (pending-guard). Rows are selected (click, Shift, Ctrl, #, Ctrl-A) and copied with the
 * console grid's formats (lib/copy-rows), `*_ymdhis` raw.
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
  const [cursor, setCursor] = useState<Cursor>(FIRST_PAGE);
  const offset = cursor.offset;
  const setOffset = (value: number): void => setCursor({ offset: value });
  const [pageSize, setPageSize] = useState(100);
  const [pending, setPending] = useState<PendingChanges>(NO_CHANGES);
  const [editing, setEditing] = useState<{ row: number; column: string }>();
  const [reviewing, setReviewing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [exact, setExact] = useState<number>();
  const [createSql, setCreateSql] = useState<string>();
  const [selection, setSelection] = useState<RowSelection>(NO_ROWS);
  const [copied, setCopied] = useState('');
  const grid = useRef<HTMLDivElement>(null);

  // Pending edits are never dropped or hidden silently: moves go through the guard, which asks first.
  const [question, setQuestion] = useState<GuardQuestion>();
  const pendingCountNow = useRef(0);
  useEffect(() => {
    pendingCountNow.current = changeCount(pending);
  }, [pending]);
  const [guard] = useState(() =>
    createPendingGuard({
      count: () => pendingCountNow.current,
      discard: () => {
        pendingCountNow.current = 0;
        setPending(NO_CHANGES);
      },
      ask: setQuestion,
      review: () => setReviewing(true),
    }),
  );
  // Leaving the screen (sidebar, palette, keys), closing the browser, another workspace or a
  // disconnect (app-flows) ask the same way.
  useEffect(() => {
    const leaveGuard: LeaveGuard = (proceed, stay) => guard.request('leave', proceed, stay);
    navigationStore.getState().setLeaveGuard(leaveGuard);
    return () => {
      if (navigationStore.getState().leaveGuard === leaveGuard) navigationStore.getState().setLeaveGuard(undefined);
    };
  }, [guard]);
  // Closing the window or tab, or reloading: the page itself asks (the modal cannot, see unload-guard).
  useEffect(() => guardUnload(window, () => pendingCountNow.current), []);

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
  const requestKey = JSON.stringify([request, cursor, orderBy, pageSize]);

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
        limit: pageSize,
        offset,
        ...(cursor.after ? { after: [...cursor.after] } : {}),
        ...(cursor.before ? { before: [...cursor.before] } : {}),
        ...(orderBy ? { orderBy } : {}),
      });
      // A slower answer to an older request (typing in a filter) never replaces a newer one.
      if (sequence === latest.current) {
        setPage(next);
        setSelection(NO_ROWS);
        setEditing(undefined);
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

  const open = (next: Target): void =>
    guard.request('link', () => {
      setTrail((t) => [...t, next]);
      setPending(NO_CHANGES);
      setPage(undefined);
      setFilterText({ ...next.filterText });
      setOrderBy(undefined);
      setOffset(0);
      setWhere('');
      setAppliedWhere('');
      setCreateSql(undefined);
    });
  const back = (): void => {
    const previous = trail[trail.length - 2];
    if (!previous) return;
    guard.request('back', () => {
      setTrail((t) => t.slice(0, -1));
      setPending(NO_CHANGES);
      setPage(undefined);
      setFilterText({ ...previous.filterText });
      setOrderBy(undefined);
      setOffset(0);
      setCreateSql(undefined);
    });
  };
  const sortBy = (column: string): void =>
    guard.request('sort', () => {
      setOrderBy((o) =>
        o?.column === column
          ? { column, direction: o.direction === 'asc' ? 'desc' : 'asc' }
          : { column, direction: 'asc' },
      );
      setOffset(0);
    });
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

  // Sorted by a key, the next page starts after the last row's key (an index seek), not at an OFFSET.
  const nextPage = (): void =>
    guard.request('page', () =>
      setCursor({ offset: offset + pageSize, ...(page?.seek ? { after: page.seek.last } : {}) }),
    );
  const previousPage = (): void => {
    const back = Math.max(0, offset - pageSize);
    guard.request('page', () =>
      setCursor(back === 0 || !page?.seek ? { offset: back } : { offset: back, before: page.seek.first }),
    );
  };

  const edit = page?.edit;
  const pendingCount = changeCount(pending);
  const rowChange = (row: readonly QueryCell[]) => {
    if (!edit || !page) return {};
    const id = rowIdOf(keyOf(page.columns, row, edit.key));
    return { update: pending.updates[id], deleted: pending.deletes[id] !== undefined };
  };

  // What the grid shows (pending edits applied) is what a copy holds; `*_ymdhis` stay raw.
  const shownRows = (page?.rows ?? []).map((row) => {
    const update = rowChange(row).update;
    if (!update || !page) return row;
    return row.map((cell, i) => {
      const name = page.columns[i]!.name;
      return name in update.set ? (update.set[name] ?? null) : cell;
    });
  });
  const copy = async (format: CopyFormat): Promise<void> => {
    if (!page || selection.rows.length === 0) return;
    // From the menu too, the grid keeps the keyboard (Ctrl-A / Ctrl-C without a click).
    grid.current?.focus({ preventScroll: true });
    const text = copyRows(format, page.columns, shownRows, {
      rows: selection.rows,
      columns: page.columns.map((_, i) => i),
    });
    try {
      await writeClipboard(text);
      const label = COPY_FORMATS.find((f) => f.format === format)?.label ?? format;
      setCopied(`Copied ${selection.rows.length} row${selection.rows.length === 1 ? '' : 's'} as ${label}`);
    } catch (failure) {
      setCopied(`Could not copy: ${toUiError(failure).message}`);
    }
  };
  /** Ctrl/Cmd-A selects the page's rows, Ctrl/Cmd-C copies them as TSV (not while typing in a box, nor over dragged text). */
  const onGridKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if ((event.target as HTMLElement).closest('input, textarea') || !page) return;
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === 'a') {
      event.preventDefault();
      setSelection(allRows(page.rows.length));
    } else if (key === 'c' && selection.rows.length > 0 && !window.getSelection()?.toString()) {
      // (Text dragged over in a cell copies natively.)
      event.preventDefault();
      void copy('tsv');
    }
  };
  const answer = (choice: GuardChoice): void => guard.answer(choice);

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
              const checked = e.currentTarget.checked;
              guard.request('filter', () => {
                setShowDeleted(checked);
                setOffset(0);
              });
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
          onClick={() =>
            guard.request('filter', () => {
              setAppliedWhere(where);
              setOffset(0);
            })
          }
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
      {page?.notEditable && (
        <Text size="xs" c="dimmed" data-testid="data-not-editable">
          Not editable: {page.notEditable}
        </Text>
      )}
      {edit && (
        <Group gap="xs" data-testid="data-edit-bar">
          <Text size="xs" c="dimmed">
            Double-click a cell to edit it.
          </Text>
          <Button size="compact-xs" variant="light" onClick={() => setAdding(true)} data-testid="data-add-row">
            Add row
          </Button>
          <Button
            size="compact-xs"
            disabled={pendingCount === 0}
            onClick={() => setReviewing(true)}
            data-testid="data-review"
          >
            Review {pendingCount} change{pendingCount === 1 ? '' : 's'}
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            disabled={pendingCount === 0}
            onClick={() => setPending(NO_CHANGES)}
            data-testid="data-discard"
          >
            Discard
          </Button>
          {pending.inserts.map((values, i) => (
            <Badge
              key={i}
              variant="light"
              color="green"
              style={{ cursor: 'pointer' }}
              title="New row (click to drop it from the change set)"
              onClick={() => setPending((p) => removeInsert(p, i))}
            >
              +{' '}
              {Object.entries(values)
                .map(([k, v]) => `${k}=${v === null ? 'NULL' : String(v)}`)
                .join(', ') || 'defaults'}
            </Badge>
          ))}
          {notice && (
            <Text size="xs" c="green" data-testid="data-edit-notice">
              {notice}
            </Text>
          )}
        </Group>
      )}
      {page && (
        <Group gap="xs" data-testid="data-copy-bar">
          <Text size="xs" c="dimmed" data-testid="data-selection">
            {selection.rows.length > 0
              ? `${selection.rows.length} row${selection.rows.length === 1 ? '' : 's'} selected`
              : 'Click a row (Shift, Ctrl to add) or # to select; Ctrl-A selects the page'}
          </Text>
          {/* No focus return to the button: after a copy the grid keeps the keyboard. */}
          <Menu position="bottom-start" withinPortal returnFocus={false}>
            <Menu.Target>
              <Button size="compact-xs" variant="light" disabled={selection.rows.length === 0} data-testid="data-copy">
                Copy as…
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {COPY_FORMATS.map((f) => (
                <Menu.Item key={f.format} onClick={() => void copy(f.format)} data-testid={`data-copy-${f.format}`}>
                  {f.label}
                  {f.format === 'tsv' ? ' (Ctrl-C)' : ''}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Text size="xs" c="dimmed" data-testid="data-copied">
            {copied}
          </Text>
        </Group>
      )}
      {page && (
        <div ref={grid} tabIndex={0} onKeyDown={onGridKey} style={{ outline: 'none' }} data-testid="data-grid-keys">
          <ScrollArea h="60vh" type="auto">
            <Table striped withColumnBorders stickyHeader fz="xs" data-testid="data-grid">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th
                    w={36}
                    style={{ cursor: 'pointer' }}
                    title="Select every row of the page (Ctrl-A)"
                    onClick={() => setSelection(allRows(page.rows.length))}
                    data-testid="data-select-all"
                  >
                    #
                  </Table.Th>
                  {edit && <Table.Th w={28} />}
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
                  <Table.Th />
                  {edit && <Table.Th />}
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
                          guard.request('filter', () => {
                            setFilterText((f) => ({ ...f, [c.name]: value }));
                            setOffset(0);
                          });
                        }}
                        data-testid={`data-filter-${c.name}`}
                      />
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.rows.map((row, r) => {
                  const change = rowChange(row);
                  return (
                    <Table.Tr
                      key={r}
                      data-testid="data-row"
                      data-deleted={change.deleted ? 'true' : undefined}
                      data-selected={selection.rows.includes(r) ? 'true' : undefined}
                      // Shift-click extends the row selection, not a text selection.
                      onMouseDown={(e) => e.shiftKey && e.preventDefault()}
                      onClick={(e) =>
                        setSelection((s) => clickRow(s, r, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }))
                      }
                      bg={selection.rows.includes(r) ? 'var(--mantine-primary-color-light)' : undefined}
                      style={change.deleted ? { textDecoration: 'line-through', opacity: 0.6 } : undefined}
                    >
                      <Table.Td c="dimmed" style={{ cursor: 'pointer' }} data-testid="data-row-number">
                        {offset + r + 1}
                      </Table.Td>
                      {edit && (
                        <Table.Td>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color={change.deleted ? 'gray' : 'red'}
                            title={
                              change.deleted
                                ? 'Keep this row'
                                : page.softDelete
                                  ? 'Delete (soft: sets is_deleted)'
                                  : 'Delete'
                            }
                            onClick={(e) => {
                              e.stopPropagation();
                              setPending((p) => toggleDelete(p, page.columns, row, edit.key));
                            }}
                            data-testid="data-delete-row"
                          >
                            {change.deleted ? '↺' : '✕'}
                          </Button>
                        </Table.Td>
                      )}
                      {page.columns.map((c, i) => {
                        const edited = change.update && c.name in change.update.set;
                        const cell = edited ? (change.update!.set[c.name] ?? null) : (row[i] ?? null);
                        if (editing?.row === r && editing.column === c.name && edit) {
                          return (
                            <CellEditor
                              key={c.name}
                              column={c}
                              cell={cell}
                              onDone={(value) => {
                                if (value !== undefined) {
                                  setPending((p) => editCell(p, page.columns, row, edit.key, c.name, value));
                                }
                                setEditing(undefined);
                              }}
                            />
                          );
                        }
                        const editable = edit && !edit.generated.includes(c.name) && !change.deleted;
                        return (
                          <DataCell
                            key={c.name}
                            column={c}
                            cell={cell}
                            edited={edited === true}
                            link={links.outgoing.get(`${target.role}.${target.table}.${c.name}`)}
                            onOpen={open}
                            {...(editable ? { onEdit: () => setEditing({ row: r, column: c.name }) } : {})}
                          />
                        );
                      })}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {page.rows.length === 0 && (
              <Text size="sm" c="dimmed" p="sm" data-testid="data-empty">
                No rows match.
              </Text>
            )}
          </ScrollArea>
        </div>
      )}
      {page && selection.rows.length === 1 && page.rows[selection.rows[0]!] && (
        <PointingRows
          columns={page.columns}
          row={page.rows[selection.rows[0]!]!}
          incoming={links.incoming.get(`${target.role}.${target.table}`) ?? []}
          onOpen={open}
        />
      )}
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          disabled={offset === 0 || loading}
          onClick={previousPage}
          data-testid="data-previous"
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
          onClick={nextPage}
          data-testid="data-next"
        >
          Next
        </Button>
        <Select
          size="xs"
          w={110}
          data={PAGE_SIZES.map((n) => ({ value: n, label: `${n} rows` }))}
          value={String(pageSize)}
          allowDeselect={false}
          onChange={(value) => {
            if (!value) return;
            guard.request('page-size', () => {
              setPageSize(Number(value));
              setOffset(0);
            });
          }}
          aria-label="Rows per page"
          data-testid="data-page-size"
        />
        {page?.seek && offset > 0 && (
          <Text
            size="xs"
            c="dimmed"
            title="Sorted by a key: pages start from the key of the last row shown, not an OFFSET"
          >
            keyset paging
          </Text>
        )}
      </Group>
      {reviewing && page && (
        <ChangeReview
          connectionId={connectionId}
          role={target.role}
          table={target.table}
          softDelete={page.softDelete}
          changesFor={(hard) => toRowChanges(pending, hard)}
          onClose={() => {
            setReviewing(false);
            // Opened from the guard's question: closed without committing, the operator stays.
            guard.reviewEnded(false);
          }}
          onCommitted={(applied) => {
            setReviewing(false);
            pendingCountNow.current = 0;
            setPending(NO_CHANGES);
            setNotice(`${applied} change${applied === 1 ? '' : 's'} committed.`);
            void load();
            // Opened from the guard's question: the move it held goes on now.
            guard.reviewEnded(true);
          }}
        />
      )}
      {adding && page && edit && (
        <AddRowForm
          columns={page.columns.filter((c) => !edit.generated.includes(c.name))}
          onClose={() => setAdding(false)}
          onAdd={(values) => {
            setPending((p) => addInsert(p, values));
            setAdding(false);
          }}
        />
      )}
      <Modal opened={question !== undefined} onClose={() => answer('cancel')} title="Uncommitted changes">
        {question && (
          <Stack gap="sm" data-testid="data-guard">
            <Text size="sm">
              {question.count} change{question.count === 1 ? '' : 's'} to {target.table}{' '}
              {question.count === 1 ? 'is' : 'are'} not committed.{' '}
              {question.choices.includes('keep')
                ? 'Kept, they stay in the change set on other pages (rows are named by their key).'
                : 'Leaving this table drops them.'}
            </Text>
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => answer('cancel')} data-testid="data-guard-cancel">
                Stay
              </Button>
              <Button variant="light" onClick={() => answer('apply')} data-testid="data-guard-apply">
                Commit and continue…
              </Button>
              {question.choices.includes('keep') && (
                <Button onClick={() => answer('keep')} data-testid="data-guard-keep">
                  Keep and continue
                </Button>
              )}
              <Button color="red" variant="light" onClick={() => answer('discard')} data-testid="data-guard-discard">
                Discard and continue
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
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
  edited = false,
  onEdit,
}: {
  readonly column: QueryColumn;
  readonly cell: QueryCell;
  readonly link: Relationship | undefined;
  readonly onOpen: (target: Target) => void;
  /** The value shown is a pending edit. */
  readonly edited?: boolean;
  /** Double-click edits the cell (writable profile, keyed table). */
  readonly onEdit?: () => void;
}): ReactElement {
  const shown = displayCell(column, cell);
  const title = shown !== String(cell) && cell !== null ? String(cell) : undefined;
  const style = {
    whiteSpace: 'nowrap' as const,
    ...(cell === null ? { color: 'var(--mantine-color-dimmed)' } : {}),
    ...(edited ? { background: 'var(--mantine-color-yellow-light)' } : {}),
  };
  const editProps = {
    ...(onEdit ? { onDoubleClick: onEdit } : {}),
    ...(edited ? { 'data-edited': 'true' } : {}),
    'data-column': column.name,
  };
  if (link && cell !== null && String(cell) !== '0') {
    return (
      <Table.Td className="lupo-mono" style={style} {...editProps}>
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
    <Table.Td className="lupo-mono" style={style} title={title} {...editProps}>
      {shown}
    </Table.Td>
  );
}

/** A cell being edited: Enter keeps the text (or NULL), Escape leaves the cell as it was. `*_ymdhis` takes the raw YYYYMMDDHHMMSS. */
function CellEditor({
  column,
  cell,
  onDone,
}: {
  readonly column: QueryColumn;
  readonly cell: QueryCell;
  /** The new value, or undefined when cancelled. */
  readonly onDone: (value: QueryCell | undefined) => void;
}): ReactElement {
  const [text, setText] = useState(cell === null ? '' : String(cell));
  return (
    <Table.Td style={{ minWidth: 160 }}>
      <TextInput
        size="xs"
        autoFocus
        className="lupo-mono"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onDone(text);
          if (e.key === 'Escape') {
            e.stopPropagation();
            onDone(undefined);
          }
        }}
        onBlur={() => onDone(text)}
        rightSectionWidth={column.nullable ? 44 : undefined}
        rightSection={
          column.nullable ? (
            <Button
              size="compact-xs"
              variant="subtle"
              // Before the input's blur: set NULL rather than the text.
              onMouseDown={(e) => {
                e.preventDefault();
                onDone(null);
              }}
              data-testid="data-cell-null"
            >
              NULL
            </Button>
          ) : undefined
        }
        data-testid="data-cell-input"
      />
    </Table.Td>
  );
}

/** "Add row": a value per column; a blank box leaves the column to the server's default (and the doctrine's stamps). */
function AddRowForm({
  columns,
  onAdd,
  onClose,
}: {
  readonly columns: readonly QueryColumn[];
  readonly onAdd: (values: Cells) => void;
  readonly onClose: () => void;
}): ReactElement {
  const [values, setValues] = useState<Record<string, string>>({});
  return (
    <Modal opened onClose={onClose} title="Add row" size="lg">
      <Stack gap="xs">
        <Text size="xs" c="dimmed">
          Blank: the column's default (created_ymdhis/updated_ymdhis: now). Type NULL for NULL.
        </Text>
        {columns.map((c) => (
          <TextInput
            key={c.name}
            size="xs"
            label={c.name}
            className="lupo-mono"
            value={values[c.name] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setValues((v) => ({ ...v, [c.name]: value }));
            }}
            data-testid={`data-add-${c.name}`}
          />
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() =>
              onAdd(
                Object.fromEntries(
                  Object.entries(values)
                    .filter(([, v]) => v !== '')
                    .map(([k, v]) => [k, v === 'NULL' ? null : v]),
                ),
              )
            }
            data-testid="data-add-confirm"
          >
            Add to change set
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
