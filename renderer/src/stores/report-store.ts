import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { RenderedReport, ReportPreviewFormat, ReportSaveFormat } from '../../../shared/contract/report';
import { toUiError, type UiError } from '../lib/ui-error';

/** Where a saved report went. */
export interface SavedReport {
  readonly path: string;
  readonly bytes: number;
  readonly format: ReportSaveFormat;
}

/** State and actions of the report export dialog. */
export interface ReportState {
  readonly opened: boolean;
  /** The chosen format; PDF previews as HTML (it is printed from it). */
  readonly format: ReportSaveFormat;
  /** The connection the report compares with (absent: files only). */
  readonly connectionId?: string;
  /** The ledger batch whose migration and execution the report describes (after an apply). */
  readonly batchId?: number;
  readonly preview?: RenderedReport;
  readonly rendering: boolean;
  readonly renderError?: UiError;
  /** Where Save writes: absolute, or relative to the workspace folder. */
  readonly path: string;
  /** The workspace folder the dialog was opened for: the path is remembered per workspace. */
  readonly root?: string;
  /** The last path used per workspace folder (a report of one workspace never lands on another's). */
  readonly pathByRoot: Readonly<Record<string, string>>;
  /** A PDF is being printed for a download. */
  readonly downloading: boolean;
  readonly saving: boolean;
  readonly saved?: SavedReport;
  readonly saveError?: UiError;
  /** Opens the dialog and renders the preview (against `connectionId` when given; with `batchId`, its migration and execution). */
  open(connectionId?: string, batchId?: number, root?: string): Promise<void>;
  close(): void;
  /** Switches format: re-renders the preview and moves the path's extension along. */
  setFormat(format: ReportSaveFormat): Promise<void>;
  setPath(path: string): void;
  /** Renders the preview again (the analysis may have changed). */
  render(): Promise<void>;
  /** Writes the report to `path` in the chosen format. */
  save(): Promise<SavedReport | undefined>;
  /** Prints the PDF in the engine and returns its bytes for a browser download (errors land in `saveError`). */
  fetchPdf(): Promise<{ readonly bytes: Uint8Array; readonly fileName: string } | undefined>;
}

/** A report store. */
export type ReportStore = StoreApi<ReportState>;

const EXTENSIONS = /\.(md|json|html|pdf)$/i;

/** The default save path, relative to the workspace folder. */
export const DEFAULT_REPORT_PATH = 'reports/sync-report.md';

/** `path` with its report extension replaced by (or, without one, extended with) the format's. */
export function withReportExtension(path: string, format: ReportSaveFormat): string {
  const trimmed = path.trim();
  if (trimmed === '') return DEFAULT_REPORT_PATH.replace(EXTENSIONS, `.${format}`);
  return EXTENSIONS.test(trimmed) ? trimmed.replace(EXTENSIONS, `.${format}`) : `${trimmed}.${format}`;
}

/** The format the preview shows for a save format (PDF is printed from the HTML report). */
export function previewFormatOf(format: ReportSaveFormat): ReportPreviewFormat {
  return format === 'pdf' ? 'html' : format;
}

/**
 * Creates the report store. The preview and the saved file come from `report/render` and
 * `report/save`, which analyze the open workspace like the overview does; a newer render
 * supersedes one still in flight.
 */
export function createReportStore(client: LupoClient): ReportStore {
  let ticket = 0;
  return createStore<ReportState>()((set, get) => {
    /** The path remembered for the open workspace. */
    const remember = (path: string): Pick<ReportState, 'pathByRoot'> | Record<string, never> => {
      const { root, pathByRoot } = get();
      return root === undefined ? {} : { pathByRoot: { ...pathByRoot, [root]: path } };
    };
    return {
      opened: false,
      format: 'md',
      rendering: false,
      path: DEFAULT_REPORT_PATH,
      pathByRoot: {},
      downloading: false,
      saving: false,
      async open(connectionId, batchId, root) {
        const { pathByRoot, format } = get();
        set({
          opened: true,
          root,
          path: withReportExtension((root === undefined ? undefined : pathByRoot[root]) ?? DEFAULT_REPORT_PATH, format),
          ...(connectionId === undefined ? { connectionId: undefined } : { connectionId }),
          batchId,
          saved: undefined,
          saveError: undefined,
        });
        await get().render();
      },
      close: () => set({ opened: false }),
      async setFormat(format) {
        const previous = previewFormatOf(get().format);
        const path = withReportExtension(get().path, format);
        set({ format, path, ...remember(path), saved: undefined, saveError: undefined });
        if (previewFormatOf(format) !== previous || !get().preview) await get().render();
      },
      setPath: (path) => set({ path, ...remember(path), saved: undefined, saveError: undefined }),
      async render() {
        const mine = ++ticket;
        const { format, connectionId, batchId } = get();
        set({ rendering: true, renderError: undefined });
        try {
          const preview = await client.call('report/render', {
            format: previewFormatOf(format),
            ...(connectionId === undefined ? {} : { connectionId }),
            ...(batchId === undefined ? {} : { batchId }),
          });
          if (mine === ticket) set({ preview, rendering: false });
        } catch (error) {
          if (mine === ticket) set({ preview: undefined, rendering: false, renderError: toUiError(error) });
        }
      },
      async save() {
        const { format, path, connectionId, batchId } = get();
        set({ saving: true, saved: undefined, saveError: undefined });
        try {
          const result = await client.call('report/save', {
            format,
            path: path.trim(),
            ...(connectionId === undefined ? {} : { connectionId }),
            ...(batchId === undefined ? {} : { batchId }),
          });
          const saved = { ...result, format };
          set({ saving: false, saved });
          return saved;
        } catch (error) {
          set({ saving: false, saveError: toUiError(error) });
          return undefined;
        }
      },
      async fetchPdf() {
        const { connectionId, batchId } = get();
        set({ downloading: true, saveError: undefined });
        try {
          const result = await client.call('report/pdf', {
            ...(connectionId === undefined ? {} : { connectionId }),
            ...(batchId === undefined ? {} : { batchId }),
          });
          const binary = atob(result.base64);
          const bytes = new Uint8Array(binary.length);
          for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
          set({ downloading: false });
          return { bytes, fileName: result.fileName };
        } catch (error) {
          set({ downloading: false, saveError: toUiError(error) });
          return undefined;
        }
      },
    };
  });
}
