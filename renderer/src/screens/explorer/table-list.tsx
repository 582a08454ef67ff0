import { Badge, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import type { TableRow } from '../../lib/table-index';

const ROW_HEIGHT = 34;

/** The DOM id of the row at `index` (what `aria-activedescendant` points at). */
const optionId = (index: number): string => `explorer-table-${index}`;

/** Props of the virtualized table list. */
export interface TableListProps {
  readonly rows: readonly TableRow[];
  readonly selectedKey?: string;
  readonly onSelect: (row: TableRow) => void;
  /** False while no live schema is loaded: nothing was compared, so nothing is "missing". */
  readonly compared?: boolean;
}

/**
 * The explorer's list: only the visible rows are in the DOM, so 5,000 tables scroll as
 * smoothly as 50. A listbox with `aria-activedescendant` (the rows come and go as they
 * scroll, so focus stays on the list): Up/Down/Home/End/PageUp/PageDown move the selection,
 * which opens the table beside the list; Enter opens the first table when none is open.
 */
export function TableList({ rows, selectedKey, onSelect, compared = true }: TableListProps): ReactElement {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const selectedIndex = rows.findIndex((row) => row.key === selectedKey);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 15, PageUp: -15 };
    let next: number | undefined;
    if (event.key in moves)
      next = Math.min(rows.length - 1, Math.max(0, (selectedIndex < 0 ? -1 : selectedIndex) + (moves[event.key] ?? 0)));
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = rows.length - 1;
    if (event.key === 'Enter' && selectedIndex < 0) next = 0;
    const row = next === undefined ? undefined : rows[next];
    if (row) {
      event.preventDefault();
      onSelect(row);
    }
  };

  return (
    <div
      ref={parentRef}
      tabIndex={0}
      role="listbox"
      className="lupo-listbox"
      aria-label="Tables"
      {...(selectedIndex >= 0 ? { 'aria-activedescendant': optionId(selectedIndex) } : {})}
      onKeyDown={onKeyDown}
      data-testid="table-list"
      data-row-count={rows.length}
      data-compared={compared ? 'yes' : 'no'}
      style={{ flex: 1, minHeight: 0, overflow: 'auto', outline: 'none' }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={row.key}
              id={optionId(item.index)}
              role="option"
              aria-selected={row.key === selectedKey}
              className="lupo-row"
              data-selected={row.key === selectedKey}
              data-testid="table-row"
              data-table={row.name}
              onClick={() => onSelect(row)}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start}px)`,
              }}
            >
              <Text size="sm" className="lupo-mono" truncate style={{ flex: 1 }}>
                {row.name}
              </Text>
              <Text size="xs" c="dimmed" w={44} ta="right">
                {row.columnCount} col
              </Text>
              {compared && <PresenceBadge row={row} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function PresenceBadge({ row }: { readonly row: TableRow }): ReactElement | null {
  if (row.presence === 'definition-only')
    return (
      <Badge size="xs" color="red" variant="light" w={64}>
        missing
      </Badge>
    );
  if (row.presence === 'live-only')
    return (
      <Badge size="xs" color="orange" variant="light" w={64}>
        extra
      </Badge>
    );
  if (row.differs)
    return (
      <Badge size="xs" color="yellow" variant="light" w={64}>
        differs
      </Badge>
    );
  return <span style={{ width: 64 }} />;
}
