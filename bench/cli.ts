/**
 * cli_start_ms: one `dossier-review campaign list --json` on a small store, as a user runs it (the bin,
 * i.e. the bundled dist/electron/cli.cjs), whole process from spawn to exit; median of 9 runs after a
 * warm-up (which also fills Node's compile cache, as any earlier run on the user's machine would).
 * cli_start_cpu_ms: that process's own CPU time (user + system), steadier on a busy machine.
 * cli_bundle_MB / import_worker_bundle_MB: the size of what every start reads (and both import threads
 * compile); the libraries only some commands use stay out of them (scripts/build-electron.mjs).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../electron/host/paths';
import { percentile, type BenchCase } from './harness';

const RUNS = 9;

export const cliBench: BenchCase = {
  title: 'cli: start-up',
  async run(emit, dir) {
    const bin = join(REPO_ROOT, 'bin', 'dossier-review.mjs');
    const db = join(dir, 'cli.sqlite');
    const cpuFile = join(dir, 'cpu.json');
    const cpuReporter = join(dir, 'cpu-report.cjs');
    writeFileSync(
      cpuReporter,
      `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(u)); });`,
    );
    const cli = (args: string[], measureCpu = false) => {
      const r = spawnSync(process.execPath, [...(measureCpu ? ['--require', cpuReporter] : []), bin, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`dossier-review ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    };
    cli(['init', '--db', db]);
    cli(['campaign', 'create', '--db', db, '--name', '基准活动', '--year', '2025']);
    cli(['campaign', 'list', '--json', '--db', db]);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const out = cli(['campaign', 'list', '--json', '--db', db], true);
      wall.push(performance.now() - t0);
      if (JSON.parse(out).length !== 1) throw new Error(`unexpected campaign list: ${out}`);
      const u = JSON.parse(readFileSync(cpuFile, 'utf8')) as NodeJS.CpuUsage;
      cpu.push((u.user + u.system) / 1000);
    }
    emit('cli_start_ms', percentile(wall, 50), 'ms');
    emit('cli_start_cpu_ms', percentile(cpu, 50), 'ms');
    const mb = (file: string) => statSync(join(REPO_ROOT, 'dist', 'electron', file)).size / 1024 / 1024;
    emit('cli_bundle_MB', mb('cli.cjs'), 'MB');
    emit('import_worker_bundle_MB', mb('import-worker.cjs'), 'MB');
  },
};
