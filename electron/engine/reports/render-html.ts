import { reportDocument, type Block } from './report-document';
import type { SyncReport } from './report-model';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes, then turns `code` spans and **bold** into elements (the only inline markup the document uses). */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]*)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function block(item: Block): string {
  switch (item.kind) {
    case 'heading':
      return `<h${item.level}>${inline(item.text)}</h${item.level}>`;
    case 'paragraph':
      return `<p>${inline(item.text)}</p>`;
    case 'list':
      return `<ul>\n${item.items.map((entry) => `  <li>${inline(entry)}</li>`).join('\n')}\n</ul>`;
    case 'table':
      return [
        '<table>',
        `  <thead><tr>${item.head.map((head) => `<th>${inline(head)}</th>`).join('')}</tr></thead>`,
        '  <tbody>',
        ...item.rows.map((row) => `    <tr>${row.map((value) => `<td>${inline(value)}</td>`).join('')}</tr>`),
        '  </tbody>',
        '</table>',
      ].join('\n');
  }
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232b; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  h1 { font-size: 1.8rem; margin-bottom: .25rem; }
  h2 { font-size: 1.3rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
  h3 { font-size: 1.05rem; margin-top: 1.2rem; }
  table { border-collapse: collapse; margin: .6rem 0; width: 100%; }
  th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f3f5f7; }
  code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; background: #f3f5f7; padding: 0 .2em; border-radius: 3px; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; color: #57606a; }
  dl.meta dt { font-weight: 600; }
  dl.meta dd { margin: 0; }
  @media print {
    body { margin: 0; max-width: none; font-size: 11pt; }
    h2 { break-after: avoid; }
    h3 { break-after: avoid; }
    table, ul { break-inside: avoid; }
    tr { break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
  @page { size: A4; margin: 16mm 14mm; }
`;

/**
 * The self-contained HTML report: inline CSS (with @media print rules), no scripts and no
 * external resources; every piece of text is escaped.
 */
export function renderHtml(report: SyncReport): string {
  const meta = (['description', 'version', 'date', 'status'] as const)
    .map((key) => `  <dt>${key}</dt><dd>${escapeHtml(report[key])}</dd>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Lupo Admin (report v${report.reportVersion})">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<dl class="meta">
${meta}
</dl>
${reportDocument(report).map(block).join('\n')}
</body>
</html>
`;
}
