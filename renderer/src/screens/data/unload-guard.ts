/**
 * While `count()` is above zero, closing the window or tab, reloading, or navigating the page
 * away asks first: the page's `beforeunload` is cancelled. A browser then shows its own
 * "Leave site?" dialog; Electron shows none itself and tells the main process
 * (`will-prevent-unload`), which asks with a native dialog (electron/main/unsaved-edits-prompt.ts).
 * The renderer's own modal cannot be used there: `beforeunload` must answer synchronously.
 * Returns the function that removes the guard.
 */
export function guardUnload(target: EventTarget, count: () => number): () => void {
  const onBeforeUnload = (event: Event): void => {
    if (count() === 0) return;
    event.preventDefault();
    // Older Chromium (and Electron builds on it) only ask when returnValue is set as well.
    (event as Event & { returnValue: unknown }).returnValue = true;
  };
  target.addEventListener('beforeunload', onBeforeUnload);
  return () => target.removeEventListener('beforeunload', onBeforeUnload);
}
