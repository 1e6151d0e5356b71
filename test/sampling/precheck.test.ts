/**
 * Before a draw: dossiers that could not be reviewed (no 评查标准 for their type, no 卷宗 PDF) are
 * reported, and the office may leave them out; what is left out is recorded and the draw reproduces.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { drawSample, verifyDraw, type PopulationItem } from '../../shared/domain/sampling';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

const tempDir = useTempDir();

describe('excludeCaseNos in the draw', () => {
  const pop: PopulationItem[] = Array.from({ length: 12 }, (_, i) => ({
    id: `d${i}`,
    caseNo: `C-${String(i).padStart(3, '0')}`,
    unitName: i % 2 ? '甲局' : '乙局',
    caseType: i % 3 === 0 ? '其他' : '行政处罚',
    closedDate: '2024-05-01',
  }));
  const others = pop.filter((p) => p.caseType === '其他').map((p) => p.caseNo);

  it('never draws an excluded dossier, records the list sorted, and verifies', () => {
    const r = drawSample(pop, { mode: 'per_unit', perUnit: 6, excludeCaseNos: [...others].reverse() }, 'seed');
    expect(r.items.some((i) => others.includes(i.caseNo))).toBe(false);
    expect(r.items).toHaveLength(8); // 12 − 4 excluded, each unit's whole remaining population
    expect(r.settings.excludeCaseNos).toEqual([...others].sort());
    expect(r.excluded.byRequest).toBe(4);
    const v = verifyDraw(pop, r.settings, 'seed', { algorithm: r.algorithm, seed: r.seed, settings: r.settings, populationByStratum: r.populationByStratum, items: r.items.map((i) => ({ id: i.id, stratum: i.stratum, drawOrder: i.drawOrder, origin: 'random' })) });
    expect(v.ok).toBe(true);
  });

  it('without exclusions the recorded settings keep their earlier shape (no excludeCaseNos key)', () => {
    const r = drawSample(pop, { mode: 'per_unit', perUnit: 2 }, 'seed');
    expect(Object.keys(r.settings)).not.toContain('excludeCaseNos');
    expect(r.excluded).toEqual({ byCaseType: 0, byClosedDate: 0 });
  });
});

describe('sampling.precheck over a campaign', () => {
  it('reports 其他 dossiers (no template) and dossiers with no PDF; a draw leaving them out draws none of them', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    try {
      const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '王组长', transport: 'test' }));
      const campaign = await api.campaigns.create({ name: '抽样前检查', year: 2025 });
      const rows = generateRegisterRows({ seed: 5, count: 60 });
      // Some 其他 cases: no built-in 评查标准 covers them.
      for (const r of rows.slice(0, 6)) Object.assign(r, { 案件类型: '其他', 程序类型: '' });
      const csv = encodeCsv(registerToCsv(rows), 'utf-8');
      const res = await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
      expect(res.errors).toEqual([]);

      const check = await api.sampling.precheck({ campaignId: campaign.id });
      const other = check.noTemplate.find((g) => g.caseType === '其他');
      expect(other?.count).toBe(6);
      expect(new Set(other?.caseNos)).toEqual(new Set(rows.slice(0, 6).map((r) => r.案卷编号)));
      expect(check.caseTypesWithTemplate).not.toContain('其他');
      // No 卷宗 PDF is attached to any dossier yet.
      expect(check.noPdf.count).toBe(check.dossiers);

      const excludeCaseNos = check.noTemplate.flatMap((g) => g.caseNos);
      const draw = await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'ratio', ratio: 1, min: 0, stratify: false, from: null, to: null, caseTypes: [], excludeCaseNos }, seed: 's' });
      expect(draw.items.length).toBe(check.dossiers - excludeCaseNos.length);
      expect(draw.items.some((i) => i.caseType === '其他')).toBe(false);
      expect((await api.sampling.verify({ drawId: draw.id })).ok).toBe(true);
    } finally {
      core.close();
    }
  });
});
