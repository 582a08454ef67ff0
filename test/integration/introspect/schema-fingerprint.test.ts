import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compareFingerprints, fingerprintDatabase } from '../../../electron/engine/topology/schema-fingerprint';
import { createScratchDatabases } from '../../support/databases';

/**
 * The schema fingerprint (fleet matrix, Galera/replica verification) reads one aggregated
 * row per table and facet; where a line may have been cut by the server's GROUP_CONCAT limit
 * it reads row by row instead. Both paths must hash alike, or a fleet would show equal
 * tables as different; and a real change must show.
 */
describe('schema fingerprint', () => {
  const url = inject('mysqlUrl');
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let db: string;
  let c: mysql.Connection;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['fp_a']);
    [db] = scratch.names as [string];
    c = await mysql.createConnection({ uri: url, multipleStatements: true });
    await c.query(`
      CREATE TABLE \`${db}\`.t_keys (t_keys_id BIGINT NOT NULL AUTO_INCREMENT, label VARCHAR(200) NOT NULL DEFAULT 'a\\nb',
        note TEXT NULL, score INT NULL, PRIMARY KEY (t_keys_id), KEY idx_label (label(20), score)) ENGINE=InnoDB;
      CREATE TABLE \`${db}\`.T_Plain (x INT NULL) ENGINE=InnoDB;
      CREATE VIEW \`${db}\`.v_keys AS SELECT t_keys_id FROM \`${db}\`.t_keys;`);
  });

  afterAll(async () => {
    await c?.end();
    await scratch?.drop();
  });

  it('hashes alike whether aggregated or read row by row, and sees a change', async () => {
    const aggregated = await fingerprintDatabase(c, db);
    expect([...aggregated.keys()]).toEqual(['t_keys', 't_plain']);
    // A limit this small cuts every aggregated line: the row-by-row path answers.
    await c.query('SET SESSION group_concat_max_len = 4');
    const rowByRow = await fingerprintDatabase(c, db);
    expect([...rowByRow]).toEqual([...aggregated]);
    await c.query('SET SESSION group_concat_max_len = DEFAULT');

    await c.query(`ALTER TABLE \`${db}\`.t_keys MODIFY score BIGINT NULL`);
    const changed = await fingerprintDatabase(c, db);
    expect(Object.fromEntries(compareFingerprints(aggregated, changed))).toEqual({
      t_keys: 'different',
      t_plain: 'in-sync',
    });
  });
});
