import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { PlanNode, QueryCell, QueryColumn, QueryWarning, StatementCheck } from '../../../shared/contract/query';
import { LupoError } from '../../../shared/errors';
import { toUiError, type UiError } from '../lib/ui-error';

/** One editor tab. */
export interface ConsoleTab {
  readonly id: string;
  readonly title: string;
  readonly sql: string;
}

/** The result shown under the editor: the pages fetched so far (the engine holds none of them). */
export interface ConsoleResult {
  readonly resultId: string;
  readonly sql: string;
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly QueryCell[])[];
  readonly done: boolean;
  readonly affectedRows?: number;
  readonly warnings: readonly QueryWarning[];
  readonly elapsedMs: number;
  readonly bypassesLedger: boolean;
}

/** A statement waiting for the operator's confirmation before it is sent. */
export interface PendingConfirmation {
  readonly check: StatementCheck;
  readonly rest: readonly StatementCheck[];
}

/** Where tabs are kept between runs (the engine's UI settings, localStorage as fallback; a map in tests). */
export interface TabMemory {
  load(key: string): ConsoleTab[] | undefined | Promise<ConsoleTab[] | undefined>;
  save(key: string, tabs: readonly ConsoleTab[]): void;
}

/** State and actions of the console domain. */
export interface ConsoleState {
  readonly consoleId?: string;
  readonly profileKey?: string;
  readonly readOnly: boolean;
  readonly tabs: readonly ConsoleTab[];
  readonly activeTab: string;
  readonly running: boolean;
  readonly result?: ConsoleResult;
  readonly error?: UiError & { readonly offset?: number };
  readonly pending?: PendingConfirmation;
  readonly notice?: string;
  readonly pageSize: number;
  /** The last EXPLAIN, drawn instead of the grid until the next run. */
  readonly plan?: readonly PlanNode[];
  /** Opens (or reopens) the console on a connection; tabs are those kept for the profile. */
  open(connectionId: string, profileKey: string): Promise<void>;
  setSql(sql: string): void;
  addTab(): void;
  closeTab(id: string): void;
  selectTab(id: string): void;
  /** Runs the statements of `text` that overlap [from, to] (cursor: from = to), or all. */
  run(text: string, from: number, to: number): Promise<void>;
  /** Sends the pending statement with the operator's typed confirmation. */
  confirm(typed: string): Promise<void>;
  dismiss(): void;
  fetchMore(all: boolean): Promise<void>;
  cancel(): Promise<void>;
  exportResult(format: 'csv' | 'json' | 'sql', path: string): Promise<string>;
  /**
   * Writes DDL as a migration file: the last result's statement, or — with `source` — the
   * statements of the editor at the cursor / selection, without running them. Undefined on failure (shown as the error).
   */
  saveAsMigration(
    role: 'core' | 'orchestration' | 'ephemeral',
    name: string,
    source?: { text: string; from: number; to: number },
  ): Promise<string | undefined>;
  /** EXPLAIN FORMAT=JSON (or ANALYZE on MariaDB) of the statement at the cursor. */
  explain(text: string, at: number, analyze: boolean): Promise<void>;
}

/** A console store. */
export type ConsoleStore = StoreApi<ConsoleState>;

/** The statements a run or a save takes: all of the text, the one at the cursor (from = to), or those the selection touches. */
function statementsAt(statements: readonly StatementCheck[], text: string, from: number, to: number): StatementCheck[] {
  if (from === 0 && to === text.length) return [...statements];
  if (from !== to) return statements.filter((s) => s.to >= from && s.from <= to);
  const atCursor =
    statements.find((s) => from >= s.from && from <= s.to) ??
    statements.filter((s) => s.from <= from).at(-1) ??
    statements[0];
  return atCursor ? [atCursor] : [];
}

const newTab = (n: number): ConsoleTab => ({ id: `t${Date.now()}${n}`, title: `Query ${n}`, sql: '' });

/** Tabs kept in localStorage under `lupo.console.<profile>`. */
export function storageTabMemory(storage: Storage): TabMemory {
  return {
    load: (key) => {
      try {
        const raw = storage.getItem(`lupo.console.${key}`);
        return raw ? (JSON.parse(raw) as ConsoleTab[]) : undefined;
      } catch {
        return undefined;
      }
    },
    save: (key, tabs) => {
      try {
        storage.setItem(`lupo.console.${key}`, JSON.stringify(tabs));
      } catch {
        // Quota or privacy mode: the engine's copy (engineTabMemory) still keeps them.
      }
    },
  };
}

