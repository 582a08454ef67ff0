import { createStore, type StoreApi } from 'zustand/vanilla';

/** The screens of the app, in sidebar order. */
export const SCREENS = [
  'connect',
  'overview',
  'explorer',
  'relationships',
  'drift',
  'migration',
  'history',
  'rollback',
  'doctrine',
  'console',
  'data',
  'fleet',
] as const;
/** One screen's id. */
export type ScreenId = (typeof SCREENS)[number];

/**
 * The keyboard shortcut of the screen at `index` in sidebar order: Alt 1 … Alt 9, then Alt 0
 * for the tenth; later screens have none (there is no "Alt 11" key), only the palette.
 */
export function screenShortcut(index: number): { readonly hotkey: string; readonly label: string } | undefined {
  if (index < 0 || index > 9) return undefined;
  const digit = (index + 1) % 10;
  return { hotkey: `alt+${digit}`, label: `Alt ${digit}` };
}

/** Titles and one-line descriptions used by the sidebar and the command palette. */
export const SCREEN_INFO: Readonly<Record<ScreenId, { readonly title: string; readonly description: string }>> = {
  connect: { title: 'Connection', description: 'Connect to a MySQL or MariaDB server' },
  overview: { title: 'Overview', description: 'The three databases side by side, budget, drift and doctrine' },
  explorer: { title: 'Schema explorer', description: 'Search tables, columns and indexes' },
  relationships: { title: 'Relationship map', description: 'Relationships inferred from *_id columns' },
  drift: { title: 'Drift', description: 'Definitions, SQL files and live databases compared' },
  migration: { title: 'Migration', description: 'Guarded apply: plan, validate, rehearse, confirm, execute, verify' },
  history: { title: 'History', description: 'The ledger: batches, files, checks and alerts' },
  rollback: { title: 'Rollback', description: 'Guarded rollback of an applied batch' },
  doctrine: { title: 'Doctrine', description: 'Every doctrine finding: filter, group, fix or waive with a reason' },
  console: { title: 'SQL console', description: 'Run SQL with the guard, results in pages, export, EXPLAIN' },
  data: { title: 'Data', description: 'Browse and edit the rows of a table: filters, keyset pages, change sets' },
  fleet: { title: 'Fleet', description: 'Many servers: drift matrix and fleet runs' },
};

/** What the Doctrine screen opens filtered by (a link from a plan error or a table). */
export interface DoctrineFocus {
  readonly rule?: string;
  readonly table?: string;
  readonly source?: 'definitions' | 'sql' | 'live' | 'migration' | 'plan';
}

/**
 * Asked before the screen changes (the data browser with uncommitted edits): it runs `proceed`
 * now, or asks the operator first and runs it only if they agree — `stay` when they do not.
 */
export type LeaveGuard = (proceed: () => void, stay?: () => void) => void;

/** State of the navigation domain: which screen shows, what is selected, whether the palette is open. */
export interface NavigationState {
  readonly screen: ScreenId;
  /** The table the explorer and the relationship map focus on: `role.table`. */
  readonly selectedTable?: { readonly role: string; readonly name: string };
  readonly paletteOpen: boolean;
  /** The "Open workspace…" dialog shows. */
  readonly workspaceDialogOpen: boolean;
  /** The filter the Doctrine screen starts from (set by links into it). */
  readonly doctrineFocus?: DoctrineFocus;
  go(screen: ScreenId): void;
  /** Opens the Doctrine screen filtered by `focus`. */
  goDoctrine(focus?: DoctrineFocus): void;
  /** Moves to the next/previous screen (keyboard navigation). */
  step(delta: 1 | -1): void;
  selectTable(table: { role: string; name: string } | undefined): void;
  setPaletteOpen(open: boolean): void;
  setWorkspaceDialogOpen(open: boolean): void;
  /** Whoever must be asked before the screen changes (one at a time: the last set). */
  readonly leaveGuard?: LeaveGuard;
  setLeaveGuard(guard: LeaveGuard | undefined): void;
  /**
   * Runs `proceed` through the leave guard (directly when none is set), or `stay` if the
   * operator stays: screen changes, closing a data browser, another workspace, a disconnect.
   */
  confirmLeave(proceed: () => void, stay?: () => void): void;
  /** confirmLeave as a promise: true once the move may go on, false when the operator stays. */
  leaveAllowed(): Promise<boolean>;
}

/** A navigation store. */
export type NavigationStore = StoreApi<NavigationState>;

/** Creates the navigation store (pure UI state, no engine calls). */
export function createNavigationStore(initial: ScreenId = 'connect'): NavigationStore {
  return createStore<NavigationState>()((set, get) => ({
    screen: initial,
    paletteOpen: false,
    workspaceDialogOpen: false,
    go: (screen) =>
      screen === get().screen
        ? set({ paletteOpen: false })
        : get().confirmLeave(() => set({ screen, paletteOpen: false })),
    goDoctrine: (focus) =>
      get().confirmLeave(() => set({ screen: 'doctrine', paletteOpen: false, doctrineFocus: focus ?? {} })),
    step(delta) {
      const index = SCREENS.indexOf(get().screen);
      const next = SCREENS[(index + delta + SCREENS.length) % SCREENS.length] ?? 'connect';
      get().confirmLeave(() => set({ screen: next }));
    },
    setLeaveGuard: (guard) => set({ leaveGuard: guard }),
    confirmLeave(proceed, stay) {
      const guard = get().leaveGuard;
      if (guard) guard(proceed, stay);
      else proceed();
    },
    leaveAllowed: () =>
      new Promise<boolean>((resolve) =>
        get().confirmLeave(
          () => resolve(true),
          () => resolve(false),
        ),
      ),
    selectTable: (table) => set({ selectedTable: table }),
    setPaletteOpen: (open) => set({ paletteOpen: open }),
    setWorkspaceDialogOpen: (open) => set({ workspaceDialogOpen: open }),
  }));
}
