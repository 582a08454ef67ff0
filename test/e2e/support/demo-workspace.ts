import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The demo workspace that ships with the app. */
export const DEMO_DIR = resolve(import.meta.dirname, '../../../toon/demo');

const DEMO_NAMES = ['lupo_demo_core', 'lupo_demo_orchestration', 'lupo_demo_ephemeral'] as const;

/** The demo's install SQL with its three database names replaced by `names` (core, orchestration, ephemeral). */
export async function demoInstallSql(names: readonly string[]): Promise<string> {
  let sql = await readFile(join(DEMO_DIR, 'install.sql'), 'utf8');
  DEMO_NAMES.forEach((demoName, index) => {
    sql = sql.replaceAll(demoName, names[index]!);
  });
  return sql;
}

/**
 * Runs the demo install against scratch databases: 20 core tables (the install lacks the
 * two core tables the definitions declare), 8 orchestration and 3 ephemeral.
 */
export async function installDemo(url: string, names: readonly string[]): Promise<void> {
  const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
  try {
    await connection.query(await demoInstallSql(names));
  } finally {
    await connection.end();
  }
}

/**
 * A throwaway copy of the demo workspace whose config and install SQL name the scratch
 * databases; `remove()` deletes it.
 */
export async function copyDemoWorkspace(names: readonly string[]): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-e2e-demo-copy-'));
  await cp(DEMO_DIR, dir, { recursive: true });
  const configPath = join(dir, 'lupo.config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  const [core, orchestration, ephemeral] = names as [string, string, string];
  await writeFile(
    configPath,
    JSON.stringify({ ...config, databases: { core, orchestration, ephemeral }, systemVersion: 'e2e-walk' }, null, 2),
  );
  await writeFile(join(dir, 'install.sql'), await demoInstallSql(names));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A throwaway workspace folder holding only a `lupo.config.json` that reads the demo
 * definitions and names the scratch databases (core, orchestration, ephemeral); `extra`
 * adds or overrides config keys. `remove()` deletes it.
 */
export async function demoConfigWorkspace(
  names: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-e2e-workspace-'));
  const [core, orchestration, ephemeral] = names as [string, string, string];
  await writeFile(
    join(dir, 'lupo.config.json'),
    JSON.stringify({
      definitions: DEMO_DIR,
      databases: { core, orchestration, ephemeral },
      systemVersion: 'e2e',
      ...extra,
    }),
  );
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The table names of `schema` on the server at `url`, sorted. */
export async function tableNames(url: string, schema: string): Promise<string[]> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1',
      [schema],
    );
    return rows.map((r) => String(r.t));
  } finally {
    await connection.end();
  }
}

/** Opens `dir` through the overview's workspace path field; resolves once the badge names the folder. */
export async function openWorkspaceFolder(page: Page, dir: string): Promise<void> {
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('workspace-path').fill(dir);
  await page.getByTestId('workspace-open').click();
  await expect.poll(() => page.getByTestId('workspace-badge').textContent()).toBe(basename(dir));
}

/** Fills host, port, user and password of the visible connection/profile form from the throwaway server's URL. */
export async function fillServerFields(page: Page, url: string): Promise<void> {
  const server = new URL(url);
  await page.getByTestId('connect-host').fill(server.hostname);
  await page.getByTestId('connect-port').fill(server.port || '3306');
  await page.getByTestId('connect-user').fill(decodeURIComponent(server.username || 'root'));
  await page.getByTestId('connect-password').fill(decodeURIComponent(server.password));
}

/** Fills the connection form with the throwaway server's URL and connects; resolves once the server answered. */
export async function connectWithForm(page: Page, url: string): Promise<void> {
  await page.getByTestId('nav-connect').click();
  await fillServerFields(page, url);
  await page.getByTestId('connect-submit').click();
  await expect.poll(() => page.getByTestId('server-version').textContent(), { timeout: 15_000 }).toMatch(/\d+\.\d+/);
}
