import { Button, Menu } from '@mantine/core';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
} from 'react';
import { flushSync } from 'react-dom';
import type { QueryCell, QueryColumn } from '../../../../shared/contract/query';
import { ymdhisDateTime } from '../../../../shared/ymdhis';
import { COPY_FORMATS, copyRows, writeClipboard, type CopyFormat } from '../../lib/copy-rows';
import './result-grid.css';

const ROW_HEIGHT = 26;
const COLUMN_WIDTH = 160;
const GUTTER_WIDTH = 64;
/** Rows and columns drawn beyond the viewport on each side (small: every drawn cell costs). */
const OVERSCAN_ROWS = 4;
const OVERSCAN_COLUMNS = 1;
/** One style object for every cell: React skips comparing it when the reference is unchanged. */
const CELL_STYLE = { width: COLUMN_WIDTH };
const GUTTER_STYLE = { width: GUTTER_WIDTH, height: ROW_HEIGHT };

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

interface CellAt {
  readonly row: number;
  readonly col: number;
}

/** A rectangle of cells from `anchor` (where the selection started) to `focus` (the moving end). */
interface Selection {
  readonly anchor: CellAt;
  readonly focus: CellAt;
}

/** The rows and columns in view (plus overscan), as index ranges [first, end). */
interface GridWindow {
  readonly firstRow: number;
  readonly endRow: number;
  readonly firstCol: number;
  readonly endCol: number;
}

function windowFor(element: HTMLElement, rowCount: number, colCount: number): GridWindow {
  const firstRow = Math.max(0, Math.floor(element.scrollTop / ROW_HEIGHT) - OVERSCAN_ROWS);
  const endRow = Math.min(rowCount, Math.ceil((element.scrollTop + element.clientHeight) / ROW_HEIGHT) + OVERSCAN_ROWS);
  const left = Math.max(0, element.scrollLeft - GUTTER_WIDTH);
  const firstCol = Math.max(0, Math.floor(left / COLUMN_WIDTH) - OVERSCAN_COLUMNS);
  const endCol = Math.min(colCount, Math.ceil((left + element.clientWidth) / COLUMN_WIDTH) + OVERSCAN_COLUMNS);
  return { firstRow, endRow, firstCol, endCol };
}

const sameWindow = (a: GridWindow, b: GridWindow): boolean =>
  a.firstRow === b.firstRow && a.endRow === b.endRow && a.firstCol === b.firstCol && a.endCol === b.endCol;

const range = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) out.push(i);
  return out;
};

interface RowProps {
  readonly index: number;
  readonly row: readonly QueryCell[];
  readonly ymdhis: readonly boolean[];
  readonly firstCol: number;
  readonly endCol: number;
  readonly width: number;
  /** Selected columns of this row as [first, last], or undefined. */
  readonly selFrom: number | undefined;
  readonly selTo: number | undefined;
  /** The focused column when the focus is on this row, else -1. */
  readonly focusCol: number;
}

/**
 * One drawn row. Memoized on plain props, so a scroll by a few rows re-renders only the rows
 * that came into view; cells are keyed by their slot (index modulo the drawn count), so the
 * DOM nodes are reused and only their text changes.
 */
const GridRow = memo(function GridRow({
  index,
  row,
  ymdhis,
  firstCol,
  endCol,
  width,
  selFrom,
  selTo,
  focusCol,
}: RowProps): ReactElement {
  const slots = endCol - firstCol;
  const cells: ReactElement[] = [];
  for (let c = firstCol; c < endCol; c++) {
    const cell = row[c] ?? null;
    const text = cell === null ? 'NULL' : String(cell);
    const shown = (ymdhis[c] && cell !== null && ymdhisDateTime(text)) || text;
    let className = 'lupo-grid-cell';
    if (cell === null) className += ' lupo-grid-null';
    if (selFrom !== undefined && c >= selFrom && c <= selTo!) className += ' lupo-grid-selected';
    if (c === focusCol) className += ' lupo-grid-focus';
    cells.push(
      <div
        key={c % slots}
        role="gridcell"
        data-col={c}
        className={className}
        style={CELL_STYLE}
        // A plain title (not a tooltip component per cell): hundreds of cells render per frame.
        title={shown !== text ? text : undefined}
      >
        {shown}
      </div>,
    );
  }
  return (
    <div role="row" data-row={index} className="lupo-grid-row" style={{ height: ROW_HEIGHT, width }}>
      {cells}
    </div>
  );
});