/**
 * Tabs kept per profile by the engine in the user-data folder (`app/settings-*`
 * `consoleTabs`), because browser mode starts on a new port, a new origin with an empty
 * localStorage. `fallback` (localStorage) is written too and read when the engine has
 * nothing for the profile (tabs from before this change, or the engine unreachable).
 * Saves are debounced per profile (typing saves on every key) and sent one at a time.
 */
export function engineTabMemory(
  client: LupoClient,
  fallback: TabMemory,
  delayMs = 400,
): TabMemory & {
  /** Sends pending saves now (page hide); resolves when the engine has them. */ flush(): Promise<void>;
} {
  const waiting = new Map<string, readonly ConsoleTab[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (waiting.size === 0) return sending;
    const consoleTabs = Object.fromEntries([...waiting].map(([key, tabs]) => [key, tabs.map((t) => ({ ...t }))]));
    waiting.clear();
    sending = sending.then(() =>
      client.call('app/settings-set', { consoleTabs }).then(
        () => undefined,
        () => undefined,
      ),
    );
    return sending;
  };
  return {
    flush,
    async load(key) {
      const pending = waiting.get(key);
      if (pending) return pending.map((t) => ({ ...t }));
      await sending;
      try {
        const settings = await client.call('app/settings-get', {});
        const kept = settings.consoleTabs?.[key];
        if (kept && kept.length > 0) return kept.map((t) => ({ ...t }));
      } catch {
        // The engine's copy is a convenience: fall back to this origin's localStorage.
      }
      return fallback.load(key);
    },
    save(key, tabs) {
      fallback.save(key, tabs);
      waiting.set(key, tabs);
      if (timer === undefined) timer = setTimeout(() => void flush(), delayMs);
    },
  };
}

/**
 * The SQL console's store: tabs per profile (kept across restarts), the run loop (check →
 * confirm → run each statement), the fetched pages of the last result, cancel and export.
 * Statement splitting and classification are the engine's (`query/check`): the renderer
 * never parses SQL itself.
 */
