#!/usr/bin/env node
// `lupo` launcher. Runs the bundled CLI (out/cli/lupo.cjs, built by `npm ci`'s `prepare`
// or `npm run build:cli`) when it is at least as new as every source it was built from;
// otherwise (no bundle, or sources edited since) runs the TypeScript through tsx's loader,
// so a checkout always runs what its sources say. The bundle starts in a fraction of tsx's time.
import { isAscii } from 'node:buffer';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'cli');
const bundle = join(outDir, 'lupo.cjs');

/** True when the bundle exists and no source listed in its inputs.json is newer. */
function bundleIsFresh() {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(outDir, 'inputs.json'), 'utf8'));
    return inputs.every((file) => statSync(join(root, file)).mtimeMs <= builtAt);
  } catch {
    return false; // no bundle, or a source was removed: run from source
  }
}

/**
 * The code cache file for this command line: one per command (its first plain word, as
 * commands/index.ts reads it), since each holds the functions the run that wrote it compiled.
 */
function codeCacheFile(argv) {
  let command = 'lupo';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-c' || argv[i] === '--config') i++;
    else if (argv[i] === '--' || !argv[i].startsWith('-')) {
      if (/^[a-z]{1,20}$/.test(argv[i])) command = argv[i];
      break;
    }
  }
  return join(outDir, 'cache', `${command}.v8`);
}

/**
 * Runs the CommonJS bundle as Node would, compiled from V8's code cache: compiling the
 * bundle was the largest fixed cost of every command. The cache is written at exit by the
 * first successful run of each command (and again when V8 rejects it, e.g. after a Node upgrade);
 * a rebuild replaces out/cli/ and so drops the caches with the bundle they belong to.
 */
function runBundle() {
  const cacheFile = codeCacheFile(process.argv.slice(2));
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: compile from source
  }
  // The build makes the bundle ASCII (see build-cli): latin1 is then the same text, decoded
  // at a fraction of UTF-8's cost.
  const bytes = readFileSync(bundle);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code >= 2) return; // a failed run compiled too little of its command to be worth caching
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile); // atomic: a concurrent run reads the old file or the new one
      } catch {
        rmSync(temp, { force: true }); // a read-only install runs without a cache
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, outDir);
}

if (process.env.LUPO_FROM_SOURCE !== '1' && bundleIsFresh()) {
  runBundle();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
}
