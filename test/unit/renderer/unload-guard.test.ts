import { describe, expect, it } from 'vitest';
import { guardUnload } from '../../../renderer/src/screens/data/unload-guard';

/** A `beforeunload` as the page gets it: cancelled means the browser (or Electron's main process) asks. */
function unload(target: EventTarget): { defaultPrevented: boolean; returnValue: unknown } {
  const event = new Event('beforeunload', { cancelable: true });
  // Node has no BeforeUnloadEvent: give this one its writable returnValue (Event's is a getter).
  Object.defineProperty(event, 'returnValue', { value: '', writable: true });
  target.dispatchEvent(event);
  return { defaultPrevented: event.defaultPrevented, returnValue: event.returnValue };
}

describe('the data browser unload guard', () => {
  it('cancels the unload while edits are pending, not when there are none, and not once removed', () => {
    const page = new EventTarget();
    let pending = 0;
    const remove = guardUnload(page, () => pending);
    expect(unload(page).defaultPrevented).toBe(false);
    pending = 2;
    // Both ways of refusing: preventDefault (current Chromium) and returnValue (older builds).
    expect(unload(page)).toEqual({ defaultPrevented: true, returnValue: true });
    pending = 0;
    expect(unload(page).defaultPrevented).toBe(false);
    pending = 1;
    remove();
    expect(unload(page).defaultPrevented).toBe(false);
  });
});
