import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { reportCalls, ReportPreviewFormat, ReportSaveFormat } from '../../../shared/contract/report';
import type { HandlerContext } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import { buildReport, type SyncReport } from '../reports/report-model';
import { renderHtml } from '../reports/render-html';
import { renderJson } from '../reports/render-json';
import { renderMarkdown } from '../reports/render-markdown';
import { renderPdf, type PdfPrinter } from '../reports/render-pdf';
import type { WorkspaceSession } from './workspace-handlers';

/** What the report handlers need: the open workspace (shared with `workspace/*`) and, optionally, a PDF printer. */
export interface ReportHandlerDeps {
  /** The same holder `createWorkspaceHandlers` uses, so reports describe what the overview shows. */
  readonly workspace: WorkspaceSession;
  /** Prints HTML to PDF; Electron may inject one built on printToPDF. Default: the system Chromium. */
  readonly pdfPrinter?: PdfPrinter;
  /** The report date (tests pin it); default: now. */
  readonly now?: () => Date;
}

/** The calls these handlers answer. */
export type ReportCallName = keyof typeof reportCalls;

type ReportHandler<N extends ReportCallName> = (
  request: z.output<(typeof reportCalls)[N]['request']>,
  context: HandlerContext,
) => Promise<z.output<(typeof reportCalls)[N]['response']>>;

/** Handlers of the report domain (structurally `HandlersFor<ReportCallName>` once wired into the contract). */
export type ReportHandlers = { readonly [K in ReportCallName]: ReportHandler<K> };

const MEDIA_TYPES: Readonly<Record<ReportSaveFormat, string>> = {
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** A file name for the report: `sync-report-<system version>-<yyyymmdd>.<ext>`, safe on every file system. */
export function reportFileName(report: SyncReport, format: ReportSaveFormat): string {
  const version = report.version === 'unknown' ? '' : `-${report.version}`;
  const day = report.date.slice(0, 10).replace(/-/g, '');
  return `sync-report${version}-${day}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

function renderText(report: SyncReport, format: ReportPreviewFormat): string {
  return format === 'md' ? renderMarkdown(report) : format === 'json' ? renderJson(report) : renderHtml(report);
}

/** Writes `body` to `target` atomically: a temp file beside it, then a rename (no half-written report). */
async function writeAtomically(target: string, body: string | Buffer): Promise<number> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temp, body);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new LupoError('report/unwritable', `Cannot write the report to ${target}: ${(error as Error).message}`, {
      hint: 'Choose a folder you can write to (an absolute path, or one relative to the workspace folder).',
      details: { file: target },
    });
  }
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

/**
 * Handlers of `report/render` (text for the preview) and `report/save` (a file, PDF included).
 * Both analyze the open workspace exactly as `workspace/analyze` does — against the live
 * databases when a connection id is given — and build one report model from it.
 */
export function createReportHandlers(deps: ReportHandlerDeps): ReportHandlers {
  const build = async (connectionId: string | undefined): Promise<SyncReport> => {
    const { workspace, analysis } = await deps.workspace.analyze(connectionId);
    return buildReport({
      config: workspace.config,
      generatedAt: deps.now?.() ?? new Date(),
      sources: analysis.sources,
      threeWay: analysis.threeWay,
      doctrine: analysis.doctrine,
      budget: analysis.budget,
    });
  };
  return {
    'report/render': async ({ format, connectionId }) => {
      const report = await build(connectionId);
      return {
        content: renderText(report, format),
        fileName: reportFileName(report, format),
        mediaType: MEDIA_TYPES[format],
      };
    },
    'report/save': async ({ format, path: requested, connectionId }) => {
      const root = deps.workspace.current().summary.root;
      const target = path.resolve(root, requested);
      const report = await build(connectionId);
      const body = format === 'pdf' ? await renderPdf(renderHtml(report), deps.pdfPrinter) : renderText(report, format);
      const bytes = await writeAtomically(target, body);
      return { path: target, bytes };
    },
  };
}
