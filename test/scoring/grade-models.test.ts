/**
 * 等次模型: three tiers (优秀/合格/不合格) by default for a new campaign, four tiers (with 良好) as an
 * option; the campaign's choice grades its reviews and is fixed once 评查表 exist.
 */
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { gradeForTotal, scoreReview } from '../../shared/domain/scoring';
import { withGradeModel } from '../../shared/domain/scoring/grade-models';
import { builtinTemplateList } from '../../shared/domain/templates';
import { AppError } from '../../shared/errors';
import { assignedCampaign } from '../fixtures/assigned-campaign';
import { useTempDir } from '../foundation/temp';

const tempDir = useTempDir();
const pg = builtinTemplateList().find((t) => t.key === 'PG')!;

describe('grade models on a template', () => {
  test('85 points: 合格 in three tiers, 良好 in four; the boundaries are inclusive', () => {
    expect(gradeForTotal(withGradeModel(pg, 'three'), 85)).toBe('合格');
    expect(gradeForTotal(withGradeModel(pg, 'four'), 85)).toBe('良好');
    expect(gradeForTotal(withGradeModel(pg, 'three'), 90)).toBe('优秀');
    expect(gradeForTotal(withGradeModel(pg, 'three'), 89.5)).toBe('合格');
    expect(gradeForTotal(withGradeModel(pg, 'four'), 80)).toBe('良好');
    expect(gradeForTotal(withGradeModel(pg, 'four'), 79.5)).toBe('合格');
    expect(gradeForTotal(withGradeModel(pg, 'three'), 60)).toBe('合格');
    expect(gradeForTotal(withGradeModel(pg, 'three'), 59.5)).toBe('不合格');
    // 'template' keeps the template's own tiers (the same object).
    expect(withGradeModel(pg, 'template')).toBe(pg);
  });

  test('a veto is 不合格 whatever the model', () => {
    const veto = pg.items.find((i) => i.veto)!;
    const r = scoreReview(withGradeModel(pg, 'three'), { [veto.code]: { verdict: 'veto', note: '否决' } }, { context: { caseType: '行政处罚', procedure: '一般程序' } });
    expect(r.grade).toBe('不合格');
  });
});

describe('a campaign’s grade model', () => {
  it('defaults to three tiers, grades the reviews with it, and is fixed once 评查表 exist', async () => {
    const core = await openCore(join(tempDir(), 'g.sqlite'));
    try {
      const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '王组长', transport: 'test' }));
      const four = await assignedCampaign(api, '四档活动');
      // Before any 评查表 the model can still be chosen.
      expect((await api.ruleSettings.get({ campaignId: four.campaign.id })).gradeModel).toEqual({ id: 'three', chosen: true, locked: false });
      expect(await api.ruleSettings.setGradeModel({ campaignId: four.campaign.id, model: 'four' })).toEqual({ model: 'four', changed: true });
      const three = await assignedCampaign(api, '三档活动');

      // The same deductions on the first assignment of each: stop once the total is below 90.
      const grade = async (assignmentId: string) => {
        const sheet = await api.reviews.open({ assignmentId });
        let revision = sheet.review.revision;
        let score = sheet.score;
        for (const item of sheet.template.items) {
          if (score.total !== null && score.total < 90) break;
          const d = item.deduction;
          if (item.veto || d.kind === 'none' || !sheet.applicable.includes(item.code)) continue;
          // The smallest deduction each item allows, so the total steps below 90 without skipping past 80.
          const r = await api.reviews.saveAnswer({
            reviewId: sheet.review.id,
            itemCode: item.code,
            verdict: 'deduct',
            ...(d.kind === 'range' ? { deduction: d.min } : d.kind === 'per_occurrence' ? { occurrences: 1 } : {}),
            note: '测试扣分',
            expectedRevision: revision,
          });
          revision = r.revision;
          score = r.score;
        }
        return score;
      };
      const a = await grade(four.assignments[0].id);
      const b = await grade(three.assignments[0].id);
      expect(a.total).toBeLessThan(90);
      expect(a.total).toBeGreaterThanOrEqual(80);
      expect(a.grade).toBe('良好');
      expect(b.total).toBeGreaterThanOrEqual(80);
      expect(b.total).toBeLessThan(90);
      expect(b.grade).toBe('合格');

      const err = await api.ruleSettings.setGradeModel({ campaignId: three.campaign.id, model: 'four' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('conflict');
      expect((await api.ruleSettings.get({ campaignId: three.campaign.id })).gradeModel).toEqual({ id: 'three', chosen: true, locked: true });
      const bad = await api.ruleSettings.setGradeModel({ campaignId: four.campaign.id, model: 'five' }).catch((e: unknown) => e);
      expect((bad as AppError).message).toContain('未知的等次模型');
    } finally {
      core.close();
    }
  });
});
