#!/usr/bin/env node
// `lupo` launcher. Runs the bundled CLI (out/cli/lupo.mjs, built by `npm ci`'s `prepare`
// or `npm run build:cli`) when it is at least as new as every source it was built from;
// otherwise (no bundle, or sources edited since) runs the TypeScript through tsx's loader,
// so a checkout always runs what its sources say. The bundle starts in a fraction of tsx's time.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'cli', 'lupo.mjs');

/** True when the bundle exists and no source listed in its inputs.json is newer. */
function bundleIsFresh() {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(root, 'out', 'cli', 'inputs.json'), 'utf8'));
    return inputs.every((file) => statSync(join(root, file)).mtimeMs <= builtAt);
  } catch {
    return false; // no bundle, or a source was removed: run from source
  }
}

if (process.env.LUPO_FROM_SOURCE !== '1' && bundleIsFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
}
