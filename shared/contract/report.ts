import { z } from 'zod';
import { defineCall } from './define';

/** Formats a report can be previewed in (text the renderer can show). */
export const reportPreviewFormats = ['md', 'json', 'html'] as const;
/** Formats a report can be saved in (PDF is printed in the main process). */
export const reportSaveFormats = ['md', 'json', 'html', 'pdf'] as const;
/** A preview format. */
export type ReportPreviewFormat = (typeof reportPreviewFormats)[number];
/** A save format. */
export type ReportSaveFormat = (typeof reportSaveFormats)[number];

/** A rendered report: its text, a suggested file name and its media type. */
export const renderedReportSchema = z.object({
  content: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
});
/** A rendered report. */
export type RenderedReport = z.output<typeof renderedReportSchema>;

/**
 * What a report may add to the analysis: the migration applied in a ledger batch (the
 * migration wizard's "Export report" after an apply; needs `connectionId`), or a migration
 * file (relative to the workspace folder) whose newest apply is looked up when connected.
 */
const migrationFields = {
  batchId: z.number().int().positive().optional(),
  migrationPath: z.string().trim().min(1).max(4096).optional(),
};

/**
 * Calls of the report domain. Both build the schema sync report from the same analysis the
 * overview shows (`workspace/analyze`): the open workspace, against the live databases when
 * a connection id is given.
 */
export const reportCalls = {
  'report/render': defineCall(
    'Render the schema sync report of the open workspace as Markdown, JSON or HTML text.',
    z
      .object({ format: z.enum(reportPreviewFormats), connectionId: z.string().optional(), ...migrationFields })
      .strict(),
    renderedReportSchema,
  ),
  'report/save': defineCall(
    'Write the schema sync report to a file (atomically); a relative path resolves against the workspace folder.',
    z
      .object({
        format: z.enum(reportSaveFormats),
        path: z.string().trim().min(1).max(4096),
        connectionId: z.string().optional(),
        ...migrationFields,
      })
      .strict(),
    z.object({ path: z.string(), bytes: z.number().int().nonnegative() }),
  ),
  'report/pdf': defineCall(
    'Print the schema sync report to PDF and return its bytes (base64) for a download: browser mode over SSH has no shared folder.',
    z.object({ connectionId: z.string().optional(), ...migrationFields }).strict(),
    z.object({ base64: z.string(), fileName: z.string(), mediaType: z.literal('application/pdf') }),
  ),
} as const;
