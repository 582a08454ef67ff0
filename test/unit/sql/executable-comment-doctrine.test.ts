import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { lintStatements } from '../../../electron/engine/doctrine/index';
import { readSqlFile, splitStatements } from '../../../electron/engine/sqlfile/index';

const config = workspaceConfigSchema.parse({});
const hidden = [
  'CREATE TABLE IF NOT EXISTS `lupo_orders` (',
  '  `order_id` bigint unsigned NOT NULL AUTO_INCREMENT,',
  '  `user_id` bigint unsigned NOT NULL,',
  '  PRIMARY KEY (`order_id`),',
  '  KEY `idx_user` (`user_id`)',
  '  /*M!100000 , CONSTRAINT `fk_user` FOREIGN KEY (`user_id`) REFERENCES `lupo_users` (`user_id`) */',
  ') ENGINE=InnoDB;',
  '',
].join('\n');

describe('doctrine sees foreign keys hidden in executable comments', () => {
  it('a statement rule finds FOREIGN KEY inside /*M! … */, on its line', () => {
    const findings = lintStatements(splitStatements(hidden), 'install.sql', config).filter(
      (f) => f.code === 'no-foreign-keys',
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.location).toMatchObject({ file: 'install.sql', line: 6 });
  });

  it('an install file reads the hidden foreign key into the model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lupo-fk-'));
    const file = join(dir, 'install.sql');
    await writeFile(file, hidden);
    const result = await readSqlFile(file, config);
    const json = JSON.stringify(result);
    expect(json).toContain('fk_user');
  });
});
