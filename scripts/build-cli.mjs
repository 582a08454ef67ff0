#!/usr/bin/env node
// Builds the `lupo` CLI bundle (out/cli/) with esbuild, the bundler electron-vite already
// uses. Runs as `npm ci`'s `prepare` and as part of `npm run build`. Without it (or with
// sources newer than it) bin/lupo.mjs falls back to running the TypeScript through tsx, so
// a failure here is reported but never fails the install.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'cli');
const stagingDir = join(root, 'out', `cli-staging-${process.pid}`);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('[build-cli] esbuild is not installed; `lupo` will run from source through tsx.\n');
  process.exit(0);
}

try {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { lupo: 'electron/cli/main.ts' },
    outdir: stagingDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // One chunk per command (and shared chunks), loaded only when the command runs.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // node_modules stay where they are: native (ssh2, cpu-features) and large (playwright-core) ones must.
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  // The sources this bundle was built from: bin/lupo.mjs compares their mtimes with the bundle's.
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  writeFileSync(join(stagingDir, 'inputs.json'), JSON.stringify(inputs) + '\n');
  mkdirSync(dirname(outDir), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(stagingDir, outDir);
  process.stderr.write(`[build-cli] ${relative(root, outDir)}/lupo.mjs from ${inputs.length} sources\n`);
} catch (error) {
  rmSync(stagingDir, { recursive: true, force: true });
  process.stderr.write(`[build-cli] build failed, \`lupo\` will run from source through tsx: ${String(error)}\n`);
  process.exit(0);
}
