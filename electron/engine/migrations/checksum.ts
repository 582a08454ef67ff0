import { createHash } from 'node:crypto';

/**
 * SHA-256 of a migration file's content, hex. Line endings are normalised to `\n` first so
 * a checkout on Windows (CRLF) does not look like an edited migration.
 */
export function migrationChecksum(content: string): string {
  return createHash('sha256').update(content.replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}
