import { realpath } from 'node:fs/promises';
import path from 'node:path';

const WINDOWS_RESERVED = /^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(?:\..*)?$/i;

/**
 * Why a table name cannot be used as a file name in the definitions folder, or undefined
 * when it can. Live table names come from whoever can create tables on the server, so a
 * name like `../other/x` or `a\b` must never become a path: separators, `..`, control
 * characters (NUL included), characters Windows forbids, leading/trailing dots or spaces,
 * Windows device names and names over 200 bytes are refused.
 */
export function unsafeFileNameReason(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (/[/\\]/.test(name)) return 'it contains a path separator (/ or \\)';
  if (name.includes('..')) return 'it contains ".."';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character (NUL, newline, …)';
  if (/[<>:"|?*]/.test(name)) return 'it contains a character file systems forbid (< > : " | ? *)';
  if (/^[. ]|[. ]$/.test(name)) return 'it starts or ends with a dot or a space';
  if (WINDOWS_RESERVED.test(name)) return 'it is a reserved device name on Windows';
  if (Buffer.byteLength(name) > 200) return 'it is longer than 200 bytes';
  return undefined;
}

/** True when `file` (resolved) lies inside `dir` (resolved), never equal to it. */
export function isInsideFolder(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Like isInsideFolder, on the real file system: symbolic links in `dir` and in the
 * existing part of `file`'s parent folders are followed, so a link inside the folder that
 * points elsewhere does not count as inside.
 */
export async function isReallyInsideFolder(dir: string, file: string): Promise<boolean> {
  if (!isInsideFolder(dir, file)) return false;
  const realDir = await realpath(dir).catch(() => path.resolve(dir));
  let existing = path.dirname(path.resolve(file));
  let rest = path.basename(file);
  for (;;) {
    const real = await realpath(existing).catch(() => undefined);
    if (real !== undefined) return isInsideFolder(realDir, path.join(real, rest));
    const parent = path.dirname(existing);
    if (parent === existing) return false;
    rest = path.join(path.basename(existing), rest);
    existing = parent;
  }
}
