/**
 * The data behind every campaign-level output, gathered from the report repository
 * (db/repositories/reports.ts): reviews, templates, the aggregate, then the notes of the examples
 * the reports print, masked as asked.
 */
import { campaignReads, type CampaignInfo } from '../../../../db/repositories/campaigns';
import { noticeReads, type NoticeReads } from '../../../../db/repositories/notices';
import { reportDraftReads, type ReportDraftReads } from '../../../../db/repositories/report-drafts';
import { reportReads, type ReportReads } from '../../../../db/repositories/reports';
import { unitLookups, type UnitLookups } from '../../../../db/repositories/units';
import type { ReadableDB } from '../../../../db/handles';
import {
  aggregateCampaign,
  type CampaignAggregate,
  type DimensionInfo,
  type ItemInfo,
  type ReviewFact,
} from '../../../../shared/domain/reports/aggregate';
import { maskFreeText, isMasking, type MaskOptions, type PersonalValues } from '../../../../shared/domain/export/mask';
import type { ChecklistTemplate } from '../../../../shared/domain/scoring/schema';
import { withFinalResults } from '../../consensus/report-reads';
import { objectionReads, type UpheldObjection } from '../../../../db/repositories/objections';
import { gradeModel, type GradeModelId } from '../../../../shared/domain/scoring/grade-models';
import { gradeModelOf } from '../../settings/service';

export type { CampaignInfo };

export interface ReportData {
  campaign: CampaignInfo;
  reviews: ReviewFact[];
  templates: Map<string, ChecklistTemplate>;
  items: Map<string, ItemInfo>;
  dimensions: DimensionInfo[];
  gradeOrder: string[];
  failGrade: string;
}

/** The read-only repositories the reports draw on; build them once and reuse them for every report. */
export interface ReportSources {
  campaigns: ReturnType<typeof campaignReads>;
  reports: ReportReads;
  drafts: ReportDraftReads;
  notices: NoticeReads;
  units: UnitLookups;
  objections: ReturnType<typeof objectionReads>;
  /** The campaign's 等次模型 (null: the templates' own tiers). */
  gradeModelOf: (campaignId: string) => GradeModelId | null;
}

export const reportSources = (db: ReadableDB): ReportSources => ({
  campaigns: campaignReads(db),
  // Dossiers with a 合议/复核/objection ruling count by their final result (electron/core/consensus).
  reports: withFinalResults(reportReads(db), db),
  drafts: reportDraftReads(db),
  notices: noticeReads(db),
  gradeModelOf: (campaignId) => gradeModelOf(db, campaignId),
  units: unitLookups(db),
  objections: objectionReads(db),
});

export function legalBasisText(basis: ChecklistTemplate['items'][number]['legalBasis']): string {
  return basis.map((b) => `《${b.law.replace(/^《|》$/g, '')}》${b.articles.join('、')}`).join('；');
}

/** Everything but the answers: reviews, templates, items, dimensions, grade order. */
export function loadReportData(from: ReportSources, campaignId: string): ReportData {
  const campaign = from.campaigns.mustExist(campaignId);
  const reviews = from.reports.finalReviews(campaignId);
  let templateIds = new Set(reviews.map((r) => r.templateId));
  if (templateIds.size === 0) templateIds = new Set(from.reports.pinnedTemplateIds(campaignId));
  const templates = from.reports.templates(templateIds);
  const items = new Map<string, ItemInfo>();
  const dims = new Map<string, DimensionInfo>();
  const gradeOrder: string[] = [];
  let failGrade = '不合格';
  for (const t of templates.values()) {
    for (const d of t.dimensions) if (!dims.has(d.code)) dims.set(d.code, { code: d.code, name: d.name, maxPoints: d.maxPoints });
    for (const it of t.items) {
      items.set(it.code, { code: it.code, title: it.title, dimension: it.dimension, maxPoints: it.maxPoints, legalBasis: legalBasisText(it.legalBasis) });
    }
    for (const tier of t.grading.tiers) if (!gradeOrder.includes(tier.grade)) gradeOrder.push(tier.grade);
    failGrade = t.grading.failGrade ?? failGrade;
  }
  if (gradeOrder.length === 0) gradeOrder.push('优秀', '良好', '合格');
  // The campaign's grade model replaces the templates' tiers (the reviews were graded with it).
  const model = gradeModel(from.gradeModelOf(campaignId))?.grading;
  if (model) {
    gradeOrder.splice(0, gradeOrder.length, ...model.tiers.map((t) => t.grade));
    failGrade = model.failGrade;
  }
  const withoutFail = gradeOrder.filter((g) => g !== failGrade);
  return { campaign, reviews, templates, items, dimensions: [...dims.values()], gradeOrder: [...withoutFail, failGrade], failGrade };
}

