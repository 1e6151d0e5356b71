import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { encodeCsv, FICTIONAL_UNITS, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

const ctx = { actor: '王组长', transport: 'test' as const };

async function campaignWithRegister(path: string, count = 120): Promise<{ core: Core; api: Api; campaignId: string }> {
  const core = await openCore(path);
  const api = createApiClient((m, i) => core.dispatch(m, i, ctx));
  const campaign = await api.campaigns.create({ name: '抽样测试', year: 2025 });
  const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 7, count })), 'gbk');
  const result = await api.registers.import({ campaignId: campaign.id, files: [{ name: '登记表.csv', dataBase64: csv.toString('base64') }] });
  expect(result.errors).toEqual([]);
  expect(result.imported).toBe(count);
  return { core, api, campaignId: campaign.id };
}

describe('sampling through the API', () => {
  const tempDir = useTempDir();

  it('gives the same sample for the same register, settings and seed on two separate stores', async () => {
    const a = await campaignWithRegister(join(tempDir(), 'a.sqlite'));
    const b = await campaignWithRegister(join(tempDir(), 'b.sqlite'));
    const settings = { mode: 'per_unit' as const, perUnit: 4, stratify: true };
    const da = await a.api.sampling.draw({ campaignId: a.campaignId, settings, seed: '2026-评查-001' });
    const db = await b.api.sampling.draw({ campaignId: b.campaignId, settings, seed: '2026-评查-001' });
    expect(da.items.map((i) => i.caseNo)).toEqual(db.items.map((i) => i.caseNo));
    expect(da.items).toHaveLength(4 * FICTIONAL_UNITS.length);
    const dc = await b.api.sampling.draw({ campaignId: b.campaignId, settings, seed: '另一个种子', redraw: true });
    expect(dc.items.map((i) => i.caseNo)).not.toEqual(da.items.map((i) => i.caseNo));
    expect(da.strata.reduce((n, s) => n + s.population, 0)).toBe(120);
    a.core.close();
    b.core.close();
  });

  it('refuses to replace a draw without confirmation and keeps the earlier draw in the record', async () => {
    const { core, api, campaignId } = await campaignWithRegister(join(tempDir(), 's.sqlite'));
    const first = await api.sampling.draw({ campaignId, settings: { mode: 'ratio', ratio: 0.1, min: 2 }, seed: 'x' });
    const err = await api.sampling.draw({ campaignId, settings: { mode: 'ratio', ratio: 0.1, min: 2 }, seed: 'y' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((await api.sampling.current({ campaignId }))?.id).toBe(first.id);
    const second = await api.sampling.draw({ campaignId, settings: { mode: 'ratio', ratio: 0.1, min: 2 }, seed: 'y', redraw: true });
    const history = await api.sampling.history({ campaignId });
    expect(history.map((h) => [h.id, h.isCurrent])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    expect((await api.sampling.get({ drawId: first.id })).items.length).toBe(first.items.length);
    expect(await api.sampling.verify({ drawId: second.id })).toMatchObject({ ok: true });
    core.close();
  });

  it('verification detects a tampered sample', async () => {
    const { core, api, campaignId } = await campaignWithRegister(join(tempDir(), 's.sqlite'));
    const draw = await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 3 }, seed: 'seed' });
    const outsider = core.store.db
      .prepare('SELECT id FROM dossiers WHERE campaign_id = ? AND id NOT IN (SELECT dossier_id FROM samples) LIMIT 1')
      .get(campaignId) as { id: string };
    core.store.db.prepare('UPDATE samples SET dossier_id = ? WHERE draw_id = ? AND draw_order = 1').run(outsider.id, draw.id);
    const result = await api.sampling.verify({ drawId: draw.id });
    expect(result.ok).toBe(false);
    core.close();
  });

  it('manual replacement keeps the reason and withdraws the replaced dossier', async () => {
    const { core, api, campaignId } = await campaignWithRegister(join(tempDir(), 's.sqlite'));
    const draw = await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 2 }, seed: 's' });
    const out = draw.items[0].caseNo;
    const all = await api.dossiers.list({ campaignId, offset: 0, limit: 500 });
    const incoming = all.items.find((d) => !draw.items.some((i) => i.caseNo === d.caseNo))!.caseNo;
    const after = await api.sampling.replace({ campaignId, caseNo: out, replacementCaseNo: incoming, reason: '案卷无法调取' });
    expect(after.items.find((i) => i.caseNo === out)).toMatchObject({ withdrawn: true, withdrawnReason: '案卷无法调取' });
    expect(after.items.find((i) => i.caseNo === incoming)).toMatchObject({ origin: 'manual_replace', replacesCaseNo: out, reason: '案卷无法调取' });
    core.close();
  });
});

describe('reviewer assignment through the API', () => {
  const tempDir = useTempDir();

  it('never assigns a reviewer from the dossier’s own unit, balances load, and reassigns on a declared conflict', async () => {
    const { core, api, campaignId } = await campaignWithRegister(join(tempDir(), 's.sqlite'));
    await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 4 }, seed: 'seed' });
    const pool = [
      ['甲评查', FICTIONAL_UNITS[0]],
      ['乙评查', FICTIONAL_UNITS[1]],
      ['丙评查', FICTIONAL_UNITS[2]],
      ['丁律师', '示例律师事务所'],
      ['戊监督员', '示例市司法局'],
    ] as const;
    for (const [name, unitName] of pool) await api.reviewers.add({ campaignId, name, unitName, role: 'reviewer' });
    const { assignments, problems } = await api.assignments.assign({ campaignId, perDossier: 2, seed: '分配种子' });
    expect(problems).toEqual([]);
    expect(assignments).toHaveLength(12 * 2);
    for (const a of assignments) expect(a.reviewerUnit).not.toBe(a.dossierUnit);
    const loads = (await api.reviewers.list({ campaignId })).map((r) => r.load);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);

    const target = assignments.find((a) => a.reviewerName === '丁律师')!;
    const res = await api.assignments.declareConflict({ reviewerId: target.reviewerId, dossierId: target.dossierId, reason: '曾代理该案当事人' });
    expect(res.reassigned).toHaveLength(1);
    expect(res.reassigned[0].to).not.toBeNull();
    expect(res.reassigned[0].to).not.toBe('丁律师');
    const after = await api.assignments.list({ campaignId });
    const onDossier = after.filter((a) => a.dossierId === target.dossierId && a.status === 'active');
    expect(onDossier).toHaveLength(2);
    expect(onDossier.map((a) => a.reviewerName)).not.toContain('丁律师');
    expect(after.find((a) => a.id === target.id)).toMatchObject({ status: 'withdrawn' });
    const audit = await api.audit.list({ entityId: target.reviewerId, limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'declare_conflict', reason: '曾代理该案当事人' });
    core.close();
  });

  it('reports dossiers that cannot get enough eligible reviewers instead of under-assigning', async () => {
    const { core, api, campaignId } = await campaignWithRegister(join(tempDir(), 's.sqlite'));
    await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 1 }, seed: 'seed' });
    await api.reviewers.add({ campaignId, name: '甲', unitName: FICTIONAL_UNITS[0], role: 'reviewer' });
    await api.reviewers.add({ campaignId, name: '乙', unitName: FICTIONAL_UNITS[1], role: 'reviewer' });
    const { assignments, problems } = await api.assignments.assign({ campaignId, perDossier: 2, seed: 's' });
    // Only the third unit's dossier has two eligible reviewers; the others have one each.
    expect(assignments).toHaveLength(2);
    expect(problems).toHaveLength(2);
    expect(problems[0].message).toMatch(/回避|评查人员/);
    core.close();
  });
});
