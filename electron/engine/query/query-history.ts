import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryEntry } from '../../../shared/contract/query';
import { maskSqlSecrets, SECRET_MASK } from '../sql/redact-secrets';

/** The history file's name in the user-data folder (JSON lines, one statement each). */
export const HISTORY_FILE = 'query-history.jsonl';

/**
 * Masks secrets in a statement before it is written anywhere, with the project's one
 * masker (sql/redact-secrets.ts); the history spells every mask `'***'`, whatever quote
 * the secret had.
 */
export function maskSecrets(sql: string): string {
  return maskSqlSecrets(sql).replaceAll(`"${SECRET_MASK}"`, `'${SECRET_MASK}'`);
}

/**
 * The console's statement history: every statement run, with time, duration, rows,
 * profile and database, appended as one JSON line to a file in the user-data folder (not
 * on the server, so a read-only profile can keep one too). Secrets are masked before
 * writing. Appends are serialized so concurrent consoles never interleave lines.
 */
export class QueryHistory {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, HISTORY_FILE);
  }

  /** Appends one entry (the SQL masked). */
  append(entry: HistoryEntry): Promise<void> {
    const line = JSON.stringify({ ...entry, sql: maskSecrets(entry.sql) }) + '\n';
    const next = this.queue.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, line, 'utf8');
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Entries whose SQL, profile or database contains `search` (case-insensitive), newest first. */
  async search(search: string, limit: number): Promise<HistoryEntry[]> {
    await this.queue;
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const needle = search.toLowerCase();
    const out: HistoryEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const line = lines[i]!;
      if (line.trim() === '') continue;
      let entry: HistoryEntry;
      try {
        entry = JSON.parse(line) as HistoryEntry;
      } catch {
        continue; // a torn line from a crash: skip it
      }
      const hay = `${entry.sql}\n${entry.profile ?? ''}\n${entry.database ?? ''}`.toLowerCase();
      if (needle === '' || hay.includes(needle)) out.push(entry);
    }
    return out;
  }
}
