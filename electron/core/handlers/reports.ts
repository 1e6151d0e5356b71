import type { Handlers } from '../../../shared/api/contract';
import type { BulletinDraftInput, ReportOverview } from '../../../shared/api/namespaces/reports';
import type { BulletinDraft } from '../../../shared/domain/reports/bulletin';
import { DEFAULT_MASK } from '../../../shared/domain/export/mask';
import { reportDraftRepository } from '../../../db/repositories/report-drafts';
import { nowIso } from '../../../db/util';
import type { CoreContext } from '../context';
import { buildCampaignReport, reportSources, type CampaignReport } from '../export/reports/data';
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
  const sources = reportSources(ctx.read);
  const drafts = reportDraftRepository(ctx.db);
  return {
    overview: ({ campaignId }) => overviewOf(buildCampaignReport(sources, campaignId, { mask: DEFAULT_MASK })),
    bulletinDraft: ({ campaignId }) => {
      sources.campaigns.mustExist(campaignId);
      return bulletinDraftState(sources, campaignId);
    },
    saveBulletinDraft: ({ campaignId, draft }, call) => {
      sources.campaigns.mustExist(campaignId);
      const body = JSON.stringify(draft satisfies BulletinDraftInput);
      ctx.tx(() => {
        const before = drafts.bulletin(campaignId)?.body;
        drafts.saveBulletin(campaignId, body, nowIso(), call.actor);
        ctx.audit({
          actor: call.actor,
          action: 'save_bulletin_draft',
          entity: 'report_draft',
          entityId: campaignId,
          before: before ? { title: (JSON.parse(before) as BulletinDraft).title, length: before.length } : null,
          after: { title: draft.title, length: body.length },
        });
      });
      return bulletinDraftState(sources, campaignId);
    },
    resetBulletinDraft: ({ campaignId }, call) => {
      sources.campaigns.mustExist(campaignId);
      ctx.tx(() => {
        if (drafts.removeBulletin(campaignId)) ctx.audit({ actor: call.actor, action: 'reset_bulletin_draft', entity: 'report_draft', entityId: campaignId });
      });
      return bulletinDraftState(sources, campaignId);
    },
  };
}
