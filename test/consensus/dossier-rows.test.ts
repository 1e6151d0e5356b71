/**
 * consensus.dossiers is built from campaign-wide reads (no full comparison per dossier); its
 * figures must equal what the per-dossier comparison (consensus.compare) says for every row:
 * the reviews, the disputed and decided item counts, the triggers and the final result — with
 * undecided dossiers, a 合议 decision, and a veto-triggered one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { crossReviewedDossier } from './fixture';

let dir: string;
let core: Core;
let api: Api;
let f: Awaited<ReturnType<typeof crossReviewedDossier>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consensus-rows-'));
  core = await openCore(join(dir, 'c.sqlite'));
  api = createApiClient((m, i) => core.dispatch(m, i, { actor: '测试', transport: 'test' }));
  f = await crossReviewedDossier(api, '合议清单');
  await api.reviews.submit({ reviewId: f.sheetA.review.id });
  await api.reviews.submit({ reviewId: f.sheetB.review.id });
  // More cross-reviewed dossiers: both reviewers answer; 乙 deducts on the n-th fixed item of dossier n (n = 0: none).
  const assignments = (await api.assignments.list({ campaignId: f.campaign.id })).filter((a) => a.dossierId !== f.dossierId);
  const byDossier = new Map<string, typeof assignments>();
  for (const a of assignments) byDossier.set(a.dossierId, [...(byDossier.get(a.dossierId) ?? []), a]);
  let n = 0;
  for (const pair of byDossier.values()) {
    if (n >= 4) break;
    const sheets: Awaited<ReturnType<Api['reviews']['open']>>[] = [];
    for (const a of pair) {
      const s = await api.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (s) sheets.push(s);
    }
    if (sheets.length !== 2) continue;
    // 乙 deducts on one item (n > 0), whatever its deduction rule.
    const target = sheets[0].template.items.find((i) => sheets[0].applicable.includes(i.code) && !i.veto && i.deduction.kind !== 'none');
    for (const s of sheets) {
      const deducting = s.review.reviewerId === f.b.id && n > 0 && target;
      for (const code of s.applicable) {
        if (deducting && code === target.code) {
          const rule = target.deduction;
          const extra = rule.kind === 'range' ? { deduction: rule.max } : rule.kind === 'per_occurrence' ? { occurrences: 1 } : {};
          await api.reviews.saveAnswer({ reviewId: s.review.id, itemCode: code, verdict: 'deduct', note: `第${n}处问题`, ...extra });
        } else {
          await api.reviews.saveAnswer({ reviewId: s.review.id, itemCode: code, verdict: 'conform' });
        }
      }
      await api.reviews.submit({ reviewId: s.review.id });
    }
    n++;
  }
  expect(n).toBeGreaterThanOrEqual(2);
  await api.consensus.decide({ dossierId: f.dossierId, stage: 'agreed', itemCode: f.disputed.code, verdict: 'deduct', note: '合议：缺签收日期', reason: '合议一致', deciderId: f.leader.id });
}, 240_000);

afterAll(() => {
  core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('consensus.dossiers', () => {
  it('gives, for every row, the figures the per-dossier comparison gives', async () => {
    const rows = await api.consensus.dossiers({ campaignId: f.campaign.id });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.disputedItems === 0)).toBe(true);
    expect(rows.some((r) => r.disputedItems > 0 && r.decidedItems === 0)).toBe(true);
    const decided = rows.find((r) => r.dossierId === f.dossierId)!;
    expect(decided).toMatchObject({ disputedItems: 1, decidedItems: 1, final: { source: 'agreed' } });
    for (const row of rows) {
      const c = await api.consensus.compare({ dossierId: row.dossierId, viewerId: f.leader.id });
      const disputed = c.items.filter((i) => i.scoreDiffers);
      expect({ ...row }).toEqual({
        dossierId: c.dossier.id,
        caseNo: c.dossier.caseNo,
        unitName: c.dossier.unitName,
        caseType: c.dossier.caseType,
        reviews: c.reviews,
        triggers: c.triggers,
        disputedItems: disputed.length,
        decidedItems: disputed.filter((i) => i.agreed || i.recheck).length,
        recheck: row.recheck,
        objections: 0,
        final: c.final,
      });
      expect(row.recheck).toBe(c.triggers.length === 0 ? 'none' : c.recheck ? 'closed' : 'pending');
    }
  });
});
