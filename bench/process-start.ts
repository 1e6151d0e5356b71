/**
 * How long a whole process takes to start, do one thing and exit, as a user meets it: median wall time
 * of RUNS starts after the caller's warm-up, and the median of each process's own CPU time (user +
 * system, all threads), which is steadier on a busy machine. Shared by cli_start_ms and main_start_ms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from './harness';

const RUNS = 9;

/**
 * `start(nodeArgs)` spawns the process once, synchronously, passing `nodeArgs` to Node before the
 * script; they make the process record its CPU time on exit.
 */
export function timeProcessStarts(dir: string, name: string, start: (nodeArgs: string[]) => void): { wallMs: number; cpuMs: number } {
  const cpuFile = join(dir, `${name}-cpu.json`);
  const cpuReporter = join(dir, `${name}-cpu-report.cjs`);
  writeFileSync(
    cpuReporter,
    `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify(u)); });`,
  );
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    start(['--require', cpuReporter]);
    wall.push(performance.now() - t0);
    const u = JSON.parse(readFileSync(cpuFile, 'utf8')) as NodeJS.CpuUsage;
    cpu.push((u.user + u.system) / 1000);
  }
  return { wallMs: percentile(wall, 50), cpuMs: percentile(cpu, 50) };
}
