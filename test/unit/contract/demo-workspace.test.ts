import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDemoWorkspace } from '../../../electron/engine/api/demo-workspace';

const SHIPPED = resolve(import.meta.dirname, '../../../toon/demo');

describe('the demo workspace', () => {
  it('is opened from a writable copy in the user-data folder, copied once', () => {
    const userData = mkdtempSync(join(tmpdir(), 'lupo-demo-'));
    const dir = prepareDemoWorkspace(SHIPPED, userData);
    expect(dir).toBe(join(userData, 'demo-workspace'));
    expect(readFileSync(join(dir, 'install.sql'), 'utf8')).toBe(readFileSync(join(SHIPPED, 'install.sql'), 'utf8'));
    writeFileSync(join(dir, 'operator-note.txt'), 'kept');
    expect(prepareDemoWorkspace(SHIPPED, userData)).toBe(dir);
    expect(existsSync(join(dir, 'operator-note.txt'))).toBe(true);
  });
});
