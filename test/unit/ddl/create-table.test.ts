import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import { parseCreateTable, parseCreateTableDetailed } from '../../../electron/engine/ddl/index';

describe('parseCreateTable', () => {
  it('reads columns, keys, foreign keys and options', () => {
    const sql = `CREATE TABLE IF NOT EXISTS \`app\`.\`posts\` (
      \`post_id\` bigint NOT NULL AUTO_INCREMENT,
      \`author_id\` bigint NOT NULL,
      \`title\` varchar(255) NOT NULL,
      \`body\` text,
      PRIMARY KEY (\`post_id\`),
      UNIQUE KEY \`uniq_title\` (\`title\`(100)),
      KEY \`idx_author\` (\`author_id\`) USING BTREE COMMENT 'by author',
      KEY (\`author_id\`, \`title\` DESC),
      FULLTEXT KEY \`ft_body\` (\`body\`),
      CONSTRAINT \`fk_author\` FOREIGN KEY (\`author_id\`) REFERENCES \`users\` (\`user_id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
      CHECK (\`post_id\` > 0)
    ) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC COMMENT='Blog posts'`;
    const parsed = parseCreateTableDetailed(sql, { kind: 'file', file: 'x.sql', line: 3 });
    expect(parsed.database).toBe('app');
    expect(parsed.ifNotExists).toBe(true);
    const t = parsed.table;
    expect(t.name).toBe('posts');
    expect(t.columns.map((c) => c.name)).toEqual(['post_id', 'author_id', 'title', 'body']);
    expect(t.primaryKey).toEqual({ columns: ['post_id'] });
    expect(t.indexes).toEqual([
      { name: 'uniq_title', columns: [{ name: 'title', length: 100 }], unique: true, kind: 'btree' },
      { name: 'idx_author', columns: [{ name: 'author_id' }], unique: false, kind: 'btree', comment: 'by author' },
      {
        name: 'author_id',
        columns: [{ name: 'author_id' }, { name: 'title', descending: true }],
        unique: false,
        kind: 'btree',
      },
      { name: 'ft_body', columns: [{ name: 'body' }], unique: false, kind: 'fulltext' },
    ]);
    expect(t.foreignKeys).toEqual([
      {
        name: 'fk_author',
        columns: ['author_id'],
        referencedTable: 'users',
        referencedColumns: ['user_id'],
        onDelete: 'CASCADE',
        onUpdate: 'NO ACTION',
      },
    ]);
    expect(t.options).toEqual({
      engine: 'InnoDB',
      charset: 'utf8mb4',
      collation: 'utf8mb4_unicode_ci',
      rowFormat: 'DYNAMIC',
      comment: 'Blog posts',
    });
    expect(t.source).toEqual({ kind: 'file', file: 'x.sql', line: 3 });
  });

  it('handles inline PRIMARY KEY / UNIQUE / REFERENCES and mysqldump versioned comments', () => {
    const t = parseCreateTable(
      'CREATE TABLE t (id int PRIMARY KEY, code char(3) UNIQUE, owner int REFERENCES o(id) ON DELETE SET NULL) /*!50100 PARTITION BY HASH (id) */',
    );
    expect(t.primaryKey).toEqual({ columns: ['id'] });
    expect(t.indexes[0]).toMatchObject({ name: 'code', unique: true });
    expect(t.foreignKeys[0]).toMatchObject({ referencedTable: 'o', onDelete: 'SET NULL' });
  });

  it('rejects duplicate columns and unknown types with an offset', () => {
    const dup = (() => {
      try {
        parseCreateTable('CREATE TABLE t (a int, a int)');
      } catch (e) {
        return e as LupoError;
      }
    })();
    expect(dup?.code).toBe('ddl/duplicate-column');
    expect(dup?.details?.offset).toBe(23);
    expect(() => parseCreateTable('CREATE TABLE t (a wibble)')).toThrow(/Unknown column type "wibble"/);
    expect(() => parseCreateTable('CREATE TABLE t LIKE u')).toThrow(LupoError);
  });
});
