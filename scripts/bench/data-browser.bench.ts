/**
 * Data browser paging on a 1,000,000-row table (one throwaway server, same run): the last
 * page read with OFFSET versus with keyset paging (after the previous page's last key), and
 * the first page as the baseline. Reports rows the server read (session handler counters)
 * and wall-time medians of interleaved rounds. Targets: the keyset page reads no more
 * than 2 pages of rows and takes at most 3× the first page's time.
 */
import mysql from 'mysql2/promise';
import { browseTable, type BrowseRequest } from '../../electron/engine/query/table-browser';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';

const ROWS = 1_000_000;
const PAGE = 100;
const ROUNDS = 5;

export default async function bench(): Promise<void> {
  const server = await startLocalServer();
  // One connection: its session counters see every row the browser's reads touch.
  const pool = mysql.createPool({
    uri: server.url,
    connectionLimit: 1,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
  try {
    await pool.query('CREATE DATABASE bench_browse');
    await pool.query(
      `CREATE TABLE bench_browse.big (big_id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL, created_ymdhis BIGINT NOT NULL,
        is_deleted TINYINT NOT NULL DEFAULT 0)`,
    );
    await pool.query(
      `INSERT INTO bench_browse.big SELECT seq, CONCAT('label-', seq), 20260101000000 + seq, 0 FROM bench_browse.seq_1_to_${ROWS}`,
    );
    await pool.query('ANALYZE TABLE bench_browse.big');
    const base: BrowseRequest = { database: 'bench_browse', table: 'big', limit: PAGE, offset: 0 };
    const cases: Record<string, BrowseRequest> = {
      first: base,
      offset: { ...base, offset: ROWS - PAGE },
      keyset: { ...base, offset: ROWS - PAGE, after: [String(ROWS - PAGE)] },
    };
    const rowsRead = async (): Promise<number> => {
      const [status] = await pool.query<mysql.RowDataPacket[]>(
        "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_next', 'Handler_read_rnd_next', 'Handler_read_prev')",
      );
      return status.reduce((sum, r) => sum + Number(r.Value), 0);
    };
    const times: Record<string, number[]> = { first: [], offset: [], keyset: [] };
    const reads: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, request] of Object.entries(cases)) {
        const before = await rowsRead();
        const t0 = performance.now();
        const page = await browseTable(pool, request);
        times[name]!.push(performance.now() - t0);
        reads[name] = (await rowsRead()) - before;
        if (name !== 'first' && page.rows[0]?.[0] !== String(ROWS - PAGE + 1)) {
          throw new Error(`${name} page starts at ${String(page.rows[0]?.[0])}`);
        }
      }
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    for (const name of Object.keys(cases)) {
      process.stdout.write(
        `${name === 'first' ? 'first page' : `last page, ${name}`} of ${ROWS.toLocaleString()} rows: median ${median(times[name]!).toFixed(1)} ms, rows read ${reads[name]!.toLocaleString()}\n`,
      );
    }
    const ratio = median(times.keyset!) / median(times.first!);
    process.stdout.write(
      `keyset/first time ratio ${ratio.toFixed(2)} (target ≤ 3), offset/keyset ${(median(times.offset!) / median(times.keyset!)).toFixed(0)}×\n`,
    );
    if (reads.keyset! > 2 * PAGE + 10 || ratio > 3) {
      throw new Error(`keyset paging missed its target (rows read ${reads.keyset}, ratio ${ratio.toFixed(2)})`);
    }
  } finally {
    await pool.end();
    await server.destroy();
  }
}
