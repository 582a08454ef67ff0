import { describe, expect, it } from 'vitest';
import type { QueryColumn } from '../../../shared/contract/query';
import {
  addInsert,
  changeCount,
  editCell,
  NO_CHANGES,
  removeInsert,
  toggleDelete,
  toRowChanges,
} from '../../../renderer/src/screens/data/pending-changes';

const column = (name: string): QueryColumn => ({ name, type: 'VAR_STRING', nullable: true, primaryKey: false });
const columns = [column('actor_id'), column('display_name'), column('bio')];
const ada = ['1', 'Ada', null];
const bob = ['2', 'Bob', 'x'];

describe('the data browser change set', () => {
  it('keys edits by the row key and keeps the values read for the conflict check', () => {
    let set = editCell(NO_CHANGES, columns, ada, ['actor_id'], 'display_name', 'Ada L.');
    set = editCell(set, columns, ada, ['actor_id'], 'bio', null);
    set = editCell(set, columns, ada, ['actor_id'], 'bio', 'writes');
    expect(toRowChanges(set, false)).toEqual([
      {
        kind: 'update',
        key: { actor_id: '1' },
        old: { display_name: 'Ada', bio: null },
        set: { display_name: 'Ada L.', bio: 'writes' },
      },
    ]);
    // Typing the value read back drops the edit; no column left drops the row.
    set = editCell(set, columns, ada, ['actor_id'], 'bio', null);
    set = editCell(set, columns, ada, ['actor_id'], 'display_name', 'Ada');
    expect(changeCount(set)).toBe(0);
  });

  it('a delete wins over edits of the same row; inserts come first; hard delete is the caller’s choice', () => {
    let set = editCell(NO_CHANGES, columns, bob, ['actor_id'], 'display_name', 'Robert');
    set = toggleDelete(set, columns, bob, ['actor_id']);
    set = addInsert(set, { actor_id: '9', display_name: 'New' });
    set = addInsert(set, {});
    set = removeInsert(set, 1);
    expect(toRowChanges(set, true)).toEqual([
      { kind: 'insert', values: { actor_id: '9', display_name: 'New' } },
      { kind: 'delete', key: { actor_id: '2' }, old: { actor_id: '2', display_name: 'Bob', bio: 'x' }, hard: true },
    ]);
    set = toggleDelete(set, columns, bob, ['actor_id']);
    expect(toRowChanges(set, false).map((c) => c.kind)).toEqual(['insert', 'update']);
  });
});
