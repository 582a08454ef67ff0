import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const config = JSON.parse(readFileSync(new URL('../../../electron-builder.json', import.meta.url), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

describe('electron-builder configuration', () => {
  it('names the product and app id', () => {
    expect(config.productName).toBe('Lupo Admin');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
  });

  it('targets Linux AppImage+deb, Windows nsis and macOS dmg', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });

  it('packs only the built output into an asar and ships toon/ as a resource', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toContain('out/**/*');
    expect(config.files.some((f: string) => /^(electron|renderer|shared|test)\//.test(f))).toBe(false);
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'toon', to: 'toon' }));
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('has icons and a desktop entry in build/, and secure fuses', () => {
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) {
      expect(() => readFileSync(new URL(`../../../${icon}`, import.meta.url))).not.toThrow();
    }
    expect(config.directories.buildResources).toBe('build');
    expect(config.linux.desktop.entry.Name).toBe('Lupo Admin');
    expect(readFileSync(new URL('../../../build/lupo-admin.desktop', import.meta.url), 'utf8')).toContain(
      'Name=Lupo Admin',
    );
    expect(config.electronFuses.runAsNode).toBe(false);
    expect(config.electronFuses.onlyLoadAppFromAsar).toBe(true);
    expect(config.electronFuses.enableNodeCliInspectArguments).toBe(false);
  });

  it('keeps npm install working without Electron’s binary download', () => {
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.bin.lupo).toBe('bin/lupo.mjs');
  });
});
