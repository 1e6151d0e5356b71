/**
 * The few narrow queries behind every campaign-level output. Only problem answers (deduct/veto) are
 * read, through the covering index `answers_aggregate`; reviewers' notes are read afterwards for the
 * handful of examples that the reports print.
 */
import type Database from 'better-sqlite3';
import {
  aggregateCampaign,
  type AnswerFact,
  type CampaignAggregate,
  type DimensionInfo,
  type FindingFact,
  type ItemInfo,
  type ReviewFact,
} from '../../../../shared/domain/reports/aggregate';
import { maskFreeText, isMasking, type MaskOptions, type PersonalValues } from '../../../../shared/domain/export/mask';
import type { ChecklistTemplate } from '../../../../shared/domain/scoring/schema';
import { AppError } from '../../../../shared/errors';

export interface CampaignInfo {
  id: string;
  name: string;
  year: number;
  organiser: string;
}

export interface ReportData {
  campaign: CampaignInfo;
  reviews: ReviewFact[];
  templates: Map<string, ChecklistTemplate>;
  items: Map<string, ItemInfo>;
  dimensions: DimensionInfo[];
  gradeOrder: string[];
  failGrade: string;
}

export function loadCampaign(db: Database.Database, campaignId: string): CampaignInfo {
  const row = db.prepare('SELECT id, name, year, organiser FROM campaigns WHERE id = ?').get(campaignId) as CampaignInfo | undefined;
  if (!row) throw new AppError('not_found', `评查活动不存在（${campaignId}），可能已被删除。`);
  return row;
}

/**
 * The review whose score counts for each dossier: locked before submitted, the primary reviewer's
 * before a cross review, then the latest. Drafts do not count.
 */
