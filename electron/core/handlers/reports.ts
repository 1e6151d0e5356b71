import type { Handlers } from '../../../shared/api/contract';
import type { BulletinDraftInput, ReportOverview } from '../../../shared/api/namespaces/reports';
import type { BulletinDraft } from '../../../shared/domain/reports/bulletin';
import { DEFAULT_MASK } from '../../../shared/domain/export/mask';
import { nowIso } from '../../../db/util';
import type { CoreContext } from '../context';
import { buildCampaignReport, loadCampaign, type CampaignReport } from '../export/reports/data';
import { bulletinDraftState } from '../export/reports/drafts';

export function overviewOf(report: CampaignReport): ReportOverview {
  const { data, aggregate: a } = report;
  return {
    campaignId: data.campaign.id,
    campaignName: data.campaign.name,
    reviewed: a.reviewed,
    unitCount: a.unitCount,
    meanScore: a.meanScore,
    passed: a.passed,
    passRate: a.passRate,
    excellentRate: a.excellentRate,
    vetoCount: a.vetoCount,
    failGrade: data.failGrade,
    grades: a.grades,
    histogram: a.histogram,
    units: a.units.map(({ topProblems: _top, ...u }) => u),
    dimensions: a.dimensions,
    problemsByItem: a.problemsByItem.map((p) => ({ ...p, examples: p.examples.map(({ reviewId: _r, ...e }) => e) })),
    problemsByRule: a.problemsByRule,
    vetoCases: a.vetoCases.map(({ reviewId: _r, ...v }) => v),
  };
}

export function reportHandlers(ctx: CoreContext): Handlers['reports'] {
  return {
    overview: ({ campaignId }) => overviewOf(buildCampaignReport(ctx.db, campaignId, { mask: DEFAULT_MASK })),
    bulletinDraft: ({ campaignId }) => {
      loadCampaign(ctx.db, campaignId);
      return bulletinDraftState(ctx, campaignId);
    },
    saveBulletinDraft: ({ campaignId, draft }, call) => {
      loadCampaign(ctx.db, campaignId);
      const body = JSON.stringify(draft satisfies BulletinDraftInput);
      ctx.tx(() => {
        const before = ctx.db.prepare(`SELECT body FROM report_drafts WHERE campaign_id = ? AND kind = 'bulletin'`).pluck().get(campaignId) as string | undefined;
        ctx.db
          .prepare(
            `INSERT INTO report_drafts (campaign_id, kind, body, updated_at, updated_by) VALUES (?, 'bulletin', ?, ?, ?)
             ON CONFLICT (campaign_id, kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          )
          .run(campaignId, body, nowIso(), call.actor);
        ctx.audit({
          actor: call.actor,
          action: 'save_bulletin_draft',
          entity: 'report_draft',
          entityId: campaignId,
          before: before ? { title: (JSON.parse(before) as BulletinDraft).title, length: before.length } : null,
          after: { title: draft.title, length: body.length },
        });
      });
      return bulletinDraftState(ctx, campaignId);
    },
    resetBulletinDraft: ({ campaignId }, call) => {
      loadCampaign(ctx.db, campaignId);
      ctx.tx(() => {
        const removed = ctx.db.prepare(`DELETE FROM report_drafts WHERE campaign_id = ? AND kind = 'bulletin'`).run(campaignId).changes;
        if (removed) ctx.audit({ actor: call.actor, action: 'reset_bulletin_draft', entity: 'report_draft', entityId: campaignId });
      });
      return bulletinDraftState(ctx, campaignId);
    },
  };
}
