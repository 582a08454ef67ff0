/** What takes the data browser away from the rows its pending edits were made on. */
export type BrowserMove = 'link' | 'back' | 'leave' | 'page' | 'sort' | 'filter' | 'page-size';

/** The operator's answer: keep the edits and go on, discard them and go on, or stay. */
export type GuardChoice = 'keep' | 'discard' | 'cancel';

/** Moves within the same table: the change set is keyed by row key, so it can follow them. */
const WITHIN_TABLE: ReadonlySet<BrowserMove> = new Set<BrowserMove>(['page', 'sort', 'filter', 'page-size']);

/** The question shown before a move that would hide or drop pending edits. */
export interface GuardQuestion {
  readonly move: BrowserMove;
  /** How many row changes are pending. */
  readonly count: number;
  /** The answers offered: "keep and go on" only where the change set survives the move. */
  readonly choices: readonly GuardChoice[];
}

/** Asks before moves while edits are pending. */
export interface PendingGuard {
  /** Runs `proceed` now, or asks first when edits are pending (then `proceed` runs on keep/discard). */
  request(move: BrowserMove, proceed: () => void): void;
  /** The operator's answer to the open question (none open: nothing happens). */
  answer(choice: GuardChoice): void;
}

/** What the guard reads and does: the pending count now, discarding the change set, showing (or hiding) the question. */
export interface GuardHooks {
  count(): number;
  discard(): void;
  ask(question: GuardQuestion | undefined): void;
}

/**
 * The data browser's guard: with pending edits, following a link, Back, leaving the table or
 * screen, and changing page, sort, filter or page size ask first. Leaving the table offers
 * discard or stay; a move within the table also offers keeping the edits, after which further
 * moves within the table no longer ask until the change set has been emptied (committed or discarded).
 */
export function createPendingGuard(hooks: GuardHooks): PendingGuard {
  let keptAcrossPages = false;
  let waiting: { readonly move: BrowserMove; readonly proceed: () => void } | undefined;
  return {
    request(move, proceed) {
      const count = hooks.count();
      if (count === 0) keptAcrossPages = false;
      if (count === 0 || (keptAcrossPages && WITHIN_TABLE.has(move))) {
        proceed();
        return;
      }
      waiting = { move, proceed };
      hooks.ask({
        move,
        count,
        choices: WITHIN_TABLE.has(move) ? ['keep', 'discard', 'cancel'] : ['discard', 'cancel'],
      });
    },
    answer(choice) {
      const open = waiting;
      waiting = undefined;
      hooks.ask(undefined);
      if (!open || choice === 'cancel') return;
      if (choice === 'keep') {
        // Leaving the table cannot keep its change set: "keep" there means stay.
        if (!WITHIN_TABLE.has(open.move)) return;
        keptAcrossPages = true;
      } else {
        hooks.discard();
        keptAcrossPages = false;
      }
      open.proceed();
    },
  };
}
