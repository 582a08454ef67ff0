import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** Remembered window bounds. */
export interface WindowState {
  readonly width: number;
  readonly height: number;
  readonly x?: number;
  readonly y?: number;
}

const DEFAULT_STATE: WindowState = { width: 1360, height: 860 };

/** Reads the last window bounds from the user-data folder (defaults when absent or damaged). */
export function loadWindowState(userDataDir: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(join(userDataDir, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    if (typeof raw.width === 'number' && typeof raw.height === 'number') {
      return {
        width: Math.max(960, raw.width),
        height: Math.max(600, raw.height),
        ...(typeof raw.x === 'number' ? { x: raw.x } : {}),
        ...(typeof raw.y === 'number' ? { y: raw.y } : {}),
      };
    }
  } catch {
    // first start or unreadable file: fall back to defaults
  }
  return DEFAULT_STATE;
}

/** Saves the window bounds atomically. */
export function saveWindowState(userDataDir: string, state: WindowState): void {
  const file = join(userDataDir, 'window-state.json');
  writeFileSync(file + '.tmp', JSON.stringify(state));
  renameSync(file + '.tmp', file);
}
