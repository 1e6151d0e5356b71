import { BulletinDraftInput, type BulletinDraftState } from '../../../../shared/api/namespaces/reports';
import { DEFAULT_MASK, type MaskOptions } from '../../../../shared/domain/export/mask';
import { generateBulletinDraft, type BulletinDraft } from '../../../../shared/domain/reports/bulletin';
import type { CoreContext } from '../../context';
import { buildCampaignReport, type CampaignReport } from './data';
import { localToday } from './format';

interface DraftRow {
  body: string;
  updated_at: string;
  updated_by: string;
}

/** The clerk's edited bulletin draft, or a draft generated from the current data. */
export function bulletinDraftState(ctx: CoreContext, campaignId: string, mask: MaskOptions = DEFAULT_MASK, report?: CampaignReport): BulletinDraftState {
  const row = ctx.db.prepare(`SELECT body, updated_at, updated_by FROM report_drafts WHERE campaign_id = ? AND kind = 'bulletin'`).get(campaignId) as
    | DraftRow
    | undefined;
  if (row) {
    const parsed = BulletinDraftInput.safeParse(JSON.parse(row.body));
    if (parsed.success) return { draft: parsed.data, edited: true, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }
  const r = report ?? buildCampaignReport(ctx.db, campaignId, { mask });
  const draft: BulletinDraft = generateBulletinDraft(r.aggregate, {
    campaignName: r.data.campaign.name,
    year: r.data.campaign.year,
    organiser: r.data.campaign.organiser,
    today: localToday(),
  });
  return { draft, edited: false, updatedAt: null, updatedBy: null };
}

