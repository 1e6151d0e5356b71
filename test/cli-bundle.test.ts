/**
 * The shipped command line: scripts/build-electron.mjs bundles electron/cli/main.ts into cli.cjs, which
 * `dossier-review` (bin/dossier-review.mjs) runs as plain JavaScript, with the import worker bundle
 * beside it. The other CLI tests drive the TypeScript sources; this one runs the bundle itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WORKER_THRESHOLD_BYTES } from '../electron/core/import';
import { encodeCsv, generateRegisterRows, registerToCsv, registerToXlsx } from './fixtures/registers';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let out: string;

const build = (...flags: string[]) => spawnSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', out, ...flags], { cwd: ROOT, encoding: 'utf8' });

function cli(...args: string[]) {
  // The externals (better-sqlite3, …) resolve from the repository's node_modules, as beside an installed bin.
  const env = { ...process.env, NO_COLOR: '1', NODE_PATH: join(ROOT, 'node_modules') };
  const r = spawnSync(process.execPath, [join(out, 'cli.cjs'), ...args], { cwd: dir, encoding: 'utf8', env });
  expect(r.status, `dossier-review ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-cli-bundle-'));
  out = join(dir, 'electron');
  const r = build();
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundled CLI (cli.cjs)', () => {
  it('needs neither tsx nor the TypeScript sources at run time', () => {
    const code = readFileSync(join(out, 'cli.cjs'), 'utf8');
    expect(code).not.toMatch(/require\("tsx/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; bin: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(readFileSync(join(ROOT, pkg.bin['dossier-review']), 'utf8')).toContain('dist/electron/cli.cjs');
  });

  it('creates a store, a campaign, and imports a register through the bundled worker threads', () => {
    const db = join(dir, 'store.sqlite');
    cli('init', '--db', db, '--json');
    const campaign = JSON.parse(cli('campaign', 'create', '--db', db, '--name', '打包测试', '--year', '2025', '--json')) as { id: string };
    expect(JSON.parse(cli('campaign', 'list', '--db', db, '--json'))).toMatchObject([{ id: campaign.id, name: '打包测试' }]);
    // Over the threshold, so the import runs in import-worker.cjs beside cli.cjs.
    const register = join(dir, 'register.csv');
    writeFileSync(register, encodeCsv(registerToCsv(generateRegisterRows({ seed: 5, count: 3500 })), 'gbk'));
    expect(statSync(register).size).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
    const imported = JSON.parse(cli('import-register', '--db', db, '--campaign', campaign.id, register, '--json')) as { imported: number; errorTotal: number };
    expect(imported).toMatchObject({ imported: 3500, errorTotal: 0 });
  });

  it('loads exceljs, docx, pdf-lib and the register decoders only for the commands that use them', () => {
    // A preload that records every package the process requires, written out at exit.
    const seen = join(dir, 'required.json');
    const hook = join(dir, 'record-requires.cjs');
    writeFileSync(
      hook,
      `const M = require('node:module'); const load = M._load; const names = new Set();
       M._load = function (request, ...rest) { names.add(request); return load.call(this, request, ...rest); };
       process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify([...names])));`,
    );
    const required = (...args: string[]): string[] => {
      const env = { ...process.env, NO_COLOR: '1', NODE_PATH: join(ROOT, 'node_modules') };
      const r = spawnSync(process.execPath, ['--require', hook, join(out, 'cli.cjs'), ...args], { cwd: dir, encoding: 'utf8', env });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return JSON.parse(readFileSync(seen, 'utf8')) as string[];
    };
    const heavy = ['exceljs', 'docx', 'pdf-lib', '@pdf-lib/fontkit', 'jschardet', 'iconv-lite', 'papaparse'];
    const db = join(dir, 'lazy.sqlite');
    cli('init', '--db', db);
    const campaign = JSON.parse(cli('campaign', 'create', '--db', db, '--name', '按需加载', '--year', '2025', '--json')) as { id: string };
    expect(required('campaign', 'list', '--db', db, '--json').filter((n) => heavy.includes(n))).toEqual([]);
    // Below the worker threshold the register is parsed in this process: the CSV parser loads then
    // (GBK decodes through ICU, so iconv-lite and jschardet stay unloaded for clean input).
    const register = join(dir, 'small.csv');
    writeFileSync(register, encodeCsv(registerToCsv(generateRegisterRows({ seed: 6, count: 40 })), 'gbk'));
    const loaded = required('import-register', '--db', db, '--campaign', campaign.id, register, '--json');
    expect(loaded).toContain('papaparse');
    expect(loaded.filter((n) => heavy.includes(n))).toEqual(['papaparse']);
    expect(JSON.parse(cli('campaign', 'list', '--db', db, '--json'))).toMatchObject([{ dossierCount: 40 }]);
    // Those packages are not in the bundles: they stay a fraction of what bundling them made them (~8.5 and ~4.9 MB).
    expect(statSync(join(out, 'cli.cjs')).size).toBeLessThan(3 * 1024 * 1024);
    expect(statSync(join(out, 'import-worker.cjs')).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('reads an XLSX register over the threshold in the worker thread, exceljs loaded there on use', async () => {
    const db = join(dir, 'xlsx.sqlite');
    cli('init', '--db', db);
    const campaign = JSON.parse(cli('campaign', 'create', '--db', db, '--name', 'XLSX', '--year', '2025', '--json')) as { id: string };
    const register = join(dir, 'register.xlsx');
    writeFileSync(register, await registerToXlsx(generateRegisterRows({ seed: 8, count: 8000 })));
    expect(statSync(register).size).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
    const imported = JSON.parse(cli('import-register', '--db', db, '--campaign', campaign.id, register, '--json')) as { imported: number; errorTotal: number };
    expect(imported).toMatchObject({ imported: 8000, errorTotal: 0 });
  });

  it('--if-stale rebuilds only when a bundle is missing or older than its inputs', () => {
    const builtAt = statSync(join(out, 'cli.cjs')).mtimeMs;
    const fresh = build('--if-stale');
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(statSync(join(out, 'cli.cjs')).mtimeMs).toBe(builtAt);
    unlinkSync(join(out, 'cli.cjs'));
    const rebuilt = build('--if-stale');
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toContain('cli.cjs missing');
    expect(existsSync(join(out, 'cli.cjs'))).toBe(true);
  });
});
