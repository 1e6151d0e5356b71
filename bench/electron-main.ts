/**
 * main_start_ms: the Electron main bundle (dist/electron/main.cjs) started under plain Node with the
 * stand-in `electron` module (test/fixtures/stand-in-electron.cjs, STAND_IN_MODE=start), whole process
 * from spawn until its store is open, app:// and IPC are wired and it has quit; median of 9 runs after
 * a warm-up, like cli_start_ms. main_start_cpu_ms: that process's own CPU time. main_bundle_MB: the
 * size of what every app start reads. Electron itself is not in these figures (none can be downloaded
 * here); they measure what our code adds to a start.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../electron/host/paths';
import { type BenchCase } from './harness';
import { timeProcessStarts } from './process-start';

export const electronMainBench: BenchCase = {
  title: 'electron main: start-up (stand-in electron)',
  async run(emit, dir) {
    const built = join(REPO_ROOT, 'dist', 'electron');
    // A copy beside a stand-in node_modules/electron: next to the repository, `electron` would be the real package.
    const app = join(dir, 'app');
    mkdirSync(join(app, 'electron'), { recursive: true });
    mkdirSync(join(app, 'renderer'), { recursive: true });
    mkdirSync(join(app, 'node_modules', 'electron'), { recursive: true });
    for (const f of readdirSync(built)) if (f.endsWith('.cjs')) copyFileSync(join(built, f), join(app, 'electron', f));
    writeFileSync(join(app, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'stand-in-electron.cjs'), join(app, 'node_modules', 'electron', 'index.js'));
    const db = join(dir, 'main-start.sqlite');
    const start = (nodeArgs: string[] = []) => {
      const r = spawnSync(process.execPath, [...nodeArgs, join(app, 'electron', 'main.cjs'), '--db', db], {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules'), STAND_IN_MODE: 'start' },
      });
      if (r.status !== 0) throw new Error(`main.cjs exited ${r.status}: ${r.stderr}`);
      const report = JSON.parse(r.stdout.trim().split('\n').pop()!) as { errorBox: string | null };
      if (report.errorBox) throw new Error(`main.cjs: ${report.errorBox}`);
    };
    start(); // creates the store and fills the compile cache, as an earlier start would
    const { wallMs, cpuMs } = timeProcessStarts(dir, 'main', start);
    emit('main_start_ms', wallMs, 'ms');
    emit('main_start_cpu_ms', cpuMs, 'ms');
    emit('main_bundle_MB', statSync(join(built, 'main.cjs')).size / 1024 / 1024, 'MB');
  },
};
