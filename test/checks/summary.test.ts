/**
 * checks.start (the run as a job) and checks.summary / filtered checks.list, which the campaign
 * findings page (自动检查) shows.
 */
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { openCheckHarness, type CheckHarness } from './helpers';

const tempDir = useTempDir();

async function waitJob(h: CheckHarness, id: string) {
  for (let i = 0; i < 400; i++) {
    const j = await h.api.jobs.get({ id });
    if (j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

describe('checks.start and checks.summary', () => {
  it('runs as a job with progress, then the summary counts findings by rule and unit and status', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const empty = await h.api.checks.summary({ campaignId: h.campaignId });
      expect(empty).toMatchObject({ lastRun: null, totals: { proposed: 0, cannotCheck: 0 }, byRule: [], byUnit: [] });

      const { jobId } = await h.api.checks.start({ campaignId: h.campaignId });
      const job = await waitJob(h, jobId);
      expect(job).toMatchObject({ status: 'done', kind: 'checks', done: h.dossierCount, total: h.dossierCount });
      const result = job.result as { dossiers: number; proposed: number; findingCount: number };
      expect(result.dossiers).toBe(h.dossierCount);
      expect(result.proposed).toBe(result.findingCount);

      const sum = await h.api.checks.summary({ campaignId: h.campaignId });
      expect(sum.lastRun).toMatchObject({ actor: '李评查', dossiers: h.dossierCount, scope: 'campaign' });
      expect(sum.totals.proposed + sum.totals.cannotCheck).toBe(result.proposed);
      const late = sum.byRule.find((r) => r.ruleId === 'D-PEN-11')!;
      expect(late).toMatchObject({ label: '当事人不在场的，七日内送达处罚决定书', law: '行政处罚法', article: 61 });
      expect(late.proposed).toBeGreaterThanOrEqual(1);
      expect(sum.byUnit.reduce((n, u) => n + u.proposed, 0)).toBe(sum.totals.proposed);

      // Drill down: the rule's violations, then one decision moves a count.
      const rows = await h.api.checks.list({ campaignId: h.campaignId, ruleId: 'D-PEN-11', kind: 'violation' });
      expect(rows.length).toBe(late.proposed);
      expect(rows.every((f) => f.ruleId === 'D-PEN-11' && f.kind === 'violation')).toBe(true);
      const unit = sum.byUnit.find((u) => u.proposed > 0)!;
      const ofUnit = await h.api.checks.list({ campaignId: h.campaignId, unitId: unit.unitId, kind: 'violation' });
      expect(ofUnit.every((f) => f.unitName === unit.unitName)).toBe(true);
      expect(await h.api.checks.list({ campaignId: h.campaignId, limit: 3 })).toHaveLength(3);

      await h.api.checks.dismiss({ findingId: rows[0].id, reason: '复核无误' });
      const after = await h.api.checks.summary({ campaignId: h.campaignId });
      expect(after.byRule.find((r) => r.ruleId === 'D-PEN-11')).toMatchObject({ proposed: late.proposed - 1, dismissed: 1 });
    } finally {
      h.core.close();
    }
  });

  it('each run is recorded in check_runs, and the summary shows the latest', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      await h.api.checks.run({ campaignId: h.campaignId });
      await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      const runs = h.core.store.db.prepare('SELECT scope, case_no, dossiers, actor FROM check_runs WHERE campaign_id = ? ORDER BY seq').all(h.campaignId);
      expect(runs).toEqual([
        { scope: 'campaign', case_no: null, dossiers: h.dossierCount, actor: '李评查' },
        { scope: 'dossier', case_no: h.late, dossiers: 1, actor: '李评查' },
      ]);
      expect((await h.api.checks.summary({ campaignId: h.campaignId })).lastRun).toMatchObject({ scope: 'dossier', dossiers: 1, actor: '李评查' });
    } finally {
      h.core.close();
    }
  });

  it('a cancelled run stores nothing and keeps the earlier findings', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      await h.api.checks.run({ campaignId: h.campaignId });
      const before = await h.api.checks.summary({ campaignId: h.campaignId });
      const { jobId } = await h.api.checks.start({ campaignId: h.campaignId });
      await h.api.jobs.cancel({ id: jobId });
      const job = await waitJob(h, jobId);
      expect(job.status).toBe('cancelled');
      const after = await h.api.checks.summary({ campaignId: h.campaignId });
      expect(after.totals).toEqual(before.totals);
      expect(after.lastRun).toEqual(before.lastRun);
    } finally {
      h.core.close();
    }
  });

  it('refuses an unknown campaign at once, not as a failed job', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      await expect(h.api.checks.start({ campaignId: '01900000-0000-7000-8000-0000000000ff' })).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      h.core.close();
    }
  });
});
