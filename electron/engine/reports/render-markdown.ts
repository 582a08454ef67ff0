import { reportDocument, type Block } from './report-document';
import type { SyncReport } from './report-model';

/** Neutralises raw HTML outside code spans (table comments are operator text, not markup). */
function text(value: string): string {
  return value
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`') ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    )
    .join('');
}

function cell(value: string): string {
  return text(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function block(item: Block): string {
  switch (item.kind) {
    case 'heading':
      return `${'#'.repeat(item.level)} ${text(item.text)}`;
    case 'paragraph':
      return text(item.text);
    case 'list':
      return item.items.map((entry) => `- ${text(entry).replace(/\r?\n/g, ' ')}`).join('\n');
    case 'table':
      return [
        `| ${item.head.map(cell).join(' | ')} |`,
        `| ${item.head.map(() => '---').join(' | ')} |`,
        ...item.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
  }
}

/**
 * The Markdown report: a YAML front-matter block (title, description, version, date,
 * status — values JSON-quoted, which is valid YAML) followed by the report sections.
 */
export function renderMarkdown(report: SyncReport): string {
  const front = [
    '---',
    ...(['title', 'description', 'version', 'date', 'status'] as const).map(
      (key) => `${key}: ${JSON.stringify(report[key])}`,
    ),
    '---',
  ];
  return `${front.join('\n')}\n\n${reportDocument(report).map(block).join('\n\n')}\n`;
}