export function createConsoleStore(client: LupoClient, memory: TabMemory): ConsoleStore {
  const first = newTab(1);
  return createStore<ConsoleState>()((set, get) => {
    const persist = (): void => {
      const { profileKey, tabs } = get();
      if (profileKey) memory.save(profileKey, tabs);
    };
    const fail = (error: unknown, base = 0): void => {
      const ui = toUiError(error);
      const at = error instanceof LupoError ? error.details?.offset : undefined;
      const offset = typeof at === 'number' ? base + at : undefined;
      set({ error: { ...ui, ...(offset === undefined ? {} : { offset }) }, running: false });
    };
    const send = async (check: StatementCheck, typed?: string): Promise<boolean> => {
      const { consoleId, pageSize } = get();
      if (!consoleId) return false;
      try {
        const page = await client.call('query/run', {
          consoleId,
          sql: check.sql,
          pageSize,
          confirm: {
            ...(typed === undefined ? {} : { typed }),
            allowMissingWhere: check.missingWhere && typed !== undefined,
          },
        });
        set({
          result: {
            resultId: page.resultId,
            sql: page.sql,
            columns: page.columns,
            rows: page.rows,
            done: page.done,
            ...(page.affectedRows === undefined ? {} : { affectedRows: page.affectedRows }),
            warnings: page.warnings,
            elapsedMs: page.elapsedMs,
            bypassesLedger: page.bypassesLedger,
          },
          notice: page.bypassesLedger
            ? 'This DDL ran outside the migration ledger: save it as a migration to keep the databases reproducible.'
            : undefined,
        });
        return true;
      } catch (error) {
        fail(error, check.from);
        return false;
      }
    };
    const runChecks = async (checks: readonly StatementCheck[]): Promise<void> => {
      for (let i = 0; i < checks.length; i++) {
        const check = checks[i]!;
        if (check.refused) {
          set({ error: { code: 'query/read-only', message: check.refused, offset: check.from }, running: false });
          return;
        }
        if (check.confirmWith !== undefined) {
          set({ pending: { check, rest: checks.slice(i + 1) }, running: false });
          return;
        }
        if (!(await send(check))) return;
      }
      set({ running: false });
    };
    return {
      readOnly: false,
      tabs: [first],
      activeTab: first.id,
      running: false,
      pageSize: 1000,
      open: async (connectionId, profileKey) => {
        const previous = get().consoleId;
        if (previous) await client.call('query/close', { consoleId: previous }).catch(() => undefined);
        const tabs = (await memory.load(profileKey)) ?? get().tabs;
        set({ profileKey, tabs, activeTab: tabs[0]?.id ?? first.id, result: undefined, error: undefined });
        try {
          const opened = await client.call('query/open', { connectionId, profile: profileKey });
          set({ consoleId: opened.consoleId, readOnly: opened.readOnly });
        } catch (error) {
          fail(error);
        }
      },
      setSql: (sql) => {
        set({ tabs: get().tabs.map((t) => (t.id === get().activeTab ? { ...t, sql } : t)) });
        persist();
      },
      addTab: () => {
        const tab = newTab(get().tabs.length + 1);
        set({ tabs: [...get().tabs, tab], activeTab: tab.id });
        persist();
      },
      closeTab: (id) => {
        const tabs = get().tabs.filter((t) => t.id !== id);
        const next = tabs.length > 0 ? tabs : [newTab(1)];
        set({ tabs: next, activeTab: get().activeTab === id ? next[0]!.id : get().activeTab });
        persist();
      },
      selectTab: (id) => set({ activeTab: id }),
      run: async (text, from, to) => {
        const { consoleId } = get();
        if (!consoleId) return;
        set({ running: true, error: undefined, pending: undefined, notice: undefined, plan: undefined });
        try {
          const { statements } = await client.call('query/check', { consoleId, sql: text });
          await runChecks(statementsAt(statements, text, from, to));
        } catch (error) {
          fail(error);
        }
      },
      confirm: async (typed) => {
        const pending = get().pending;
        if (!pending) return;
        set({ pending: undefined, running: true });
        if (await send(pending.check, typed)) await runChecks(pending.rest);
        else set({ running: false });
      },
      dismiss: () => set({ pending: undefined, error: undefined, notice: undefined }),
      fetchMore: async (all) => {
        const { consoleId, result, pageSize } = get();
        if (!consoleId || !result || result.done) return;
        set({ running: true });
        try {
          let current = result;
          do {
            const page = await client.call('query/fetch', {
              consoleId,
              resultId: result.resultId,
              count: all ? 10_000 : pageSize,
            });
            current = { ...current, rows: [...current.rows, ...page.rows], done: page.done, warnings: page.warnings };
            set({ result: current });
          } while (all && !current.done);
          set({ running: false });
        } catch (error) {
          fail(error);
        }
      },
      cancel: async () => {
        const { consoleId } = get();
        if (!consoleId) return;
        await client.call('query/cancel', { consoleId }).catch(() => undefined);
      },
      exportResult: async (format, path) => {
        const { consoleId, result } = get();
        if (!consoleId || !result) throw new Error('Run a query first.');
        const { jobId } = await client.call('query/export', { consoleId, sql: result.sql, format, path });
        return jobId;
      },
      explain: async (text, at, analyze) => {
        const { consoleId } = get();
        if (!consoleId) return;
        set({ running: true, error: undefined, plan: undefined });
        try {
          const { statements } = await client.call('query/check', { consoleId, sql: text });
          const statement =
            statements.find((s) => at >= s.from && at <= s.to) ?? statements.filter((s) => s.from <= at).at(-1);
          if (!statement) {
            set({ running: false });
            return;
          }
          const { nodes } = await client.call('query/explain', { consoleId, sql: statement.sql, analyze });
          set({ plan: nodes, running: false });
        } catch (error) {
          fail(error);
        }
      },
      saveAsMigration: async (role, name, source) => {
        const { result, consoleId } = get();
        try {
          let sql = result?.sql ?? '';
          if (source && consoleId) {
            const { statements } = await client.call('query/check', { consoleId, sql: source.text });
            sql = statementsAt(statements, source.text, source.from, source.to)
              .map((s) => s.sql)
              .join(';\n');
          }
          if (!sql.trim()) throw new Error('Type the DDL to save (CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX).');
          const saved = await client.call('query/save-migration', { sql, role, name });
          set({ error: undefined, notice: `Saved as ${saved.fileName}: apply it from the Migration screen.` });
          return saved.fileName;
        } catch (error) {
          fail(error);
          return undefined;
        }
      },
    };
  });
}