/** Reads the reviewers' notes for the examples and veto cases the reports print. */
export function fillNotes(reports: ReportReads, agg: CampaignAggregate): void {
  const fill = (list: CampaignAggregate['problemsByItem']) => {
    for (const p of list) for (const e of p.examples) e.note = (reports.note(e.reviewId, p.itemCode) ?? '').trim();
  };
  fill(agg.problemsByItem);
  // units' topProblems are the first entries of problemsByUnit (same objects).
  for (const list of agg.problemsByUnit.values()) fill(list);
  for (const v of agg.vetoCases) v.reasons = v.itemCodes.map((code) => (reports.note(v.reviewId, code) ?? '').trim());
}

/**
 * Masks the reviewers' notes the reports quote: the dossier's own party, ID number and phone are
 * replaced by their masked forms, then anything ID- or mobile-like by pattern.
 */
export function maskNotes(reports: ReportReads, agg: CampaignAggregate, options: MaskOptions): void {
  if (!isMasking(options)) return;
  const cache = new Map<string, PersonalValues>();
  const valuesOf = (dossierId: string): PersonalValues => {
    let v = cache.get(dossierId);
    if (!v) cache.set(dossierId, (v = reports.personalValues(dossierId) ?? {}));
    return v;
  };
  const mask = (list: CampaignAggregate['problemsByItem']) => {
    for (const p of list) for (const e of p.examples) if (e.note) e.note = maskFreeText(e.note, options, valuesOf(e.dossierId));
  };
  mask(agg.problemsByItem);
  for (const list of agg.problemsByUnit.values()) mask(list);
  for (const r of agg.problemsByRule) for (const e of r.examples) e.message = maskFreeText(e.message, options, valuesOf(e.dossierId));
  for (const v of agg.vetoCases) v.reasons = v.reasons.map((r) => maskFreeText(r, options, valuesOf(v.dossierId)));
}

export interface CampaignReport {
  data: ReportData;
  aggregate: CampaignAggregate;
  /** Objections upheld or partly upheld, whose rulings the final scores already include. */
  objections: UpheldObjection[];
}

/** The whole campaign aggregate, notes filled in. */
export function buildCampaignReport(
  from: ReportSources,
  campaignId: string,
  options: { topProblems?: number; mask: MaskOptions; /** false: skip the problem answers (the item and dimension problem counts stay 0). */ problems?: boolean },
): CampaignReport {
  const data = loadReportData(from, campaignId);
  const answers = options.problems === false ? [] : from.reports.problemAnswers(new Set(data.reviews.map((r) => r.reviewId)));
  const findings = from.reports.confirmedFindings(campaignId);
  const aggregate = aggregateCampaign({
    reviews: data.reviews,
    answers,
    findings,
    items: data.items,
    dimensions: data.dimensions,
    gradeOrder: data.gradeOrder,
    failGrade: data.failGrade,
    topProblems: options.topProblems ?? 10,
  });
  fillNotes(from.reports, aggregate);
  maskNotes(from.reports, aggregate, options.mask);
  const objections = from.objections.upheld(campaignId).map((o) => {
    if (!isMasking(options.mask)) return o;
    const values = from.reports.personalValues(o.dossierId) ?? {};
    return { ...o, objector: maskFreeText(o.objector, options.mask, values), reason: maskFreeText(o.reason, options.mask, values) };
  });
  return { data, aggregate, objections };
}
