#!/usr/bin/env node
/**
 * Adds the Linux (glibc) native packages of another architecture to node_modules, so that
 * `electron-builder --linux --<arch>` can package them: npm installs the optional native packages
 * of sharp (with libvips) and @napi-rs/canvas for the build machine only. better-sqlite3 and
 * onnxruntime-node ship every architecture themselves; electron-builder.yml keeps each package's own.
 *
 *   node scripts/add-linux-natives.mjs [x64] [arm64]      (default: both; `npm test` runs it first)
 *
 * The versions are the ones sharp and @napi-rs/canvas ask for. Needs the npm registry; nothing is
 * saved to package.json or the lockfile.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arches = process.argv.length > 2 ? process.argv.slice(2) : ['x64', 'arm64'];
if (arches.some((a) => a !== 'x64' && a !== 'arm64')) {
  console.error('用法：node scripts/add-linux-natives.mjs [x64] [arm64]（默认两者）');
  process.exit(2);
}

const optional = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).optionalDependencies ?? {};
const wanted = Object.entries({ ...optional('sharp'), ...optional('@napi-rs/canvas') }).filter(([name]) =>
  arches.some((arch) => [`@img/sharp-linux-${arch}`, `@img/sharp-libvips-linux-${arch}`, `@napi-rs/canvas-linux-${arch}-gnu`].includes(name)),
);
const missing = wanted.filter(([name, version]) => {
  const pkg = join(root, 'node_modules', name, 'package.json');
  return !existsSync(pkg) || JSON.parse(readFileSync(pkg, 'utf8')).version !== version;
});
if (missing.length === 0) process.exit(0);

// Installed into a scratch prefix (--force: they are for another CPU), then copied in, so npm never
// re-plans the project's own node_modules.
const scratch = mkdtempSync(join(tmpdir(), 'linux-natives-'));
try {
  const specs = missing.map(([name, version]) => `${name}@${version}`);
  console.log(`安装 ${specs.join(' ')}`);
  execFileSync('npm', ['install', '--prefix', scratch, '--force', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', ...specs], { stdio: 'inherit' });
  for (const [name] of missing) cpSync(join(scratch, 'node_modules', name), join(root, 'node_modules', name), { recursive: true });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
