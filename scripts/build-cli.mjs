#!/usr/bin/env node
// Builds the `lupo` CLI bundle (out/cli/) with esbuild, the bundler electron-vite already
// uses. Runs as `npm ci`'s `prepare` and as part of `npm run build`. Without it (or with
// sources newer than it) bin/lupo.mjs falls back to running the TypeScript through tsx, so
// a failure here is reported but never fails the install.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
    entryPoints: ['electron/cli/main.ts'],
    outfile: join(stagingDir, 'lupo.cjs'),
    bundle: true,
    // One CommonJS file, dependencies included: bin/lupo.mjs compiles it with a V8 code cache
    // (Node 20 has none for ES modules), and one file spares the module loader resolving and
    // reading the ~150 files of mysql2, zod and commander at every start. Commands are still
    // evaluated lazily (esbuild wraps each dynamically imported module in an initializer).
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Optional, native or large packages stay in node_modules, loaded only by the commands that use them.
    external: ['ssh2', 'cpu-features', 'playwright-core'],
    // import() of those becomes require(): a vm.Script has no ES module loader to import with.
    supported: { 'dynamic-import': false },
    // import.meta.url (modules find package.json from their own location) of the bundle file.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'var importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  // Pure ASCII, so the launcher can read it as latin1: decoding 3.3 MB as UTF-8 cost ~15 ms
  // of every start. esbuild already escapes strings; what is left is comments (and regex
  // literals written with non-ASCII), where a \uXXXX escape per UTF-16 unit means the same.
  // Not in a String.raw template, whose text would change: such a bundle stays UTF-8.
  const bundleFile = join(stagingDir, 'lupo.cjs');
  const text = readFileSync(bundleFile, 'utf8');
  const nonAscii = /[\u0080-\uffff]/;
  if (!text.split('\n').some((line) => nonAscii.test(line) && line.includes('String.raw')))
    writeFileSync(
      bundleFile,
      text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
  // The sources this bundle was built from: bin/lupo.mjs compares their mtimes with the bundle's.
  // A bundled package stands for its files by its package.json, which a reinstall rewrites.
  const files = Object.keys(result.metafile.inputs);
  const packages = files.map((file) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter(Boolean);
  const inputs = [
    ...files.filter((file) => !file.includes('node_modules/')),
    ...[...new Set(packages)].map((dir) => `${dir}/package.json`),
  ];
  writeFileSync(join(stagingDir, 'inputs.json'), JSON.stringify(inputs) + '\n');
  mkdirSync(dirname(outDir), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(stagingDir, outDir);
  process.stderr.write(
    `[build-cli] ${relative(root, outDir)}/lupo.cjs from ${inputs.length - new Set(packages).size} sources and ${new Set(packages).size} packages\n`,
  );
} catch (error) {
  rmSync(stagingDir, { recursive: true, force: true });
  process.stderr.write(`[build-cli] build failed, \`lupo\` will run from source through tsx: ${String(error)}\n`);
  process.exit(0);
}
