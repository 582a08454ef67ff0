import { describe, expect, it } from 'vitest';
import { ambiguousTablesTouched, refuseAmbiguousPlan } from '../../../electron/engine/analysis/ambiguous-tables';
import { diffDatabase } from '../../../electron/engine/diff/index';
import type { Database, Table } from '../../../shared/schema/model';
import { col, table } from '../diff/model-builders';

const db = (tables: Table[]): Database => ({ role: 'core', name: 'db', tables, views: [], forbiddenObjects: [] });
const live = table('t', [col('a', 'int')]);
const same = table('t', [col('a', 'int')]);
const other = table('t', [col('a', 'int'), col('b', 'int')]);
const dup = (declaration: Table) => ({
  file: '/w/t_old.toon',
  line: 1,
  role: 'core' as const,
  declaration,
  keptFile: '/w/t.toon',
});

describe('ambiguous tables in a plan', () => {
  it('a duplicated table is touched when either declaration differs from the live table', () => {
    const none = { failed: [], duplicates: [dup(same)] };
    expect(ambiguousTablesTouched('core', [], db([live]), none)).toEqual([]);
    const differs = { failed: [], duplicates: [dup(other)] };
    expect(ambiguousTablesTouched('core', [], db([live]), differs)).toEqual([
      { role: 'core', table: 't', files: ['/w/t.toon', '/w/t_old.toon'], why: 'duplicate' },
    ]);
    expect(() => refuseAmbiguousPlan('core', [], db([live]), differs)).toThrow(
      /`t` is declared in 2 files: \/w\/t\.toon, \/w\/t_old\.toon/,
    );
  });

  it('a broken file makes a planned DROP TABLE ambiguous only when drops are generated', () => {
    const broken = {
      failed: [{ file: '/w/renamed.toon', line: 3, table: 'renamed', role: 'core' as const }],
      duplicates: [],
    };
    const changes = diffDatabase(db([live]), db([]));
    expect(changes.map((c) => c.kind)).toEqual(['dropTable']);
    expect(ambiguousTablesTouched('core', changes, db([live]), broken)).toEqual([]);
    expect(() => refuseAmbiguousPlan('core', changes, db([live]), broken, { drops: true })).toThrow(
      /`t` may be declared by a file that does not load: \/w\/renamed\.toon:3/,
    );
  });
});
