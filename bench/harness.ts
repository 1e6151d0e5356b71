/** Benchmark plumbing: each figure is one JSON line {name, value, unit} on stdout. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Unit = 'ms' | 'ratio' | 'MB' | 'MB/s' | 'count';

export interface Figure {
  name: string;
  value: number;
  unit: Unit;
}

export type Emit = (name: string, value: number, unit: Unit) => void;

export interface BenchCase {
  /** Shown on stderr while it runs. */
  title: string;
  run(emit: Emit, workDir: string): Promise<void>;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}

export const round = (v: number, digits = 2): number => Number(v.toFixed(digits));

export async function runCases(cases: BenchCase[], filter?: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const emit: Emit = (name, value, unit) => {
    const f = { name, value: round(value, unit === 'ratio' ? 3 : 2), unit };
    figures.push(f);
    process.stdout.write(`${JSON.stringify(f)}\n`);
  };
  for (const c of cases) {
    if (filter && !c.title.includes(filter)) continue;
    const dir = mkdtempSync(join(tmpdir(), 'dossier-review-bench-'));
    process.stderr.write(`# ${c.title}\n`);
    try {
      await c.run(emit, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}
