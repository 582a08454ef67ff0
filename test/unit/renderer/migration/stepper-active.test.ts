import { describe, expect, it } from 'vitest';
import { stepperActive, WIZARD_STEPS } from '../../../../renderer/src/stores/migration-store';

describe('the migration stepper', () => {
  it('ticks Rehearse as soon as the rehearsal succeeded, before the operator moves on', () => {
    const rehearse = WIZARD_STEPS.indexOf('rehearse');
    expect(stepperActive('rehearse', false)).toBe(rehearse);
    expect(stepperActive('rehearse', true)).toBe(rehearse + 1);
    expect(stepperActive('validate', true)).toBe(rehearse + 1);
  });

  it('follows the step otherwise, and completes every step when done', () => {
    expect(stepperActive('review', true)).toBe(WIZARD_STEPS.indexOf('review'));
    expect(stepperActive('confirm', false)).toBe(WIZARD_STEPS.indexOf('confirm'));
    expect(stepperActive('done', false)).toBe(WIZARD_STEPS.length);
  });
});
