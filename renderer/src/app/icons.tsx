import type { ReactElement } from 'react';

/** Names of the small line icons the app draws (bundled SVG, no icon font or CDN). */
export type IconName =
  | 'plug'
  | 'grid'
  | 'table'
  | 'graph'
  | 'diff'
  | 'search'
  | 'sun'
  | 'moon'
  | 'database'
  | 'refresh'
  | 'folder'
  | 'key'
  | 'alert'
  | 'terminal'
  | 'servers'
  | 'rows';

const PATHS: Readonly<Record<IconName, ReactElement>> = {
  plug: <path d="M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0zM12 18v4" />,
  grid: <path d="M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z" />,
  table: <path d="M3 5h18v14H3zM3 10h18M3 15h18M9 10v9" />,
  graph: (
    <path d="M6 6m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0M18 6m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0M12 18m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0M8 6h8M7 8l4 8M17 8l-4 8" />
  ),
  diff: <path d="M6 3v12M3 6h6M15 18h6M18 9v12M6 21a3 3 0 1 0 0-6M18 3a3 3 0 1 0 0 6" />,
  search: <path d="M11 11m-7 0a7 7 0 1 0 14 0a7 7 0 1 0-14 0M20 20l-4-4" />,
  sun: (
    <path d="M12 12m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
  ),
  moon: <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />,
  database: (
    <path d="M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" />
  ),
  refresh: <path d="M20 11A8 8 0 0 0 5.3 7M4 4v4h4M4 13a8 8 0 0 0 14.7 4M20 20v-4h-4" />,
  folder: <path d="M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z" />,
  key: <path d="M8 15m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0M11 12l9-9M16 7l3 3" />,
  alert: <path d="M12 9v4M12 17h.01M10.3 3.9L2.4 18a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />,
  terminal: <path d="M3 5h18v14H3zM7 10l3 2-3 2M12 15h5" />,
  servers: <path d="M4 4h16v6H4zM4 14h16v6H4zM8 7h.01M8 17h.01" />,
  rows: <path d="M4 5h16M4 10h16M4 15h16M4 20h10M17 18l2 2 3-4" />,
};

/** A 24-unit line icon drawn with the current text colour. */
export function Icon({ name, size = 16 }: { readonly name: IconName; readonly size?: number }): ReactElement {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {PATHS[name]}
    </svg>
  );
}
