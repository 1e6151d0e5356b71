/**
 * "Editing a template never changes scores already given": a review keeps the template version it
 * was opened with, whatever is copied, edited or pinned afterwards; only reviews opened later use the
 * newly pinned version.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { ChecklistTemplate } from '../../shared/domain/scoring';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

const leader = { actor: '王组长', transport: 'test' as const };

describe('template versions and scores already given', () => {
  const tempDir = useTempDir();

  it('copying, editing and pinning a new version leaves an existing review and its score unchanged', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const lead: Api = createApiClient((m, i) => core.dispatch(m, i, leader));
    const campaign = await lead.campaigns.create({ name: '模板版本测试', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 11, count: 60 })), 'gbk');
    expect((await lead.registers.import({ campaignId: campaign.id, files: [{ name: '登记表.csv', dataBase64: csv.toString('base64') }] })).errors).toEqual([]);
    await lead.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 6 }, seed: 'seed' });
    await lead.reviewers.add({ campaignId: campaign.id, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer' });
    const { assignments } = await lead.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: '分配' });
    const dossiers = new Map((await lead.dossiers.list({ campaignId: campaign.id, offset: 0, limit: 500 })).items.map((d) => [d.id, d]));
    const pgAssignments = assignments.filter((a) => {
      const d = dossiers.get(a.dossierId)!;
      return d.caseType === '行政处罚' && d.procedure !== '简易程序';
    });
    expect(pgAssignments.length).toBeGreaterThanOrEqual(2);
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: pgAssignments[0]!.reviewerName, transport: 'test' }));

    // A review scored with PG v1: one fixed item deducted.
    const sheet = await api.reviews.open({ assignmentId: pgAssignments[0]!.id });
    const v1 = sheet.template;
    const fixed = v1.items.find((it) => it.deduction.kind === 'fixed' && sheet.applicable.includes(it.code))!;
    const sibling = v1.items.find((it) => it.dimension === fixed.dimension && it.code !== fixed.code && it.deduction.kind === 'fixed' && it.maxPoints > 1)!;
    const saved = await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: fixed.code, verdict: 'deduct', note: '缺少送达回证' });
    const scoreBefore = saved.score;
    expect(scoreBefore.items.find((i) => i.code === fixed.code)!.deducted).toBe(fixed.maxPoints);

    // Copy to v2, move a point between two items, raise the grade thresholds, save and pin v2.
    const copy = await lead.templates.copy({ id: sheet.review.templateId, name: 'PG 修订版' });
    const body: ChecklistTemplate = structuredClone(copy.template);
    body.items.find((it) => it.code === fixed.code)!.maxPoints = fixed.maxPoints + 1;
    body.items.find((it) => it.code === sibling.code)!.maxPoints = sibling.maxPoints - 1;
    body.grading.tiers = body.grading.tiers.map((t) => ({ ...t, minScore: Math.min(t.minScore + 5, body.totalPoints) }));
    const v2 = await lead.templates.save({ id: copy.id, body });
    await lead.templates.pin({ campaignId: campaign.id, templateIds: [v2.id] });
    expect((await lead.templates.pinned({ campaignId: campaign.id })).map((t) => t.version)).toEqual([v2.version]);

    // The existing review: same version, same template body, same score.
    const again = await api.reviews.get({ reviewId: sheet.review.id });
    expect(again.review.templateId).toBe(sheet.review.templateId);
    expect(again.template).toEqual(v1);
    expect(again.score).toEqual(scoreBefore);
    // Answering another item still scores against v1.
    const more = await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: sibling.code, verdict: 'deduct' });
    expect(more.score.templateVersion).toBe(v1.version);
    expect(more.score.items.find((i) => i.code === sibling.code)!.deducted).toBe(sibling.maxPoints);
    expect(more.score.items.find((i) => i.code === fixed.code)!.deducted).toBe(fixed.maxPoints);

    // v1 is in use: it can no longer be saved; a review opened now uses v2.
    expect((await lead.templates.get({ id: sheet.review.templateId })).inUse).toBe(true);
    // (One reviewer, so every assignment is theirs.)
    const next = await api.reviews.open({ assignmentId: pgAssignments[1]!.id });
    expect(next.review.templateId).toBe(v2.id);
    expect(next.template.items.find((it) => it.code === fixed.code)!.maxPoints).toBe(fixed.maxPoints + 1);
    core.close();
  });
});
