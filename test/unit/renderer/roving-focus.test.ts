import { describe, expect, it } from 'vitest';
import { nextListIndex } from '../../../renderer/src/lib/roving-focus';
import { isConnectionLoss } from '../../../electron/engine/connection/session-registry';
import { LupoError } from '../../../shared/errors';

describe('keyboard lists', () => {
  it('moves by one with the arrows, to the ends with Home/End, and stops there', () => {
    expect(nextListIndex('ArrowDown', -1, 3)).toBe(0);
    expect(nextListIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextListIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextListIndex('ArrowUp', 2, 3)).toBe(1);
    expect(nextListIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextListIndex('Home', 2, 3)).toBe(0);
    expect(nextListIndex('End', 0, 3)).toBe(2);
    expect(nextListIndex('Enter', 1, 3)).toBeUndefined();
    expect(nextListIndex('ArrowDown', -1, 0)).toBeUndefined();
  });
});

describe('a connection loss', () => {
  it('is told by driver codes and Lupo codes, also as a cause, and not by SQL errors', () => {
    expect(isConnectionLoss(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionLoss(new LupoError('connection/lost', 'lost'))).toBe(true);
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isConnectionLoss(new LupoError('ledger/read-failed', 'could not read', { cause: reset }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('no such table'), { code: 'ER_NO_SUCH_TABLE' }))).toBe(false);
    expect(isConnectionLoss(new LupoError('connection/access-denied', 'denied'))).toBe(false);
    expect(isConnectionLoss(undefined)).toBe(false);
  });
});
