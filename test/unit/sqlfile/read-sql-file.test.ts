import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { readSqlFile } from '../../../electron/engine/sqlfile/index';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'lupo-sql-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const config = workspaceConfigSchema.parse({
  databases: { core: 'app_core', orchestration: 'app_orch', ephemeral: 'app_tmp' },
});

/** A mysqldump-style file: header comments, versioned SETs, data rows, a DELIMITER block. */
function dump(): string {
  const rows = Array.from(
    { length: 50 },
    (_, i) => `(${i + 1},'name ${i}; with ''quotes''',${20260101000000 + i})`,
  ).join(',');
  return `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: app_core
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;

CREATE DATABASE /*!32312 IF NOT EXISTS*/ \`app_core\` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;
USE \`app_core\`;

--
-- Table structure for table \`items\`
--

DROP TABLE IF EXISTS \`items\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE \`items\` (
  \`item_id\` bigint NOT NULL AUTO_INCREMENT,
  \`owner_id\` bigint NOT NULL,
  \`name\` varchar(255) COLLATE utf8mb4_unicode_ci NOT NULL,
  \`created_ymdhis\` bigint NOT NULL,
  PRIMARY KEY (\`item_id\`),
  KEY \`idx_owner\` (\`owner_id\`),
  CONSTRAINT \`fk_owner\` FOREIGN KEY (\`owner_id\`) REFERENCES \`owners\` (\`owner_id\`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=51 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Things';
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES \`items\` WRITE;
/*!40000 ALTER TABLE \`items\` DISABLE KEYS */;
INSERT INTO \`items\` VALUES ${rows};
INSERT INTO \`items\` VALUES ${rows};
/*!40000 ALTER TABLE \`items\` ENABLE KEYS */;
UNLOCK TABLES;

CREATE TABLE IF NOT EXISTS \`app_orch\`.\`migration_runs\` (\`migration_run_id\` bigint NOT NULL, PRIMARY KEY (\`migration_run_id\`)) ENGINE=InnoDB;
CREATE TABLE \`owners\` (\`owner_id\` bigint NOT NULL);
ALTER TABLE \`owners\` ADD PRIMARY KEY (\`owner_id\`), ADD COLUMN \`nick\` varchar(20) NULL, ADD UNIQUE KEY \`uniq_nick\` (\`nick\`);
CREATE INDEX \`idx_name\` ON \`items\` (\`name\`(20));
SET @s = (SELECT IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_NAME = 'owners' AND COLUMN_NAME = 'email') = 0, 'ALTER TABLE \`owners\` ADD COLUMN \`email\` varchar(255) NULL', 'SELECT 1'));
PREPARE stmt FROM @s;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=\`root\`@\`localhost\`*/ /*!50003 TRIGGER \`items_bi\` BEFORE INSERT ON \`items\` FOR EACH ROW BEGIN
  SET NEW.created_ymdhis = 1; SET NEW.name = 'x;y';
END */;;
DELIMITER ;
DELIMITER //
CREATE PROCEDURE \`cleanup\`() BEGIN DELETE FROM items; END //
CREATE FUNCTION \`f\`() RETURNS int DETERMINISTIC RETURN 1 //
CREATE EVENT \`nightly\` ON SCHEDULE EVERY 1 DAY DO DELETE FROM items //
DELIMITER ;

USE \`app_tmp\`;
CREATE TABLE \`cache\` (\`cache_id\` bigint NOT NULL, \`v\` frobtype);
CREATE TABLE \`cache2\` (\`cache2_id\` bigint NOT NULL);
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
-- Dump completed
`;
}

describe('readSqlFile', () => {
  it('reads a mysqldump-style file into the model', async () => {
    const file = path.join(tmp, 'dump.sql');
    await writeFile(file, dump());
    const result = await readSqlFile(file, config);
    expect(result.createTableCount).toBe(5);
    const core = result.model.databases.core;
    expect(core.name).toBe('app_core');
    expect(core.tables.map((t) => t.name)).toEqual(['items', 'owners']);
    const items = core.tables[0]!;
    expect(items.source).toEqual({ kind: 'file', file, line: 17, column: 1 });
    expect(items.primaryKey).toEqual({ columns: ['item_id'] });
    expect(items.columns[2]).toMatchObject({ name: 'name', collation: 'utf8mb4_unicode_ci', nullable: false });
    expect(items.indexes.map((i) => i.name)).toEqual(['idx_owner', 'idx_name']);
    expect(items.foreignKeys).toEqual([
      expect.objectContaining({ name: 'fk_owner', referencedTable: 'owners', onDelete: 'CASCADE' }),
    ]);
    expect(items.options).toMatchObject({ engine: 'InnoDB', comment: 'Things' });
    const owners = core.tables[1]!;
    expect(owners.primaryKey).toEqual({ columns: ['owner_id'] });
    expect(owners.columns.map((c) => c.name)).toEqual(['owner_id', 'nick', 'email']);
    expect(owners.indexes).toEqual([{ name: 'uniq_nick', columns: [{ name: 'nick' }], unique: true, kind: 'btree' }]);
    expect(result.model.databases.orchestration.tables.map((t) => t.name)).toEqual(['migration_runs']);
    expect(core.forbiddenObjects.map((o) => `${o.kind}:${o.name}${o.table ? `@${o.table}` : ''}`)).toEqual([
      'trigger:items_bi@items',
      'procedure:cleanup',
      'function:f',
      'event:nightly',
    ]);
    expect(core.forbiddenObjects[0]!.source).toMatchObject({ line: 45 });
    expect(result.model.databases.ephemeral.tables.map((t) => t.name)).toEqual(['cache2']);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'sql/unknown-type',
        severity: 'error',
        location: { kind: 'file', file, line: 56, column: 55 },
        message: expect.stringContaining('frobtype'),
      }),
    ]);
  });

  it('throws a LupoError when the file is missing', async () => {
    await expect(readSqlFile(path.join(tmp, 'nope.sql'), config)).rejects.toMatchObject({ code: 'sql/unreadable' });
  });
});