interface GridBarProps {
  readonly testId: string;
  readonly summary: string;
  readonly canCopy: boolean;
  readonly copied: string;
  readonly onCopy: (format: CopyFormat) => Promise<void>;
}

/** The selection summary and the "Copy as" menu; memoized so scrolling never re-renders the menu. */
const GridBar = memo(function GridBar({ testId, summary, canCopy, copied, onCopy }: GridBarProps): ReactElement {
  return (
    <div className="lupo-grid-bar" data-testid={`${testId}-bar`}>
      <span data-testid={`${testId}-selection`}>{summary}</span>
      {/* No focus return to the button: after a copy the grid takes the keyboard back (Escape still returns it). */}
      <Menu position="bottom-start" withinPortal returnFocus={false}>
        <Menu.Target>
          <Button size="compact-xs" variant="light" disabled={!canCopy} data-testid={`${testId}-copy`}>
            Copy as…
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {COPY_FORMATS.map((f) => (
            <Menu.Item key={f.format} onClick={() => void onCopy(f.format)} data-testid={`${testId}-copy-${f.format}`}>
              {f.label}
              {f.format === 'tsv' ? ' (Ctrl-C)' : ''}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <span data-testid={`${testId}-copied`}>{copied}</span>
    </div>
  );
});

/**
 * The result grid, virtualized in rows and columns with arithmetic (fixed row height and
 * column width): only the visible cells exist, drawn in one block moved by a transform, so
 * 100,000 rows × 50 columns scroll at frame rate. The header and the row numbers stick.
 * Select with click, shift-click, the row numbers, Ctrl/Cmd-A and the arrow keys (Shift
 * extends); Ctrl/Cmd-C copies the selection as TSV, the "Copy as" menu as Markdown, JSON
 * or SQL INSERT (renderer/src/lib/copy-rows). A `*_ymdhis` cell shows its UTC date-time
 * with the raw value on hover.
 */
export function ResultGrid({ columns, rows, testId = 'result-grid' }: ResultGridProps): ReactElement {
  const scroller = useRef<HTMLDivElement>(null);
  const [measured, setView] = useState<GridWindow>({ firstRow: 0, endRow: 0, firstCol: 0, endCol: 0 });
  // A selection belongs to the result it was made in: a new result starts unselected.
  const [picked, setPicked] = useState<{ of: readonly QueryColumn[]; selection: Selection }>();
  const selection = picked?.of === columns ? picked.selection : undefined;
  const setSelection = (next: Selection): void => setPicked({ of: columns, selection: next });
  const [copied, setCopied] = useState('');
  const ymdhis = useMemo(() => columns.map((c) => c.name.endsWith('_ymdhis')), [columns]);
  const width = columns.length * COLUMN_WIDTH;

  const measure = useCallback((): void => {
    const element = scroller.current;
    if (!element) return;
    const next = windowFor(element, rows.length, columns.length);
    setView((current) => (sameWindow(current, next) ? current : next));
  }, [rows.length, columns.length]);

  // Re-measure when rows arrive, columns change or the grid is resized.
  useLayoutEffect(measure, [measure]);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);

  const onScroll = (): void => {
    const element = scroller.current;
    if (!element) return;
    const next = windowFor(element, rows.length, columns.length);
    // Drawn in the same frame as the scroll (no blank strip); skipped while the window is unchanged.
    if (!sameWindow(measured, next)) flushSync(() => setView(next));
  };

  const rect = selection && {
    top: Math.min(selection.anchor.row, selection.focus.row),
    bottom: Math.max(selection.anchor.row, selection.focus.row),
    left: Math.min(selection.anchor.col, selection.focus.col),
    right: Math.max(selection.anchor.col, selection.focus.col),
  };

  const copy = useCallback(
    async (format: CopyFormat): Promise<void> => {
      // From the menu too, the grid keeps the keyboard: Ctrl-A / Ctrl-C / arrows work without a click.
      scroller.current?.focus({ preventScroll: true });
      if (!selection) return;
      const text = copyRows(format, columns, rows, {
        rows: range(selection.anchor.row, selection.focus.row),
        columns: range(selection.anchor.col, selection.focus.col),
      });
      try {
        await writeClipboard(text);
        const count = Math.abs(selection.anchor.row - selection.focus.row) + 1;
        setCopied(`Copied ${count.toLocaleString('en-US')} row(s) as ${format.toUpperCase()}`);
      } catch (error) {
        setCopied(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    [selection, columns, rows],
  );

  /** Keeps a cell in view after keyboard moves. */
  const reveal = (at: CellAt): void => {
    const element = scroller.current;
    if (!element) return;
    const top = at.row * ROW_HEIGHT;
    const bodyHeight = element.clientHeight - ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + bodyHeight) element.scrollTop = top + ROW_HEIGHT - bodyHeight;
    const left = at.col * COLUMN_WIDTH;
    const bodyWidth = element.clientWidth - GUTTER_WIDTH;
    if (left < element.scrollLeft) element.scrollLeft = left;
    else if (left + COLUMN_WIDTH > element.scrollLeft + bodyWidth) element.scrollLeft = left + COLUMN_WIDTH - bodyWidth;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const mod = event.ctrlKey || event.metaKey;
    const lastRow = rows.length - 1;
    const lastCol = columns.length - 1;
    if (lastRow < 0 || lastCol < 0) return;
    if (mod && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      setSelection({ anchor: { row: 0, col: 0 }, focus: { row: lastRow, col: lastCol } });
      return;
    }
    if (mod && event.key.toLowerCase() === 'c') {
      event.preventDefault();
      void copy('tsv');
      return;
    }
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      PageUp: [-page, 0],
      PageDown: [page, 0],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const from = selection?.focus ?? { row: 0, col: 0 };
    const focus = {
      row: Math.min(lastRow, Math.max(0, from.row + (selection ? move[0] : 0))),
      col: Math.min(lastCol, Math.max(0, from.col + (selection ? move[1] : 0))),
    };
    setSelection(event.shiftKey && selection ? { anchor: selection.anchor, focus } : { anchor: focus, focus });
    reveal(focus);
  };

  const onCellDown = (event: MouseEvent<HTMLDivElement>): void => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-col]');
    const rowElement = target?.closest<HTMLElement>('[data-row]');
    if (!target || !rowElement) return;
    const at = { row: Number(rowElement.dataset.row), col: Number(target.dataset.col) };
    setSelection(event.shiftKey && selection ? { anchor: selection.anchor, focus: at } : { anchor: at, focus: at });
  };

  const onGutterDown = (event: MouseEvent<HTMLDivElement>): void => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-gutter]');
    if (!target || columns.length === 0) return;
    const row = Number(target.dataset.gutter);
    const lastCol = columns.length - 1;
    setSelection(
      event.shiftKey && selection
        ? { anchor: { row: selection.anchor.row, col: 0 }, focus: { row, col: lastCol } }
        : { anchor: { row, col: 0 }, focus: { row, col: lastCol } },
    );
  };

  // The window measured for the previous result may reach past this one's end until the layout effect re-measures.
  const view = {
    firstRow: Math.min(measured.firstRow, rows.length),
    endRow: Math.min(measured.endRow, rows.length),
    firstCol: Math.min(measured.firstCol, columns.length),
    endCol: Math.min(measured.endCol, columns.length),
  };
  const drawn: ReactElement[] = [];
  const gutter: ReactElement[] = [];
  const rowSlots = Math.max(1, view.endRow - view.firstRow);
  for (let r = view.firstRow; r < view.endRow; r++) {
    const inSelection = rect !== undefined && r >= rect.top && r <= rect.bottom;
    drawn.push(
      <GridRow
        key={r % rowSlots}
        index={r}
        row={rows[r]!}
        ymdhis={ymdhis}
        firstCol={view.firstCol}
        endCol={view.endCol}
        width={(view.endCol - view.firstCol) * COLUMN_WIDTH}
        selFrom={inSelection ? rect.left : undefined}
        selTo={inSelection ? rect.right : undefined}
        focusCol={selection && selection.focus.row === r ? selection.focus.col : -1}
      />,
    );
    gutter.push(
      <div
        key={r % rowSlots}
        data-gutter={r}
        className={`lupo-grid-cell${inSelection && rect.left === 0 && rect.right === columns.length - 1 ? ' lupo-grid-selected' : ''}`}
        style={GUTTER_STYLE}
      >
        {r + 1}
      </div>,
    );
  }
  const headers: ReactElement[] = [];
  const colSlots = Math.max(1, view.endCol - view.firstCol);
  for (let c = view.firstCol; c < view.endCol; c++) {
    const column = columns[c]!;
    headers.push(
      <div
        key={c % colSlots}
        role="columnheader"
        className="lupo-grid-cell"
        title={`${column.name} ${column.type}`}
        style={CELL_STYLE}
      >
        {column.name}
      </div>,
    );
  }
  const rowsSelected = rect ? rect.bottom - rect.top + 1 : 0;
  const colsSelected = rect ? rect.right - rect.left + 1 : 0;
  return (
    <div className="lupo-grid">
      <GridBar
        testId={testId}
        summary={
          rect
            ? `${rowsSelected.toLocaleString('en-US')} row(s) × ${colsSelected} column(s) selected`
            : 'Click a cell or a row number to select; Ctrl-A selects all'
        }
        canCopy={rect !== undefined}
        copied={copied}
        onCopy={copy}
      />
      <div
        ref={scroller}
        className="lupo-grid-scroll"
        data-testid={testId}
        role="grid"
        aria-rowcount={rows.length}
        aria-multiselectable
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="lupo-grid-head" style={{ height: ROW_HEIGHT, width: GUTTER_WIDTH + width }}>
          <div
            className="lupo-grid-cell lupo-grid-corner"
            style={GUTTER_STYLE}
            title="Select all (Ctrl-A)"
            onMouseDown={() =>
              rows.length > 0 &&
              setSelection({
                anchor: { row: 0, col: 0 },
                focus: { row: rows.length - 1, col: columns.length - 1 },
              })
            }
          />
          <div
            className="lupo-grid-window lupo-grid-row"
            style={{
              transform: `translateX(${GUTTER_WIDTH + view.firstCol * COLUMN_WIDTH}px)`,
              height: ROW_HEIGHT,
              width: colSlots * COLUMN_WIDTH,
            }}
          >
            {headers}
          </div>
        </div>
        <div style={{ position: 'relative', height: rows.length * ROW_HEIGHT, width: GUTTER_WIDTH + width }}>
          <div
            className="lupo-grid-gutter"
            style={{ width: GUTTER_WIDTH, height: rows.length * ROW_HEIGHT }}
            onMouseDown={onGutterDown}
          >
            <div className="lupo-grid-window" style={{ transform: `translateY(${view.firstRow * ROW_HEIGHT}px)` }}>
              {gutter}
            </div>
          </div>
          <div
            className="lupo-grid-window"
            style={{
              transform: `translate(${GUTTER_WIDTH + view.firstCol * COLUMN_WIDTH}px, ${view.firstRow * ROW_HEIGHT}px)`,
            }}
            onMouseDown={onCellDown}
          >
            {drawn}
          </div>
        </div>
      </div>
    </div>
  );
}
