import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { reportCalls, ReportPreviewFormat, ReportSaveFormat } from '../../../shared/contract/report';
import type { HandlerContext } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { OpenConnection } from '../connection/session-registry';
import { readMigrationFile } from '../migrations/migration-folder';
import { readLedgerExecution } from '../reports/ledger-execution';
import { describeMigration, withMigration } from '../reports/migration-input';
import { buildReport, type ReportInput, type SyncReport } from '../reports/report-model';
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
  /** Open connections by id: needed to read the ledger for `batchId` (the app passes its registry). */
  readonly sessions?: { get(connectionId: string): OpenConnection };
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

/** Which migration a report describes: a ledger batch and/or a file of the workspace. */
interface MigrationRequest {
  readonly connectionId?: string | undefined;
  readonly batchId?: number | undefined;
  readonly migrationPath?: string | undefined;
}

/**
 * Handlers of `report/render` (text for the preview) and `report/save` (a file, PDF included).
 * Both analyze the open workspace exactly as `workspace/analyze` does — against the live
 * databases when a connection id is given — and build one report model from it. With
 * `batchId` (or `migrationPath`) the migration and execution sections are filled too.
 */
export function createReportHandlers(deps: ReportHandlerDeps): ReportHandlers {
  /** The open connection of an id, or undefined (no registry, or the connection is gone). */
  const openOf = (connectionId: string | undefined): OpenConnection | undefined => {
    if (connectionId === undefined || !deps.sessions) return undefined;
    try {
      return deps.sessions.get(connectionId);
    } catch {
      return undefined;
    }
  };
  /**
   * The migration and execution parts: with `batchId`, the batch's file row names the file
   * (its path is relative to the workspace folder, as the wizard records it); with
   * `migrationPath` alone, its newest apply is looked up when a connection is given.
   */
  const migrationParts = async (
    request: MigrationRequest,
    root: string,
    config: WorkspaceConfig,
    base: Parameters<typeof withMigration>[0],
  ): Promise<Partial<ReportInput>> => {
    if (request.batchId === undefined && request.migrationPath === undefined) {
      // From the overview (no batch named): the newest apply batch on this server, so the
      // execution section says what happened last (completed, rolled back…) instead of "not-run".
      const open = openOf(request.connectionId);
      if (!open) return {};
      const found = await readLedgerExecution(open.session.pool, {
        ledgerDatabase: open.databases.orchestration,
      }).catch(() => undefined);
      if (!found?.file) return {};
      return migrationParts({ ...request, batchId: Number(found.execution.batchId) }, root, config, base);
    }
    if (request.batchId !== undefined && request.connectionId === undefined) {
      throw new LupoError(
        'report/needs-connection',
        `Batch ${request.batchId} is in a ledger: the report needs its connection.`,
        {
          hint: 'Connect to the databases the migration was applied on, then export again.',
        },
      );
    }
    // Without the session registry (a host that did not pass `sessions`) the ledger cannot be
    // read: the report then carries the migration file only, never fails for it.
    const open = request.connectionId === undefined ? undefined : deps.sessions?.get(request.connectionId);
    const ledgerDatabase = open?.databases.orchestration ?? config.databases.orchestration;
    let ledgerFile: { path: string; sha256: string } | undefined;
    let execution: ReportInput['execution'];
    if (request.batchId !== undefined && open) {
      const found = await readLedgerExecution(open.session.pool, { ledgerDatabase, batchId: request.batchId });
      ledgerFile = found.file;
      execution = found.execution;
    }
    const relative = request.migrationPath ?? ledgerFile?.path;
    if (relative === undefined) return execution ? { execution } : {};
    let source;
    try {
      source = await readMigrationFile(path.resolve(root, relative));
    } catch (error) {
      // The ledger names a file that is gone: still report the execution, and say why the migration section is empty.
      if (request.migrationPath !== undefined || !execution) throw error;
      return { execution: { ...execution, detail: `The migration file ${relative} is not readable any more.` } };
    }
    const description = describeMigration(
      { path: path.relative(root, source.path) || source.name, content: source.content, sha256: source.sha256 },
      config,
    );
    if (execution && ledgerFile) execution = { ...execution, checksumMatches: ledgerFile.sha256 === source.sha256 };
    else if (open) {
      const targetRole = description.migration.targetRole ?? 'core';
      execution = (
        await readLedgerExecution(open.session.pool, {
          ledgerDatabase,
          targetDatabase: open.databases[targetRole],
          fileName: source.name,
          sha256: source.sha256,
        })
      ).execution;
    }
    return { ...withMigration(base, description), ...(execution ? { execution } : {}) };
  };

  const build = async (request: MigrationRequest): Promise<SyncReport> => {
    const { workspace, analysis } = await deps.workspace.analyze(request.connectionId);
    const extra = await migrationParts(request, workspace.summary.root, workspace.config, analysis);
    const session = openOf(request.connectionId)?.session;
    return buildReport({
      root: workspace.summary.root,
      ...(session
        ? { server: { endpoint: session.endpoint, version: session.serverVersion, user: session.user } }
        : {}),
      config: workspace.config,
      generatedAt: deps.now?.() ?? new Date(),
      sources: analysis.sources,
      threeWay: analysis.threeWay,
      doctrine: analysis.doctrine,
      budget: analysis.budget,
      appManaged: analysis.appManaged,
      ...extra,
    });
  };
  return {
    'report/render': async ({ format, ...request }) => {
      const report = await build(request);
      return {
        content: renderText(report, format),
        fileName: reportFileName(report, format),
        mediaType: MEDIA_TYPES[format],
      };
    },
    'report/save': async ({ format, path: requested, ...request }) => {
      const root = deps.workspace.current().summary.root;
      const target = path.resolve(root, requested);
      const report = await build(request);
      const body = format === 'pdf' ? await renderPdf(renderHtml(report), deps.pdfPrinter) : renderText(report, format);
      const bytes = await writeAtomically(target, body);
      return { path: target, bytes };
    },
    'report/pdf': async (request) => {
      const report = await build(request);
      const pdf = await renderPdf(renderHtml(report), deps.pdfPrinter);
      return { base64: pdf.toString('base64'), fileName: reportFileName(report, 'pdf'), mediaType: 'application/pdf' };
    },
  };
}