export function loadFinalReviews(db: Database.Database, campaignId: string): ReviewFact[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.dossier_id, d.case_no, d.unit_id, u.name AS unit_name, d.case_type, r.template_id, r.total, r.grade, r.veto, r.dimension_scores
       FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = d.unit_id
       WHERE a.campaign_id = ? AND r.status IN ('submitted','locked') AND r.total IS NOT NULL AND r.grade IS NOT NULL
       ORDER BY d.case_no, r.status = 'locked' DESC, a.role = 'primary' DESC, r.updated_at DESC`,
    )
    .raw()
    .all(campaignId) as unknown[][];
  const out: ReviewFact[] = [];
  let lastDossier = '';
  for (const row of rows) {
    const dossierId = row[1] as string;
    if (dossierId === lastDossier) continue;
    lastDossier = dossierId;
    out.push({
      reviewId: row[0] as string,
      dossierId,
      caseNo: row[2] as string,
      unitId: row[3] as string,
      unitName: row[4] as string,
      caseType: row[5] as string,
      templateId: row[6] as string,
      total: row[7] as number,
      grade: row[8] as string,
      veto: row[9] === 1,
      dimensionScores: JSON.parse(row[10] as string) as Record<string, number>,
    });
  }
  return out;
}

export function legalBasisText(basis: ChecklistTemplate['items'][number]['legalBasis']): string {
  return basis.map((b) => `《${b.law.replace(/^《|》$/g, '')}》${b.articles.join('、')}`).join('；');
}

export function loadTemplates(db: Database.Database, ids: Iterable<string>): Map<string, ChecklistTemplate> {
  const get = db.prepare('SELECT body FROM checklist_templates WHERE id = ?').pluck();
  const out = new Map<string, ChecklistTemplate>();
  for (const id of ids) {
    const body = get.get(id) as string | undefined;
    // Stored bodies were validated on the way in; parsing again would cost without adding safety.
    if (body) out.set(id, JSON.parse(body) as ChecklistTemplate);
  }
  return out;
}

/** Everything but the answers: reviews, templates, items, dimensions, grade order. */
export function loadReportData(db: Database.Database, campaignId: string): ReportData {
  const campaign = loadCampaign(db, campaignId);
  const reviews = loadFinalReviews(db, campaignId);
  let templateIds = new Set(reviews.map((r) => r.templateId));
  if (templateIds.size === 0) {
    templateIds = new Set(db.prepare('SELECT template_id FROM campaign_templates WHERE campaign_id = ?').pluck().all(campaignId) as string[]);
  }
  const templates = loadTemplates(db, templateIds);
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
  const withoutFail = gradeOrder.filter((g) => g !== failGrade);
  return { campaign, reviews, templates, items, dimensions: [...dims.values()], gradeOrder: [...withoutFail, failGrade], failGrade };
}

/** Problem answers (deduct/veto) of the given reviews, read from the covering index. */
export function loadProblemAnswers(db: Database.Database, reviewIds: ReadonlySet<string>): AnswerFact[] {
  const out: AnswerFact[] = [];
  const stmt = db.prepare(
    `SELECT review_id, item_code, verdict, deduction FROM answers INDEXED BY answers_aggregate WHERE verdict IN ('deduct','veto')`,
  );
  for (const row of stmt.raw().iterate() as IterableIterator<[string, string, string, number]>) {
    if (!reviewIds.has(row[0])) continue;
    out.push({ reviewId: row[0], itemCode: row[1], verdict: row[2], deduction: row[3] });
  }
  return out;
}

export function loadConfirmedFindings(db: Database.Database, campaignId: string): FindingFact[] {
  return db
    .prepare(
      `SELECT f.dossier_id AS dossierId, f.rule_id AS ruleId, f.law, f.article, f.item_code AS itemCode, f.message, f.severity
       FROM findings f JOIN dossiers d ON d.id = f.dossier_id
       WHERE d.campaign_id = ? AND f.status = 'confirmed' ORDER BY f.created_at`,
    )
    .all(campaignId) as FindingFact[];
}

/** Reads the reviewers' notes for the examples and veto cases the reports print. */
export function fillNotes(db: Database.Database, agg: CampaignAggregate): void {
  const note = db.prepare('SELECT note FROM answers WHERE review_id = ? AND item_code = ?').pluck();
  const fill = (list: CampaignAggregate['problemsByItem']) => {
    for (const p of list) for (const e of p.examples) e.note = ((note.get(e.reviewId, p.itemCode) as string | undefined) ?? '').trim();
  };
  fill(agg.problemsByItem);
  // units' topProblems are the first entries of problemsByUnit (same objects).
  for (const list of agg.problemsByUnit.values()) fill(list);
  for (const v of agg.vetoCases) v.reasons = v.itemCodes.map((code) => ((note.get(v.reviewId, code) as string | undefined) ?? '').trim());
}

/**
 * Masks the reviewers' notes the reports quote: the dossier's own party, ID number and phone are
 * replaced by their masked forms, then anything ID- or mobile-like by pattern.
 */
export function maskNotes(db: Database.Database, agg: CampaignAggregate, options: MaskOptions): void {
  if (!isMasking(options)) return;
  const personal = db.prepare('SELECT party, party_type AS partyType, party_id_no AS idNumber, party_phone AS phone FROM dossiers WHERE id = ?');
  const cache = new Map<string, PersonalValues>();
  const valuesOf = (dossierId: string): PersonalValues => {
    let v = cache.get(dossierId);
    if (!v) cache.set(dossierId, (v = (personal.get(dossierId) as PersonalValues | undefined) ?? {}));
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
}

/** The whole campaign aggregate, notes filled in. */
export function buildCampaignReport(db: Database.Database, campaignId: string, options: { topProblems?: number; mask: MaskOptions }): CampaignReport {
  const data = loadReportData(db, campaignId);
  const answers = loadProblemAnswers(db, new Set(data.reviews.map((r) => r.reviewId)));
  const findings = loadConfirmedFindings(db, campaignId);
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
  fillNotes(db, aggregate);
  maskNotes(db, aggregate, options.mask);
  return { data, aggregate };
}
