import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { quoteIdentifier } from '../../../electron/engine/sql/identifier';
import { DATABASE_ROLES } from '../../../shared/schema/model';
import { createScratchDatabases } from '../../support/databases';
import { createDemoDatabases, DEMO_WORKSPACE as DEMO, liveDatabaseFlags } from '../../support/demo-databases';
import { captureIo } from '../../support/cli-io';

const GOLDEN = resolve(import.meta.dirname, '../../fixtures/reports/demo-live.md.golden');
const MISSING = ['lupo_actor_collections', 'lupo_permissions'];

const io = () => captureIo({ cwd: DEMO });

/**
 * Issue 5's acceptance run: the demo workspace created in a live server minus two core
 * tables; the report must name exactly those two, with purpose, fields and indexes, and
 * budget figures that add up.
 */
describe('schema sync report of the demo workspace against a live server', () => {
  let names: string[];
  let drop: () => Promise<void>;
  let flags: string[];
  let outDir: string;

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    ({ names, drop } = await createDemoDatabases(url, ['demo_core', 'demo_orch', 'demo_eph'], MISSING));
    flags = liveDatabaseFlags(url, names);
    outDir = mkdtempSync(join(tmpdir(), 'lupo-demo-report-'));
  });

  afterAll(async () => {
    await drop?.();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('JSON: exactly the two missing core tables, with purpose, fields and indexes; budget adds up', async () => {
    const out = join(outDir, 'report.json');
    const run = io();
    expect(await runCli(['report', '--format', 'json', '--out', out, ...flags], run)).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const core = report.databases.core;
    expect(core.missingTables.map((t: { name: string }) => t.name).sort()).toEqual(MISSING);
    for (const table of core.missingTables) {
      expect(table.purpose).toMatch(/\w/);
      expect(table.fields.length).toBeGreaterThan(3);
      expect(table.fields.map((f: { name: string }) => f.name)).toContain('created_ymdhis');
      expect(table.indexes.length + (table.primaryKey ? 1 : 0)).toBeGreaterThan(0);
    }
    for (const role of ['orchestration', 'ephemeral']) expect(report.databases[role].missingTables).toEqual([]);
    for (const role of DATABASE_ROLES) {
      expect(report.databases[role].extraTables).toEqual([]);
      expect(report.databases[role].changedTables).toEqual([]);
    }
    expect(report.counts.missingTables).toBe(2);
    const { budget } = report;
    expect(budget.current).toBe(31);
    expect(budget.afterPlan).toBe(budget.current + 2);
    expect(budget.max).toBe(180);
    expect(budget.headroom).toBe(budget.max - budget.afterPlan);
    const perRole = Object.values(budget.perRole) as Array<{ current: number; afterPlan: number }>;
    expect(perRole.reduce((sum, r) => sum + r.current, 0)).toBe(budget.current);
    expect(perRole.reduce((sum, r) => sum + r.afterPlan, 0)).toBe(budget.afterPlan);
  });

  it('Markdown matches the golden file (dates and scratch names masked)', async () => {
    const out = join(outDir, 'report.md');
    expect(await runCli(['report', '--format', 'md', '--out', out, ...flags], io())).toBe(1);
    let text = readFileSync(out, 'utf8').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<date>');
    names.forEach((name, i) => (text = text.replaceAll(name, `<${DATABASE_ROLES[i]}-db>`)));
    text = text.replaceAll(DEMO, '<demo>');
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});

describe('forbidden objects in a live database', () => {
  let names: string[];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    ({ names, drop } = await createScratchDatabases(url, ['fb_core', 'fb_orch', 'fb_eph']));
    const db = quoteIdentifier(names[0]!);
    const columns = (id: string) =>
      `${id} BIGINT NOT NULL AUTO_INCREMENT, created_ymdhis BIGINT NOT NULL, updated_ymdhis BIGINT NOT NULL, ` +
      `is_deleted TINYINT NOT NULL DEFAULT 0, deleted_ymdhis BIGINT NULL, PRIMARY KEY (${id})`;
    const c = await mysql.createConnection({ uri: url });
    try {
      await c.query(`CREATE TABLE ${db}.lupo_owners (${columns('owner_id')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
      await c.query(
        `CREATE TABLE ${db}.lupo_pets (${columns('pet_id')}, owner_id BIGINT NOT NULL, ` +
          `CONSTRAINT fk_pet_owner FOREIGN KEY (owner_id) REFERENCES lupo_owners (owner_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      );
      await c.query(
        `CREATE TRIGGER ${db}.trg_pets BEFORE INSERT ON ${db}.lupo_pets FOR EACH ROW SET NEW.is_deleted = 0`,
      );
      await c.query(`CREATE PROCEDURE ${db}.purge_pets() DELETE FROM lupo_pets WHERE is_deleted = 1`);
    } finally {
      await c.end();
    }
  });

  afterAll(async () => drop?.());

  it('gets exactly one foreign-key, one trigger and one routine finding', async () => {
    const run = io();
    const code = await runCli(['--json', 'lint', ...liveDatabaseFlags(inject('mysqlUrl'), names)], {
      ...run,
      cwd: tmpdir(),
    });
    expect(code, run.err.join('') + run.out.join('')).toBe(1);
    const result = JSON.parse(run.out.join(''));
    const findings = (result.findings ?? result.doctrine) as Array<{ rule?: string; code?: string }>;
    expect(findings.map((f) => f.rule ?? f.code).sort()).toEqual(['no-foreign-keys', 'no-routines', 'no-triggers']);
  });
});
