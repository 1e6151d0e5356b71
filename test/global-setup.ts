import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// better-sqlite3 13 is a Node-API 10 addon: on Node 20 (Node-API 9) it segfaults instead of throwing.
// Fail fast with an actionable message instead.
export default function setup(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22 || Number(process.versions.napi) < 10) {
    throw new Error(
      `Tests need Node 22 or newer (this is ${process.version}). ` +
        'Run `bash .ci/run`, or put .tools/node22/node_modules/.bin first on PATH.',
    );
  }
  // The CLI tests run the bundled command line, as users do (test/fixtures/run-cli.ts): bring the
  // bundles up to date with the sources once, before any test starts one.
  const root = join(import.meta.dirname, '..');
  const build = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build-electron.mjs --if-stale failed:\n${build.stderr}`);
}
