import { describe, expect, it } from 'vitest';
import { leavesAfterPrompt, unsavedEditsPrompt } from '../../../electron/main/unsaved-edits-prompt';

describe('closing the window with uncommitted data edits', () => {
  const prompt = unsavedEditsPrompt();

  it('asks stay or discard, staying by default and on Escape', () => {
    expect(prompt.buttons).toEqual(['Stay', 'Discard changes']);
    expect(prompt.buttons?.[prompt.defaultId!]).toBe('Stay');
    expect(prompt.buttons?.[prompt.cancelId!]).toBe('Stay');
  });

  it('unloads only on Discard', () => {
    const answers = (prompt.buttons ?? []).map((label, index) => [label, leavesAfterPrompt(index)]);
    expect(answers).toEqual([
      ['Stay', false],
      ['Discard changes', true],
    ]);
    expect(leavesAfterPrompt(-1)).toBe(false);
  });
});
