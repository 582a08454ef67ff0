/** What takes the data browser away from the rows its pending edits were made on. */
export type BrowserMove = 'link' | 'back' | 'leave' | 'page' | 'sort' | 'filter' | 'page-size';

/**
 * The operator's answer: review and commit the edits then go on, keep them and go on,
 * discard them and go on, or stay.
 */
export type GuardChoice = 'apply' | 'keep' | 'discard' | 'cancel';

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
  /**
   * Runs `proceed` now, or asks first when edits are pending: `proceed` runs once the edits
   * are committed, kept or discarded; `stay` (if given) runs when the operator stays instead.
   */
  request(move: BrowserMove, proceed: () => void, stay?: () => void): void;
  /** The operator's answer to the open question (none open: nothing happens). */
  answer(choice: GuardChoice): void;
  /**
   * The review opened by "apply" closed: committed, the held move goes on; closed without
   * committing (back to editing, a conflict), the operator stays. Without a held move, nothing happens.
   */
  reviewEnded(committed: boolean): void;
}

/** What the guard reads and does: the pending count now, discarding the change set, showing (or hiding) the question, opening the review. */
export interface GuardHooks {
  count(): number;
  discard(): void;
  ask(question: GuardQuestion | undefined): void;
  /** Opens the change set's review (the same guarded commit the Review button opens). */
  review(): void;
}

interface HeldMove {
  readonly move: BrowserMove;
  readonly proceed: () => void;
  readonly stay: () => void;
}

/**
 * The data browser's guard: with pending edits, following a link, Back, leaving the table or
 * screen, and changing page, sort, filter or page size ask first. Every question offers
 * review-and-commit (the move goes on once committed), discard, or stay; a move within the
 * table also offers keeping the edits, after which further moves within the table no longer
 * ask until the change set has been emptied (committed or discarded).
 */
export function createPendingGuard(hooks: GuardHooks): PendingGuard {
  let keptAcrossPages = false;
  let waiting: HeldMove | undefined;
  let reviewing: HeldMove | undefined;
  return {
    request(move, proceed, stay = () => {}) {
      const count = hooks.count();
      if (count === 0) keptAcrossPages = false;
      if (count === 0 || (keptAcrossPages && WITHIN_TABLE.has(move))) {
        proceed();
        return;
      }
      // A question already open (or a review held) is answered first: the newer move stays.
      if (waiting || reviewing) {
        stay();
        return;
      }
      waiting = { move, proceed, stay };
      hooks.ask({
        move,
        count,
        choices: WITHIN_TABLE.has(move) ? ['apply', 'keep', 'discard', 'cancel'] : ['apply', 'discard', 'cancel'],
      });
    },
    answer(choice) {
      const open = waiting;
      waiting = undefined;
      hooks.ask(undefined);
      if (!open) return;
      if (choice === 'cancel') {
        open.stay();
        return;
      }
      if (choice === 'apply') {
        reviewing = open;
        hooks.review();
        return;
      }
      if (choice === 'keep') {
        // Leaving the table cannot keep its change set: "keep" there means stay.
        if (!WITHIN_TABLE.has(open.move)) {
          open.stay();
          return;
        }
        keptAcrossPages = true;
      } else {
        hooks.discard();
        keptAcrossPages = false;
      }
      open.proceed();
    },
    reviewEnded(committed) {
      const held = reviewing;
      reviewing = undefined;
      if (!held) return;
      if (!committed) {
        held.stay();
        return;
      }
      keptAcrossPages = false;
      held.proceed();
    },
  };
}
