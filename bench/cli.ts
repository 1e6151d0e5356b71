/**
 * cli_start_ms: one `dossier-review campaign list --json` on a small store, as a user runs it (the bin,
 * i.e. the bundled dist/electron/cli.cjs), whole process from spawn to exit; median of 9 runs after a
 * warm-up (which also fills Node's compile cache, as any earlier run on the user's machine would).
 * cli_start_cpu_ms: that process's own CPU time (user + system), steadier on a busy machine.
 * cli_bundle_MB / import_worker_bundle_MB: the size of what every start reads (and both import threads
 * compile); the libraries only some commands use stay out of them (scripts/build-electron.mjs).
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../electron/host/paths';
import { type BenchCase } from './harness';
import { timeProcessStarts } from './process-start';

export const cliBench: BenchCase = {
  title: 'cli: start-up',
  async run(emit, dir) {
    const bin = join(REPO_ROOT, 'bin', 'dossier-review.mjs');
    const db = join(dir, 'cli.sqlite');
    const cli = (args: string[], nodeArgs: string[] = []) => {
      const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`dossier-review ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    };
    cli(['init', '--db', db]);
    cli(['campaign', 'create', '--db', db, '--name', '基准活动', '--year', '2025']);
    cli(['campaign', 'list', '--json', '--db', db]);
    const { wallMs, cpuMs } = timeProcessStarts(dir, 'cli', (nodeArgs) => {
      const out = cli(['campaign', 'list', '--json', '--db', db], nodeArgs);
      if (JSON.parse(out).length !== 1) throw new Error(`unexpected campaign list: ${out}`);
    });
    emit('cli_start_ms', wallMs, 'ms');
    emit('cli_start_cpu_ms', cpuMs, 'ms');
    const mb = (file: string) => statSync(join(REPO_ROOT, 'dist', 'electron', file)).size / 1024 / 1024;
    emit('cli_bundle_MB', mb('cli.cjs'), 'MB');
    emit('import_worker_bundle_MB', mb('import-worker.cjs'), 'MB');
  },
};
