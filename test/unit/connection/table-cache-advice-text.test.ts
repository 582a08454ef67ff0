import { describe, expect, it } from 'vitest';
import { tableCacheAdviceText } from '../../../shared/table-cache-advice';

describe('tableCacheAdviceText', () => {
  it('names both caches when both are below the table count, with the figure to exceed', () => {
    const text = tableCacheAdviceText(
      { tables: 10_000, tableDefinitionCache: 400, tableOpenCache: 2000 },
      'connect, analysis',
    );
    expect(text).toContain('hold 10,000 tables');
    expect(text).toContain(
      'caches 400 table definitions (table_definition_cache) and keeps 2,000 tables open (table_open_cache)',
    );
    expect(text).toContain('Raise table_definition_cache and table_open_cache above 10,000');
    expect(text).toContain('never changes server settings');
    expect(text).toContain('every read of the schema (connect, analysis) makes MariaDB open them all again');
  });

  it('names only the cache that is too small', () => {
    const text = tableCacheAdviceText(
      { tables: 3000, tableDefinitionCache: 400, tableOpenCache: 4000 },
      'lupo diff --db',
    );
    expect(text).toContain('caches 400 table definitions (table_definition_cache):');
    expect(text).not.toContain('table_open_cache');
    expect(text).toContain('Raise table_definition_cache above 3,000');
    expect(text).toContain('(lupo diff --db)');
  });
});
