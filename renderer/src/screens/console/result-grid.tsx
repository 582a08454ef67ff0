import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactElement } from 'react';
import type { QueryCell, QueryColumn } from '../../../../shared/contract/query';
import { ymdhisDateTime } from '../../../../shared/ymdhis';

const ROW_HEIGHT = 26;
const COLUMN_WIDTH = 160;

/** `*_ymdhis` BIGINTs as UTC date-times (the doctrine's timestamps); anything else as is. */
export function displayCell(column: QueryColumn, cell: QueryCell): string {
  if (cell === null) return 'NULL';
  const text = String(cell);
  return (column.name.endsWith('_ymdhis') && ymdhisDateTime(text)) || text;
}

/** Props of the result grid. */
export interface ResultGridProps {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly QueryCell[])[];
  readonly testId?: string;
}

/**
 * The result grid, virtualized in rows and columns: only the visible cells are in the DOM,
 * so 100,000 rows × 50 columns scroll as smoothly as 10. The header row sticks; a
 * `*_ymdhis` cell shows its UTC date-time with the raw value on hover.
 */
export function ResultGrid({ columns, rows, testId = 'result-grid' }: ResultGridProps): ReactElement {
  const parent = useRef<HTMLDivElement>(null);
  const rowVirtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => parent.current,
    estimateSize: () => COLUMN_WIDTH,
    overscan: 3,
  });
  const width = columnVirtualizer.getTotalSize();
  const cellStyle = {
    position: 'absolute' as const,
    height: ROW_HEIGHT,
    padding: '3px 8px',
    overflow: 'hidden',
    whiteSpace: 'nowrap' as const,
    textOverflow: 'ellipsis',
    fontFamily: 'var(--mantine-font-family-monospace)',
    fontSize: 12,
    borderRight: '1px solid var(--mantine-color-default-border)',
    borderBottom: '1px solid var(--mantine-color-default-border)',
  };
  return (
    <div
      ref={parent}
      style={{ height: '100%', overflow: 'auto', position: 'relative' }}
      data-testid={testId}
      role="grid"
      aria-rowcount={rows.length}
    >
      <div
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 1,
          height: ROW_HEIGHT,
          width,
          background: 'var(--mantine-color-body)',
        }}
      >
        {columnVirtualizer.getVirtualItems().map((c) => {
          const column = columns[c.index]!;
          return (
            <div
              key={c.key}
              role="columnheader"
              title={`${column.name} ${column.type}`}
              style={{ ...cellStyle, left: c.start, width: c.size, fontWeight: 600 }}
            >
              {column.name}
            </div>
          );
        })}
      </div>
      <div style={{ height: rowVirtualizer.getTotalSize(), width, position: 'relative' }}>
        {rowVirtualizer.getVirtualItems().map((r) => {
          const row = rows[r.index]!;
          return (
            <div
              key={r.key}
              role="row"
              data-row={r.index}
              style={{ position: 'absolute', top: r.start, left: 0, height: ROW_HEIGHT, width }}
            >
              {columnVirtualizer.getVirtualItems().map((c) => {
                const column = columns[c.index]!;
                const cell = row[c.index] ?? null;
                const shown = displayCell(column, cell);
                // A plain title (not a tooltip component per cell): thousands of cells render per frame.
                return (
                  <div
                    key={c.key}
                    role="gridcell"
                    title={shown !== String(cell) && cell !== null ? String(cell) : undefined}
                    style={{
                      ...cellStyle,
                      left: c.start,
                      width: c.size,
                      ...(cell === null ? { color: 'var(--mantine-color-dimmed)' } : {}),
                    }}
                  >
                    {shown}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
