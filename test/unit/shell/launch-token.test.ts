import { describe, expect, it } from 'vitest';
import { takeLaunchToken } from '../../../renderer/src/api/launch-token';

/** A tab's location, history and sessionStorage, as far as takeLaunchToken uses them. */
function tab(href: string) {
  const items = new Map<string, string>();
  const replaced: string[] = [];
  return {
    location: { href },
    history: {
      state: { keep: 1 },
      replaceState: (_state: unknown, _title: string, url: string) => void replaced.push(url),
    },
    storage: { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) },
    replaced,
  };
}

describe('takeLaunchToken', () => {
  it('moves the token from the address bar to the tab, keeping the rest of the URL', () => {
    const t = tab('http://127.0.0.1:4000/?token=abc-DEF_123&x=1#/overview');
    expect(takeLaunchToken(t.location, t.history, t.storage)).toBe('abc-DEF_123');
    expect(t.replaced).toEqual(['/?x=1#/overview']);
    // A reload: no token in the URL any more, the tab still has it; the address bar is left alone.
    const reloaded = { ...t, location: { href: 'http://127.0.0.1:4000/?x=1#/overview' } };
    expect(takeLaunchToken(reloaded.location, reloaded.history, reloaded.storage)).toBe('abc-DEF_123');
    expect(t.replaced).toHaveLength(1);
  });

  it('has no token for a page opened without one, and survives storage that refuses', () => {
    const t = tab('http://127.0.0.1:4000/');
    expect(takeLaunchToken(t.location, t.history, t.storage)).toBeUndefined();
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const u = tab('http://127.0.0.1:4000/?token=zz');
    expect(takeLaunchToken(u.location, u.history, refusing)).toBe('zz');
    expect(u.replaced).toEqual(['/']);
  });
});
