import type { MessageBoxSyncOptions } from 'electron';

/** The answers of the prompt, in button order. */
const STAY = 0;
const DISCARD = 1;

/**
 * The native question shown when the renderer refuses to unload because the data browser
 * holds uncommitted edits (closing the window, quitting, reloading). Committing is not offered:
 * the review, the typed confirmation and the conflict check live in the renderer, so the
 * operator stays to commit there. Staying is the default and what Escape answers.
 * Kept pure (no Electron runtime import) so a unit test can check the decision.
 */
export function unsavedEditsPrompt(): MessageBoxSyncOptions {
  return {
    type: 'warning',
    title: 'Uncommitted changes',
    message: 'The data browser has changes that are not committed.',
    detail: 'Stay to review and commit them. Discarding closes or reloads the window and drops them.',
    buttons: ['Stay', 'Discard changes'],
    defaultId: STAY,
    cancelId: STAY,
    noLink: true,
  };
}

/** Whether the window may unload after the operator's answer to unsavedEditsPrompt (the button index). */
export function leavesAfterPrompt(response: number): boolean {
  return response === DISCARD;
}
