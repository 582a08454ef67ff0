import { describe, expect, it } from 'vitest';
import {
  createPendingGuard,
  type BrowserMove,
  type GuardQuestion,
} from '../../../renderer/src/screens/data/pending-guard';

/** A guard over a fake change set of `count` rows, recording what it asked and ran. */
function setup(count: number) {
  const state = { count, discarded: 0, question: undefined as GuardQuestion | undefined, ran: [] as string[] };
  const guard = createPendingGuard({
    count: () => state.count,
    discard: () => {
      state.discarded++;
      state.count = 0;
    },
    ask: (q) => (state.question = q),
  });
  const move = (m: BrowserMove): void => guard.request(m, () => state.ran.push(m));
  return { state, guard, move };
}

describe('the data browser guard for pending edits', () => {
  it('lets every move through when nothing is pending', () => {
    const { state, move } = setup(0);
    for (const m of ['link', 'back', 'leave', 'page', 'sort', 'filter', 'page-size'] as const) move(m);
    expect(state.ran).toEqual(['link', 'back', 'leave', 'page', 'sort', 'filter', 'page-size']);
    expect(state.question).toBeUndefined();
  });

  it('asks before leaving the table; cancel stays and keeps the edits, discard empties them and goes', () => {
    const { state, guard, move } = setup(2);
    move('link');
    expect(state.ran).toEqual([]);
    expect(state.question).toEqual({ move: 'link', count: 2, choices: ['discard', 'cancel'] });
    guard.answer('cancel');
    expect(state.question).toBeUndefined();
    expect(state.ran).toEqual([]);
    expect(state.count).toBe(2);
    // "keep" cannot carry a table's change set to another table: it stays
    move('back');
    guard.answer('keep');
    expect(state.ran).toEqual([]);
    expect(state.count).toBe(2);
    move('leave');
    guard.answer('discard');
    expect(state.discarded).toBe(1);
    expect(state.ran).toEqual(['leave']);
  });

  it('offers keeping the edits across pages; once kept, moves within the table stop asking until the set is emptied', () => {
    const { state, guard, move } = setup(1);
    move('page');
    expect(state.question?.choices).toEqual(['keep', 'discard', 'cancel']);
    guard.answer('keep');
    expect(state.ran).toEqual(['page']);
    expect(state.count).toBe(1);
    move('sort');
    move('filter');
    move('page-size');
    expect(state.ran).toEqual(['page', 'sort', 'filter', 'page-size']);
    // ...but leaving the table still asks
    move('link');
    expect(state.question?.move).toBe('link');
    guard.answer('cancel');
    // committed (empty), then a new edit: asked again
    state.count = 0;
    move('page');
    state.count = 3;
    move('page');
    expect(state.question).toEqual({ move: 'page', count: 3, choices: ['keep', 'discard', 'cancel'] });
    guard.answer('discard');
    expect(state.ran).toEqual(['page', 'sort', 'filter', 'page-size', 'page', 'page']);
  });

  it('an answer without an open question does nothing', () => {
    const { state, guard } = setup(1);
    guard.answer('discard');
    expect(state.discarded).toBe(0);
    expect(state.ran).toEqual([]);
  });
});
