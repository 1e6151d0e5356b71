/** `dossier-review check` as a child process, straight after a register import (no UI step between). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { registerToCsv } from '../fixtures/registers';
import { LATE_COMPUTATION, openCheckHarness, plantedRows } from './helpers';
import { runCli as cli } from '../fixtures/run-cli';

const tempDir = useTempDir();

describe('check command', () => {
  it('prints exactly the findings array as JSON and stores them', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const h = await openCheckHarness(dir, 'cli.sqlite');
    const { campaignId, late } = h;
    h.core.close();
    const db = join(dir, 'cli.sqlite');

    const r = cli('check', '--db', db, '--campaign', campaignId, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(out)).toBe(true);
    for (const f of out) {
      expect(Object.keys(f).sort()).toEqual(['article', 'computation', 'dossierNo', 'item', 'law', 'message', 'ruleId', 'severity']);
    }
    const hit = out.find((f) => f.dossierNo === late && f.ruleId === 'D-PEN-11');
    expect(hit).toMatchObject({ law: '行政处罚法', article: 61, severity: 'deduction', item: 'PG-PROC-20' });
    expect(String(hit?.computation)).toContain(LATE_COMPUTATION);

    const one = cli('check', '--db', db, '--campaign', campaignId, '--dossier', late, '--json');
    expect(one.code, one.stderr).toBe(0);
    const oneOut = JSON.parse(one.stdout) as { dossierNo: string }[];
    expect(oneOut.length).toBeGreaterThan(0);
    expect(new Set(oneOut.map((f) => f.dossierNo))).toEqual(new Set([late]));

    const text = cli('check', '--db', db, '--campaign', campaignId, '--dossier', late);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('D-PEN-11');

    const missing = cli('check', '--db', db, '--json');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--campaign');
  });

  it('runs straight after init → campaign create → import-register → attach, all on the command line', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const db = join(dir, 'flow.sqlite');
    const { rows, late } = plantedRows();
    const csv = join(dir, '案卷目录.csv');
    writeFileSync(csv, registerToCsv(rows));
    mkdirSync(join(dir, 'pdfs'));
    const json = (...args: string[]) => {
      const r = cli(...args, '--json');
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    json('init', '--db', db);
    const id = String(json('campaign', 'create', '--db', db, '--name', '2024年度评查', '--year', '2024').id);
    expect(json('import-register', '--db', db, '--campaign', id, csv).imported).toBe(rows.length);
    json('attach', '--db', db, '--campaign', id, '--dir', join(dir, 'pdfs'));
    const out = json('check', '--db', db, '--campaign', id) as unknown as { dossierNo: string; ruleId: string; computation: string }[];
    const hit = out.find((f) => f.dossierNo === late && f.ruleId === 'D-PEN-11');
    expect(hit?.computation).toContain(LATE_COMPUTATION);
  });
});
