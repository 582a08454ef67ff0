import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mysql from 'mysql2/promise';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { DATABASE_ROLES, type SchemaModel } from '../../../shared/schema/model';
import { loadDefinitions } from '../../../electron/engine/definitions/index';
import { openSession, type Session } from '../../../electron/engine/connection/session';
import { introspectSession } from '../../../electron/engine/introspect/index';
import { normalizeForCompare } from '../../../electron/engine/introspect/canonical';
import { renderCreateTable } from '../../../electron/engine/sqlgen/create-table';
import { createScratchDatabases } from '../../support/databases';

const demoDir = fileURLToPath(new URL('../../../toon/demo', import.meta.url));

describe('zero false drift on the shipped demo definitions', () => {
  let session: Session;
  let names: string[];
  let drop: () => Promise<void>;
  let loaded: SchemaModel;

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    ({ names, drop } = await createScratchDatabases(url, ['rt_core', 'rt_orch', 'rt_eph']));
    const config = workspaceConfigSchema.parse(JSON.parse(await readFile(`${demoDir}/lupo.config.json`, 'utf8')));
    loaded = (await loadDefinitions(demoDir, config)).model;
    const c = await mysql.createConnection({ uri: url });
    try {
      for (const [i, role] of DATABASE_ROLES.entries()) {
        for (const table of loaded.databases[role].tables)
          await c.query(renderCreateTable(table, { database: names[i]! }));
      }
    } finally {
      await c.end();
    }
    const u = new URL(url);
    session = await openSession({ host: u.hostname, port: Number(u.port), user: 'root', connectTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await session?.close();
    await drop?.();
  });

  it('every demo table introspects equal to its definition', async () => {
    const live = await introspectSession(session, { core: names[0]!, orchestration: names[1]!, ephemeral: names[2]! });
    let compared = 0;
    for (const role of DATABASE_ROLES) {
      const expected = loaded.databases[role].tables;
      expect(live.databases[role].tables.map((t) => t.name)).toEqual(expected.map((t) => t.name).sort());
      for (const table of expected) {
        const actual = live.databases[role].tables.find((t) => t.name === table.name)!;
        expect(normalizeForCompare(actual), `${role}.${table.name}`).toEqual(normalizeForCompare(table));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5);
  });
});
