import { describe, expect, it } from 'vitest';
import {
  createPendingGuard,
  type BrowserMove,
  type GuardQuestion,
} from '../../../renderer/src/screens/data/pending-guard';

/** A guard over a fake change set of `count` rows, recording what it asked and ran. */
function setup(count: number) {
  const state = {
    count,
    discarded: 0,
    reviews: 0,
    question: undefined as GuardQuestion | undefined,
    ran: [] as string[],
    stayed: [] as string[],
  };
  const guard = createPendingGuard({
    count: () => state.count,
    discard: () => {
      state.discarded++;
      state.count = 0;
    },
    ask: (q) => (state.question = q),
    review: () => state.reviews++,
  });
  const move = (m: BrowserMove): void =>
    guard.request(
      m,
      () => state.ran.push(m),
      () => state.stayed.push(m),
    );
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
    expect(state.question).toEqual({ move: 'link', count: 2, choices: ['apply', 'discard', 'cancel'] });
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
    expect(state.question?.choices).toEqual(['apply', 'keep', 'discard', 'cancel']);
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
    expect(state.question).toEqual({ move: 'page', count: 3, choices: ['apply', 'keep', 'discard', 'cancel'] });
    guard.answer('discard');
    expect(state.ran).toEqual(['page', 'sort', 'filter', 'page-size', 'page', 'page']);
  });

  it('tells the caller when the operator stays: cancel, and keep on a move out of the table', () => {
    const { state, guard, move } = setup(1);
    move('leave');
    guard.answer('cancel');
    move('link');
    guard.answer('keep');
    expect(state.stayed).toEqual(['leave', 'link']);
    expect(state.ran).toEqual([]);
    expect(state.count).toBe(1);
  });

  it('"apply" opens the review and holds the move: it goes on once committed, stays when the review closes without', () => {
    const { state, guard, move } = setup(2);
    move('leave');
    guard.answer('apply');
    expect(state.question).toBeUndefined();
    expect(state.reviews).toBe(1);
    expect(state.ran).toEqual([]);
    // the review closed without committing (back to editing, a conflict): the operator stays
    guard.reviewEnded(false);
    expect(state.stayed).toEqual(['leave']);
    expect(state.ran).toEqual([]);
    expect(state.discarded).toBe(0);
    // asked again, committed this time: the held move goes on, nothing was discarded
    move('page');
    guard.answer('apply');
    state.count = 0;
    guard.reviewEnded(true);
    expect(state.ran).toEqual(['page']);
    expect(state.discarded).toBe(0);
    // a review opened by the Review button (no held move) ends without running anything
    guard.reviewEnded(true);
    guard.reviewEnded(false);
    expect(state.ran).toEqual(['page']);
    expect(state.stayed).toEqual(['leave']);
  });

  it('a second move while a question or a held review is open stays (the first one is answered)', () => {
    const { state, guard, move } = setup(1);
    move('leave');
    move('link');
    expect(state.question?.move).toBe('leave');
    expect(state.stayed).toEqual(['link']);
    guard.answer('apply');
    move('back');
    expect(state.stayed).toEqual(['link', 'back']);
    expect(state.question).toBeUndefined();
    guard.reviewEnded(true);
    expect(state.ran).toEqual(['leave']);
  });

  it('an answer without an open question does nothing', () => {
    const { state, guard } = setup(1);
    guard.answer('discard');
    expect(state.discarded).toBe(0);
    expect(state.ran).toEqual([]);
  });
});
