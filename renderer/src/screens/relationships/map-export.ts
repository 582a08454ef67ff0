/**
 * Export of the relationship map as it is drawn (clusters collapsed or expanded as on
 * screen): a standalone SVG built from the laid-out boxes (real text, so table names can
 * be searched and copied), and a PNG rendered from that SVG. Both are downloaded as files,
 * which works the same in the desktop window and in browser mode.
 */

/** A box of the drawn map, in canvas coordinates. */
export interface ExportBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  /** Smaller lines under the title (key columns, a table count). */
  readonly lines: readonly string[];
  readonly kind: 'table' | 'cluster' | 'group';
}

/** An edge of the drawn map between two boxes. */
export interface ExportEdge {
  readonly source: string;
  readonly target: string;
  readonly label: string;
  readonly dashed: boolean;
}

const MARGIN = 24;
/** Browsers refuse canvases much larger than this many pixels. */
const MAX_PNG_PIXELS = 60_000_000;

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** The map as a standalone SVG document (light colours, monospace names). */
export function mapToSvg(boxes: readonly ExportBox[], edges: readonly ExportEdge[]): string {
  const byId = new Map(boxes.map((box) => [box.id, box]));
  const minX = Math.min(...boxes.map((b) => b.x), 0);
  const minY = Math.min(...boxes.map((b) => b.y), 0);
  const maxX = Math.max(...boxes.map((b) => b.x + b.width), 0);
  const maxY = Math.max(...boxes.map((b) => b.y + b.height), 0);
  const width = Math.ceil(maxX - minX + 2 * MARGIN);
  const height = Math.ceil(maxY - minY + 2 * MARGIN);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX - MARGIN} ${minY - MARGIN} ${width} ${height}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace">`,
    '<title>Lupo Admin relationship map</title>',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#868e96"/></marker></defs>',
    `<rect x="${minX - MARGIN}" y="${minY - MARGIN}" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  // Cluster frames first, so tables and edges draw over them.
  for (const box of boxes.filter((b) => b.kind === 'group')) {
    out.push(
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8" fill="#f8f9fa" stroke="#adb5bd" stroke-dasharray="4 3"/>`,
      `<text x="${box.x + 12}" y="${box.y + 22}" font-size="13" font-weight="700" fill="#212529">${escapeXml(box.title)}<tspan font-size="11" font-weight="400" fill="#868e96">  ${escapeXml(box.lines.join(' '))}</tspan></text>`,
    );
  }
  for (const edge of edges) {
    const from = byId.get(edge.source);
    const to = byId.get(edge.target);
    if (!from || !to) continue;
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    out.push(
      `<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" fill="none" stroke="#868e96" stroke-width="1"${edge.dashed ? ' stroke-dasharray="5 3"' : ''} marker-end="url(#arrow)"/>`,
      `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 3}" font-size="9" text-anchor="middle" fill="#495057" paint-order="stroke" stroke="#ffffff" stroke-width="3">${escapeXml(edge.label)}</text>`,
    );
  }
  for (const box of boxes.filter((b) => b.kind !== 'group')) {
    out.push(
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6" fill="#ffffff" stroke="${box.kind === 'cluster' ? '#495057' : '#ced4da'}"/>`,
      `<text x="${box.x + 8}" y="${box.y + 20}" font-size="12" font-weight="700" fill="#212529">${escapeXml(box.title)}</text>`,
      ...box.lines
        .slice(0, 6)
        .map(
          (line, i) =>
            `<text x="${box.x + 8}" y="${box.y + 40 + i * 18}" font-size="11" fill="#868e96">${escapeXml(line)}</text>`,
        ),
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Renders an SVG document to a PNG (scaled down when the map is too large for one canvas). */
export async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = Math.min(2, Math.sqrt(MAX_PNG_PIXELS / (image.width * image.height)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(image.width * scale));
    canvas.height = Math.max(1, Math.floor(image.height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the map into an image.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
