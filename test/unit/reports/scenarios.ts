import type { SchemaModel, Table } from '../../../shared/schema/model';
import { workspaceConfigSchema, type WorkspaceConfig } from '../../../shared/workspace-config';
import { analyzeWorkspace, type Analysis } from '../../../electron/engine/analysis';
import { col, doctrineTable, idx, manyTables, model } from '../diff/model-builders';

/** The 8 orchestrator tables of DESIGN §2, doctrine-shaped. */
export const ORCHESTRATION_TABLES: readonly Table[] = [
  ['migration_batches', 'batch_id'],
  ['migration_files', 'file_id'],
  ['migration_validation_log', 'validation_id'],
  ['migration_rollback_log', 'rollback_id'],
  ['migration_dependencies', 'dependency_id'],
  ['migration_system_state', 'state_id'],
  ['migration_progress', 'progress_id'],
  ['migration_alerts', 'alert_id'],
].map(([name, id]) => doctrineTable(name!, id!));

/**
 * The DESIGN §1 sync run, built synthetically: 120 definitions (112 core + 8
 * orchestration), an install SQL file with 111 CREATE TABLE statements, live databases with
 * 111 core + 8 orchestration tables; 2 core tables missing live; budget 180.
 */
export function designStory(): {
  config: WorkspaceConfig;
  definitions: SchemaModel;
  sql: SchemaModel;
  live: SchemaModel;
  analysis: Analysis;
} {
  const config = workspaceConfigSchema.parse({ systemVersion: '4.0.46' });
  const shared = manyTables('lupo_', 110);
  const legacy = doctrineTable('lupo_legacy_imports', 'legacy_import_id', {
    options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', comment: 'Old import staging' },
  });
  const collections = doctrineTable('lupo_actor_collections', 'actor_collection_id', {
    options: {
      engine: 'InnoDB',
      charset: 'utf8mb4',
      collation: 'utf8mb4_unicode_ci',
      comment: 'Named collections of actors',
    },
  });
  const permissions = doctrineTable('lupo_permissions', 'permission_id', {
    columns: [
      ...doctrineTable('lupo_permissions', 'permission_id').columns,
      col('permission_key', 'varchar', { length: 100 }),
    ],
    indexes: [idx('uniq_permission_key', ['permission_key'], { unique: true })],
    options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', comment: 'Permission catalogue' },
  });
  const definitions = model({
    core: [...shared, collections, permissions],
    orchestration: [...ORCHESTRATION_TABLES],
  });
  const sql = model({ core: [...shared, legacy] });
  const live = model({ core: [...shared, legacy], orchestration: [...ORCHESTRATION_TABLES] });
  const analysis = analyzeWorkspace({ config, definitions, sql: { model: sql, createTableCount: 111 }, live });
  return { config, definitions, sql, live, analysis };
}
