import { BulletinDraftInput, type BulletinDraftState } from '../../../../shared/api/namespaces/reports';
import { DEFAULT_MASK, type MaskOptions } from '../../../../shared/domain/export/mask';
import { generateBulletinDraft, type BulletinDraft } from '../../../../shared/domain/reports/bulletin';
import { buildCampaignReport, type CampaignReport, type ReportSources } from './data';
import { localToday } from './format';

/** The clerk's edited bulletin draft, or a draft generated from the current data. */
export function bulletinDraftState(from: ReportSources, campaignId: string, mask: MaskOptions = DEFAULT_MASK, report?: CampaignReport): BulletinDraftState {
  const saved = from.drafts.bulletin(campaignId);
  if (saved) {
    const parsed = BulletinDraftInput.safeParse(JSON.parse(saved.body));
    if (parsed.success) return { draft: parsed.data, edited: true, updatedAt: saved.updatedAt, updatedBy: saved.updatedBy };
  }
  const r = report ?? buildCampaignReport(from, campaignId, { mask });
  const draft: BulletinDraft = generateBulletinDraft(r.aggregate, {
    campaignName: r.data.campaign.name,
    year: r.data.campaign.year,
    organiser: r.data.campaign.organiser,
    today: localToday(),
    upheldObjections: r.objections.length,
  });
  return { draft, edited: false, updatedAt: null, updatedBy: null };
}

