import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database, DatabaseRole } from '../../../shared/schema/model';
import { parseCreateTable } from '../../../electron/engine/ddl/create-table';
import { splitStatements } from '../../../electron/engine/sqlfile/index';

/** Folder of the planner fixtures (actual.sql, desired.sql, *.golden). */
export const PLANNER_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/planner');

/** Reads a fixture SQL file (CREATE TABLE statements only) into a role database model. */
export function fixtureDatabase(file: string, name = 'lupo_core', role: DatabaseRole = 'core'): Database {
  const text = readFileSync(path.join(PLANNER_FIXTURES, file), 'utf8');
  const tables = splitStatements(text).map((s) => parseCreateTable(s.sql));
  return { role, name, tables, views: [], forbiddenObjects: [] };
}

/** The text of a fixture file. */
export function fixtureText(file: string): string {
  return readFileSync(path.join(PLANNER_FIXTURES, file), 'utf8');
}
