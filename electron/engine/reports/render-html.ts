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

/**
 * Pass/fail/paused marks drawn as inline SVG: a PDF printed on a machine without an emoji
 * font would show ✅/❌/⏸ as empty boxes ("tofu"), and the report must read the same everywhere.
 */
const MARKS: Readonly<Record<string, string>> = {
  '✅': '<svg class="mark ok" viewBox="0 0 16 16" role="img" aria-label="pass"><circle cx="8" cy="8" r="8"/><path d="M4.5 8.3l2.3 2.3 4.7-4.9"/></svg>',
  '❌': '<svg class="mark fail" viewBox="0 0 16 16" role="img" aria-label="fail"><circle cx="8" cy="8" r="8"/><path d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6"/></svg>',
  '⏸': '<svg class="mark off" viewBox="0 0 16 16" role="img" aria-label="disabled"><circle cx="8" cy="8" r="8"/><path d="M6.3 4.8v6.4M9.7 4.8v6.4"/></svg>',
};

/** Escapes, then turns `code` spans and **bold** into elements (the only inline markup the document uses) and marks into SVG. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]*)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\u2705|\u274C|\u23F8\uFE0F?/gu, (mark) => MARKS[mark.replace('\uFE0F', '')] ?? mark);
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
        item.widths
          ? `<table class="fixed"><colgroup>${item.widths.map((width) => `<col style="width:${width}%">`).join('')}</colgroup>`
          : '<table>',
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
  th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
  table.fixed { table-layout: fixed; }
  th { background: #f3f5f7; }
  code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; background: #f3f5f7; padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; white-space: pre-wrap; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
  p, li { overflow-wrap: break-word; }
  svg.mark { width: 1em; height: 1em; vertical-align: -.15em; margin-right: .2em; }
  svg.mark path { fill: none; stroke: #fff; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
  svg.mark.ok circle { fill: #1a7f37; }
  svg.mark.fail circle { fill: #cf222e; }
  svg.mark.off circle { fill: #8c959f; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; color: #57606a; }
  dl.meta dt { font-weight: 600; }
  dl.meta dd { margin: 0; }
  @media print {
    body { margin: 0; max-width: none; }
    h2 { break-after: avoid; }
    h3 { break-after: avoid; }
    h3 + p { break-after: avoid; }
    body { font-size: 10.5pt; }
    table { font-size: 9.5pt; }
    thead { display: table-header-group; }
    tr, li { break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
  @page { size: A4; margin: 16mm 14mm; }
`;

/**
 * The self-contained HTML report: inline CSS (with @media print rules), no scripts and no
 * external resources; every piece of text is escaped.
 */
export function renderHtml(report: SyncReport): string {
  const meta = [
    ...(['description', 'version', 'date', 'status'] as const).map(
      (key) => `  <dt>${key}</dt><dd>${escapeHtml(report[key])}</dd>`,
    ),
    ...(report.server
      ? [`  <dt>server</dt><dd>${escapeHtml(`${report.server.endpoint} (${report.server.version})`)}</dd>`]
      : []),
  ].join('\n');
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
