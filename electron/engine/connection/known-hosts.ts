import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file';

/** OpenSSH-style fingerprint of a raw host key: `SHA256:` + unpadded base64 of its SHA-256. */
export function fingerprintOf(hostKey: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(hostKey).digest('base64').replace(/=+$/, '');
}

/** What a host key check decided. */
export type HostKeyVerdict = 'trusted' | 'unknown' | 'mismatch';

/**
 * SSH host keys the operator accepted, as `{ "host:port": "SHA256:…" }` in known_hosts.json
 * of the user-data folder. First contact is `unknown` (the UI shows the fingerprint and asks),
 * a different key later is `mismatch` (possible interception: refuse).
 */
export class KnownHosts {
  readonly file: string;

  constructor(userDataDir: string) {
    this.file = join(userDataDir, 'known_hosts.json');
  }

  /** Compares a fingerprint with the recorded one for host:port. */
  async check(host: string, port: number, fingerprint: string): Promise<HostKeyVerdict> {
    const known = await readJsonFile<Record<string, string>>(this.file, {});
    const recorded = known[`${host}:${port}`];
    if (recorded === undefined) return 'unknown';
    return recorded === fingerprint ? 'trusted' : 'mismatch';
  }

  /** Records (or replaces) the accepted fingerprint of host:port. */
  async trust(host: string, port: number, fingerprint: string): Promise<void> {
    const known = await readJsonFile<Record<string, string>>(this.file, {});
    known[`${host}:${port}`] = fingerprint;
    await writeJsonFile(this.file, known);
  }
}
