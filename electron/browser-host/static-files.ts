import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/** A file to send, or undefined when the path is outside the root, missing or not decodable. Never throws. */
export async function resolveStaticFile(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; contentType: string } | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return undefined; // malformed escapes such as `%c0%ae` name no file
  }
  if (relative.includes('\0')) return undefined;
  const full = normalize(join(root, relative));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    if (!(await stat(full)).isFile()) return undefined;
    return { body: await readFile(full), contentType: CONTENT_TYPES[extname(full)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}
