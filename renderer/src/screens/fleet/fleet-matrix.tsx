import { Text, Tooltip } from '@mantine/core';
import { useState, type ReactElement, type UIEvent } from 'react';
import type { FleetStatus } from '../../../../shared/contract/fleet';
import { targetPhase } from './fleet-run-store';
import { visibleRange } from './virtual-range';

const ROW = 24;
const COL = 22;
const NAME_WIDTH = 180;
const HEADER = 120;
const VIEW_HEIGHT = 480;

const CELL_COLORS: Record<string, string> = {
  'in-sync': 'var(--mantine-color-green-6)',
  missing: 'var(--mantine-color-red-6)',
  different: 'var(--mantine-color-orange-6)',
  extra: 'var(--mantine-color-blue-6)',
};

/**
 * The drift matrix (targets × tables), virtualized in both directions: only the rows and
 * columns in view (plus a small overscan) are in the DOM, so a fleet of 200 targets × 200
 * tables scrolls smoothly. Target names stay on the left, table names on top.
 */
export function FleetMatrix({ status }: { readonly status: FleetStatus }): ReactElement {
  const [scroll, setScroll] = useState({ top: 0, left: 0, width: 800 });
  const rows = visibleRange(scroll.top, VIEW_HEIGHT, ROW, status.targets.length);
  const cols = visibleRange(scroll.left, scroll.width, COL, status.tables.length);
  const onScroll = (e: UIEvent<HTMLDivElement>): void => {
    const el = e.currentTarget;
    setScroll({ top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth });
  };
  const cells: ReactElement[] = [];
  for (let r = rows.start; r < rows.end; r++) {
    const target = status.targets[r]!;
    for (let c = cols.start; c < cols.end; c++) {
      const state = target.cells[c];
      cells.push(
        <div
          key={`${r}:${c}`}
          data-cell={state ?? 'unknown'}
          title={`${target.name} · ${status.tables[c]}: ${state ?? 'unreachable'}`}
          style={{
            position: 'absolute',
            top: r * ROW + 3,
            left: c * COL + 3,
            width: COL - 6,
            height: ROW - 6,
            borderRadius: 3,
            background: state ? CELL_COLORS[state] : 'var(--mantine-color-gray-4)',
            opacity: state === 'in-sync' ? 0.35 : 1,
          }}
        />,
      );
    }
  }
  return (
    <div
      data-testid="fleet-matrix"
      data-rendered-cells={cells.length}
      style={{ display: 'flex', border: '1px solid var(--mantine-color-default-border)' }}
    >
      <div style={{ width: NAME_WIDTH, flex: 'none', overflow: 'hidden', height: VIEW_HEIGHT + HEADER }}>
        <div style={{ height: HEADER }} />
        <div style={{ height: VIEW_HEIGHT, overflow: 'hidden', position: 'relative' }}>
          <div
            style={{ position: 'absolute', left: 0, right: 0, height: status.targets.length * ROW, top: -scroll.top }}
          >
            {Array.from({ length: rows.end - rows.start }, (_, i) => {
              const t = status.targets[rows.start + i]!;
              return (
                <Text
                  key={t.name}
                  size="xs"
                  truncate
                  className="lupo-mono"
                  data-target={t.name}
                  c={t.reachable ? undefined : 'red'}
                  style={{ position: 'absolute', top: (rows.start + i) * ROW + 4, left: 6, width: NAME_WIDTH - 12 }}
                >
                  {t.canary ? '★ ' : ''}
                  {t.name}
                  {t.run ? ` · ${targetPhase(t.run)}` : ''}
                </Text>
              );
            })}
          </div>
        </div>
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ height: HEADER, overflow: 'hidden', position: 'relative' }}>
          <div
            style={{
              position: 'absolute',
              left: -scroll.left,
              top: 0,
              width: status.tables.length * COL,
              height: HEADER,
            }}
          >
            {Array.from({ length: cols.end - cols.start }, (_, i) => {
              const c = cols.start + i;
              return (
                <Tooltip key={status.tables[c]} label={status.tables[c]}>
                  <div
                    className="lupo-mono"
                    style={{
                      position: 'absolute',
                      left: c * COL + COL / 2,
                      bottom: 4,
                      transform: 'rotate(-60deg)',
                      transformOrigin: 'left bottom',
                      fontSize: 10,
                      whiteSpace: 'nowrap',
                      maxWidth: HEADER * 1.1,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                    }}
                  >
                    {status.tables[c]}
                  </div>
                </Tooltip>
              );
            })}
          </div>
        </div>
        <div
          onScroll={onScroll}
          data-testid="fleet-matrix-scroll"
          style={{ height: VIEW_HEIGHT, overflow: 'auto', position: 'relative' }}
        >
          <div style={{ position: 'relative', width: status.tables.length * COL, height: status.targets.length * ROW }}>
            {cells}
          </div>
        </div>
      </div>
    </div>
  );
}
