/**
 * 评查一致性 through the API, the CLI and the workbook, over a seeded campaign whose figures are
 * worked out by hand below: only counted (submitted/locked) reviews of an assignment in force count.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { finalResults } from '../../electron/core/consensus/final';
import { runCli } from '../../electron/cli/run';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { ExportResult } from '../../shared/api/namespaces/exports';
import { pgTemplate, seedCrossReviews, type SeededCross } from '../fixtures/cross-reviews';

let dir: string;
let dbPath: string;
let core: Core;
let api: Api;
let seeded: SeededCross;
let X1: string, X2: string, X3: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-agreement-'));
  dbPath = join(dir, 'store.sqlite');
  core = await openCore(dbPath);
  api = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'test' }));
  const codes = pgTemplate(core.store.db).template.items.map((i) => i.code);
  [X1, X2, X3] = codes;
  const C = 'conform' as const;
  const D = 'deduct' as const;
  seeded = seedCrossReviews(core.store.db, {
    reviewers: ['甲', '乙', '丙', '丁'],
    dossiers: [
      [{ reviewer: '甲', total: 90, verdicts: { [X1]: C, [X2]: D, [X3]: D } }, { reviewer: '乙', total: 96, verdicts: { [X1]: C, [X2]: D, [X3]: C } }],
      [{ reviewer: '甲', total: 80, verdicts: { [X1]: C, [X2]: C, [X3]: C } }, { reviewer: '乙', total: 84, verdicts: { [X1]: C, [X2]: C, [X3]: D } }],
      [{ reviewer: '甲', total: 70, verdicts: { [X1]: C, [X2]: D } }, { reviewer: '乙', total: 78, verdicts: { [X1]: C, [X2]: C } }],
      // 丙's draft does not count: this dossier has one counted review only.
      [{ reviewer: '甲', total: 60, verdicts: { [X1]: C, [X2]: D } }, { reviewer: '丙', total: 99, verdicts: { [X1]: D, [X2]: C }, status: 'draft' }],
      [{ reviewer: '丁', total: 100, verdicts: { [X1]: C } }],
    ],
  });
}, 60_000);

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agreement.campaign', () => {
  it('gives per-item, per-pair and per-reviewer figures from the counted reviews', async () => {
    const r = await api.agreement.campaign({ campaignId: seeded.campaignId });
    expect(r.reviewsCounted).toBe(8);
    expect(r.sharedDossiers).toBe(3);
    expect(r.referenceKind).toBe('mean_of_independent');
    // X3 (2 dossiers): (D,C),(C,D) → κ = −1; X2 (3): (D,D),(C,C),(D,C): p_o 2/3, 甲 D 2/3 C 1/3,
    // 乙 D 1/3 C 2/3 → p_e 4/9 → κ = (2/9)/(5/9) = 0.4; X1: all 符合 → undefined, last.
    expect(r.items.map((i) => i.itemCode)).toEqual([X3, X2, X1]);
    expect(r.items[0]).toMatchObject({ dossiers: 2, disagreements: 2, needsRuling: true });
    expect(r.items[0].figure).toMatchObject({ method: 'cohen', strength: '差于偶然' });
    expect(r.items[0].figure.kappa).toBeCloseTo(-1, 12);
    expect(r.items[1].figure.kappa).toBeCloseTo(0.4, 12);
    expect(r.items[1]).toMatchObject({ dossiers: 3, disagreements: 1, needsRuling: true });
    expect(r.items[2].figure).toMatchObject({ kappa: null, undefinedReason: 'one_category', subjects: 3 });
    expect(r.items[2].figure.reasonText).toContain('偶然一致率为 1');
    expect(r.items[2].needsRuling).toBe(false);
    expect(r.items[1].title.length).toBeGreaterThan(0);

    expect(r.pairs).toHaveLength(1);
    expect([r.pairs[0].nameA, r.pairs[0].nameB].sort()).toEqual(['乙', '甲']);
    expect(r.pairs[0].dossiers).toBe(3);
    expect(r.pairs[0].figure.subjects).toBe(8);

    const byName = new Map(r.reviewers.map((v) => [v.name, v]));
    // 甲 against the mean of the two totals: −3, −2, −4 → −3; 乙 +3.
    expect(byName.get('甲')!.meanDifference).toBeCloseTo(-3, 12);
    expect(byName.get('甲')!.reviews).toBe(4);
    expect(byName.get('甲')!.sharedDossiers).toBe(3);
    expect(byName.get('甲')!.tendency).toBe('harsher');
    expect(byName.get('乙')!.tendencyText).toBe('偏宽');
    expect(byName.get('丁')!).toMatchObject({ sharedDossiers: 0, meanDifference: null, tendency: 'no_overlap' });
    expect(byName.has('丙')).toBe(false);
  });

  it('moves the ruling threshold when asked, and refuses an unknown campaign', async () => {
    const r = await api.agreement.campaign({ campaignId: seeded.campaignId, rulingAtOrBelow: 0 });
    expect(r.items.filter((i) => i.needsRuling).map((i) => i.itemCode)).toEqual([X3]);
    await expect(api.agreement.campaign({ campaignId: '01900000-0000-7000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), defaultActor: () => '法制科' });
  return { code, out, err };
}

describe('reference result', () => {
  it('measures against the 合议 result where the office decided an item, the mean of the totals elsewhere', async () => {
    const leader = await api.reviewers.add({ campaignId: seeded.campaignId, name: '王组长', unitName: '示例市司法局', role: 'leader' });
    const d1 = seeded.dossierIds[0];
    await api.consensus.decide({ dossierId: d1, stage: 'agreed', itemCode: X3, verdict: 'conform', reason: '合议：该项符合要求', deciderId: leader.id });
    const agreed = finalResults(core.store.db).ofDossier(d1)!;
    expect(agreed.source).not.toBe('review');
    expect(Math.abs(agreed.total - 93)).toBeGreaterThan(0.5); // differs from the mean of 90 and 96, or the test proves nothing
    const r = await api.agreement.campaign({ campaignId: seeded.campaignId });
    expect(r.referenceKind).toBe('mixed');
    expect(r.referenceText).toContain('合议结果');
    // 甲: d1 against the agreed total, d2 and d3 against the means (−2, −4).
    const a = r.reviewers.find((v) => v.name === '甲')!;
    expect(a.meanDifference).toBeCloseTo((90 - agreed.total - 2 - 4) / 3, 9);
    const b = r.reviewers.find((v) => v.name === '乙')!;
    expect(b.meanDifference).toBeCloseTo((96 - agreed.total + 2 + 4) / 3, 9);
    // The decision changes no kappa: those compare the independent reviews.
    expect(r.items[0].figure.kappa).toBeCloseTo(-1, 12);
    await api.consensus.undecide({ dossierId: d1, stage: 'agreed', itemCode: X3, deciderId: leader.id });
    expect((await api.agreement.campaign({ campaignId: seeded.campaignId })).referenceKind).toBe('mean_of_independent');
  });
});

describe('agreement CLI', () => {
  it('prints the report as JSON and as tables', async () => {
    core.close();
    try {
      const json = await cli(['agreement', '--db', dbPath, '--campaign', seeded.campaignId, '--json']);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.out);
      expect(parsed.items[0].itemCode).toBe(X3);
      expect(parsed.items[0].figure.kappa).toBeCloseTo(-1, 12);
      expect(parsed.reviewers.find((v: { name: string }) => v.name === '甲').meanDifference).toBeCloseTo(-3, 12);
      const text = await cli(['agreement', '--db', dbPath, '--campaign', seeded.campaignId]);
      expect(text.code).toBe(0);
      expect(text.out).toContain('需统一尺度');
      expect(text.out).toContain('偏严');
      expect(text.out).toContain('无与他人共同评查的案卷');
      const missing = await cli(['agreement', '--db', dbPath]);
      expect(missing.code).not.toBe(0);
      expect(missing.err).toContain('--campaign');
      const bad = await cli(['agreement', '--db', dbPath, '--campaign', seeded.campaignId, '--ruling', 'abc']);
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('--ruling');
    } finally {
      core = await openCore(dbPath);
      api = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'test' }));
    }
  }, 60_000);
});

describe('workbook', () => {
  it('carries a 评查一致性 sheet with the same figures', async () => {
    const started = await api.exports.start({ campaignId: seeded.campaignId, kind: 'workbook', format: 'xlsx', destination: { kind: 'path', path: join(dir, 'wb.xlsx') } });
    const job = await core.context.jobs.wait(started.jobId);
    expect(job.error).toBeNull();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((job.result as ExportResult).path!) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('评查一致性')!;
    expect(sheet).toBeDefined();
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0][0]).toBe('类别');
    const item = rows.find((r) => r[0] === '评查项' && r[1] === X3)!;
    expect(item[4]).toBeCloseTo(-1, 12);
    expect(String(item[11])).toContain('需统一尺度');
    const undefinedItem = rows.find((r) => r[0] === '评查项' && r[1] === X1)!;
    expect(undefinedItem[4] ?? null).toBeNull();
    const harsh = rows.find((r) => r[0] === '评查人' && r[1] === '甲')!;
    expect(harsh[10]).toBeCloseTo(-3, 12);
    expect(harsh[11]).toBe('偏严');
  }, 60_000);
});
