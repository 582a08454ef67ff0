import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import { createConnectionStore } from '../../../renderer/src/stores/connection-store';
import { createJobsStore } from '../../../renderer/src/stores/jobs-store';
import { createNavigationStore, SCREENS, screenShortcut } from '../../../renderer/src/stores/navigation-store';
import { eventsClient } from './app/events-client';

const info = (id: string) => ({
  connectionId: id,
  serverVersion: '10.11.19-MariaDB',
  flavor: 'mariadb' as const,
  user: 'root',
  endpoint: '127.0.0.1:3306',
  databases: [{ name: 'lupo_core', tableCount: 3, isSystem: false }],
});

describe('connection store', () => {
  it('connects, replaces an older connection (closing it) and disconnects', async () => {
    const closed: string[] = [];
    let next = 0;
    const { client } = eventsClient({
      'connection/open': async () => info(`c${++next}`),
      'connection/close': async ({ connectionId }) => {
        closed.push(connectionId);
        return { closed: true };
      },
    });
    const store = createConnectionStore(client);
    await store.getState().open({ user: 'root' });
    expect(store.getState()).toMatchObject({ status: 'connected', info: { connectionId: 'c1' } });
    await store.getState().open({ user: 'root' });
    expect(store.getState().info?.connectionId).toBe('c2');
    expect(closed).toEqual(['c1']);
    await store.getState().close();
    expect(store.getState().status).toBe('idle');
    expect(closed).toEqual(['c1', 'c2']);
  });

  it('keeps the engine’s error code, message and hint for the screen', async () => {
    const { client } = eventsClient({
      'connection/open': async () => {
        throw new LupoError('connection/access-denied', 'Access denied for user "root".', {
          hint: 'Check the password.',
        });
      },
    });
    const store = createConnectionStore(client);
    await store.getState().open({ user: 'root', password: 'wrong' });
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toEqual({
      code: 'connection/access-denied',
      message: 'Access denied for user "root".',
      hint: 'Check the password.',
    });
    store.getState().clearError();
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined });
  });

  it('refuses invalid input before it reaches a handler', async () => {
    const { client } = eventsClient({ 'connection/open': async () => info('never') });
    const store = createConnectionStore(client);
    await store.getState().open({ user: '', port: 70_000 });
    expect(store.getState().error?.code).toBe('contract/invalid-request');
  });
});

describe('jobs store', () => {
  it('tracks progress by job id and keeps finished jobs until cleared', () => {
    const { client, emit } = eventsClient({});
    const store = createJobsStore(client);
    const stop = store.getState().listen();
    emit('job/progress', { jobId: 'j1', kind: 'introspect', title: 'Introspect', value: 0.5, detail: 'core' });
    emit('job/progress', { jobId: 'j2', kind: 'apply', title: 'Apply' });
    expect(store.getState().jobs.j1).toMatchObject({ status: 'running', value: 0.5, detail: 'core' });
    emit('job/finished', { jobId: 'j1', kind: 'introspect', status: 'succeeded' });
    emit('job/finished', {
      jobId: 'j2',
      kind: 'apply',
      status: 'failed',
      error: { name: 'LupoError', code: 'x', message: 'boom' },
    });
    emit('job/progress', { jobId: 'j1', kind: 'introspect', title: 'Introspect', value: 0.9 });
    expect(store.getState().jobs.j1).toMatchObject({ status: 'succeeded', value: 1, title: 'Introspect' });
    expect(store.getState().jobs.j2).toMatchObject({ status: 'failed', error: 'boom' });
    store.getState().clearFinished();
    expect(store.getState().jobs).toEqual({});
    stop();
    emit('job/progress', { jobId: 'j3', kind: 'apply', title: 'Apply' });
    expect(store.getState().jobs).toEqual({});
  });
});

describe('navigation store', () => {
  it('gives Alt 1 … Alt 9 and Alt 0 to the first ten screens, and no made-up two-digit key after', () => {
    expect(screenShortcut(0)).toEqual({ hotkey: 'alt+1', label: 'Alt 1' });
    expect(screenShortcut(8)).toEqual({ hotkey: 'alt+9', label: 'Alt 9' });
    expect(screenShortcut(9)).toEqual({ hotkey: 'alt+0', label: 'Alt 0' });
    expect(screenShortcut(10)).toBeUndefined();
    const labels = SCREENS.map((_, i) => screenShortcut(i)?.label).filter(Boolean);
    expect(new Set(labels).size).toBe(labels.length);
  });
  it('steps through the screens with wrap-around and closes the palette on go', () => {
    const store = createNavigationStore('connect');
    store.getState().step(-1);
    expect(store.getState().screen).toBe(SCREENS.at(-1));
    store.getState().step(1);
    expect(store.getState().screen).toBe('connect');
    store.getState().setPaletteOpen(true);
    store.getState().go('explorer');
    expect(store.getState()).toMatchObject({ screen: 'explorer', paletteOpen: false });
  });

  it('changes screen through the leave guard: held until it proceeds, direct once the guard is removed', () => {
    const store = createNavigationStore('data');
    let held: (() => void) | undefined;
    store.getState().setLeaveGuard((proceed) => (held = proceed));
    store.getState().go('console');
    store.getState().step(1);
    store.getState().goDoctrine({ rule: 'x' });
    expect(store.getState().screen).toBe('data');
    store.getState().go('data'); // the same screen: nothing to leave
    held!();
    expect(store.getState()).toMatchObject({ screen: 'doctrine', doctrineFocus: { rule: 'x' } });
    store.getState().setLeaveGuard(undefined);
    store.getState().go('explorer');
    expect(store.getState().screen).toBe('explorer');
  });

  it('leaveAllowed answers the leave guard: true when it proceeds, false when the operator stays, true without a guard', async () => {
    const store = createNavigationStore('data');
    await expect(store.getState().leaveAllowed()).resolves.toBe(true);
    let answer: ((go: boolean) => void) | undefined;
    store.getState().setLeaveGuard((proceed, stay) => (answer = (go) => (go ? proceed() : stay?.())));
    const stays = store.getState().leaveAllowed();
    answer!(false);
    await expect(stays).resolves.toBe(false);
    const goes = store.getState().leaveAllowed();
    answer!(true);
    await expect(goes).resolves.toBe(true);
  });
});
