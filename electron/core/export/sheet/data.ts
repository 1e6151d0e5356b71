/**
 * What a 评查表 shows, gathered from the store and scored with the shared engine through the same
 * review service the workspace uses (so the sheet's numbers are the workspace's numbers). The dossier
 * header comes out already masked per the export request.
 */
import { maskDossierHeader, maskFreeText, type DossierHeader, type MaskOptions, type PersonalValues } from '../../../../shared/domain/export/mask';
import { applicableItems } from '../../../../shared/domain/scoring/applicability';
import type { ChecklistItem, ChecklistTemplate, DimensionCode } from '../../../../shared/domain/scoring/schema';
import { AppError } from '../../../../shared/errors';
import { ITEM_STATUS_LABELS, labelOf, REVIEW_STATUS_LABELS, SEVERITY_LABELS } from '../../../../shared/labels';
import { sheetReads, type SheetDossierRow } from '../../../../db/repositories/sheets';
import { templateRepository } from '../../../../db/repositories/templates';
import { notFound, type CoreContext } from '../../context';
import { caseContext, reviewService } from '../../review/service';
import { resolveTemplate } from '../../handlers/templates';
import { articleZhOrEmpty } from '../../../../shared/domain/chinese-numerals';
import { RESULT_SOURCE_LABELS } from '../../../../shared/domain/consensus/final';
import { decidedSheet } from '../../consensus/sheet';

export interface SheetHeader extends DossierHeader {
  field: string | null;
  dateFiled: string | null;
  dateDecision: string | null;
  dateClosed: string | null;
}

export interface SheetItemRow {
  no: number;
  code: string;
  title: string;
  guidance: string;
  maxPoints: number;
  deductionNote: string;
  veto: boolean;
  vetoCondition: string;
  /** Empty on a blank sheet. */
  verdict: string;
  deducted: number | null;
  score: number | null;
  reason: string;
  pages: string;
}

export interface SheetDimension {
  code: DimensionCode;
  name: string;
  max: number;
  applicableMax: number;
  score: number | null;
  deducted: number | null;
  /** 扣完为止 at the dimension (PG v3): items have no points of their own, only the dimension scores. */
  pooled: boolean;
  /** Sum of the items' deductions before the dimension cap (null on a blank sheet). */
  requested: number | null;
  items: SheetItemRow[];
}

export interface SheetFinding {
  ruleId: string;
  severity: string;
  itemCode: string | null;
  message: string;
  legalBasis: string;
  computation: string;
}

export interface SheetModel {
  blank: boolean;
  masked: boolean;
  campaign: { name: string; year: number; organiser: string };
  header: SheetHeader;
  template: { name: string; key: string; version: number; totalPoints: number; vetoRule: string; naPolicy: string };
  reviewers: string[];
  status: string;
  submittedAt: string | null;
  lockedAt: string | null;
  dimensions: SheetDimension[];
  total: number | null;
  pointsBeforeVeto: number | null;
  maxTotal: number;
  grade: string | null;
  veto: { hit: boolean; reasons: { itemCode: string; title: string; reason: string }[] };
  unanswered: number;
  findings: SheetFinding[];
  exportedOn: string;
}

const today = () => new Date().toISOString().slice(0, 10);

type SheetReads = ReturnType<typeof sheetReads>;

function loadDossier(reads: SheetReads, campaignId: string, dossierId: string): SheetDossierRow {
  const row = reads.dossier(campaignId, dossierId);
  if (!row) throw notFound('案卷', dossierId);
  return row;
}

function confirmedFindings(reads: SheetReads, dossierId: string): SheetFinding[] {
  return reads.confirmedFindings(dossierId).map((r) => ({
    ruleId: r.rule_id ?? '人工',
    severity: labelOf(SEVERITY_LABELS, r.severity),
    itemCode: r.item_code,
    message: r.message,
    legalBasis: r.law ? `《${r.law.replace(/^《|》$/g, '')}》${articleZhOrEmpty(r.article)}` : '',
    computation: r.computation,
  }));
}

const legalBasisText = (item: ChecklistItem): string =>
  item.legalBasis.map((b) => `《${b.law.replace(/^《|》$/g, '')}》${b.articles.join('、')}`).join('；');

function headerOf(d: SheetDossierRow): SheetHeader {
  return {
    caseNo: d.case_no,
    unitName: d.unit_name,
    caseType: d.case_type,
    procedure: d.procedure,
    cause: d.cause,
    party: d.party,
    partyType: d.party_type,
    partyIdNo: d.party_id_no,
    partyPhone: d.party_phone,
    field: d.field,
    dateFiled: d.date_filed,
    dateDecision: d.date_decision,
    dateClosed: d.date_closed,
  };
}

function dimensionsOf(template: ChecklistTemplate, items: ChecklistItem[]): SheetDimension[] {
  return template.dimensions
    .map((dim) => ({
      code: dim.code,
      name: dim.name,
      max: dim.maxPoints,
      applicableMax: dim.maxPoints,
      score: null,
      deducted: null,
      pooled: dim.deductionCap === 'dimension',
      requested: null,
      items: items.filter((i) => i.dimension === dim.code).map((i) => blankRow(i)),
    }))
    .filter((d) => d.items.length > 0);
}

const blankRow = (i: ChecklistItem): SheetItemRow => ({
  no: 0,
  code: i.code,
  title: i.title,
  guidance: i.guidance,
  maxPoints: i.maxPoints,
  deductionNote: i.deductionNote,
  veto: i.veto,
  vetoCondition: i.vetoCondition,
  verdict: '',
  deducted: null,
  score: null,
  reason: '',
  pages: '',
});

function numberRows(dims: SheetDimension[]): void {
  let n = 0;
  for (const d of dims) for (const r of d.items) r.no = ++n;
}

/** A reviewed dossier's 评查表 (kind "sheet"). */
export function loadReviewedSheet(ctx: CoreContext, campaignId: string, dossierId: string, mask: MaskOptions, reviewId?: string): SheetModel {
  const reads = sheetReads(ctx.read);
  const d = loadDossier(reads, campaignId, dossierId);
  const refs = reads.reviewsOf(dossierId);
  if (refs.length === 0) {
    throw new AppError('conflict', `案卷 ${d.case_no} 尚未开始评查，不能导出评查表；可导出空白评查表。`, { dossierId });
  }
  // One reviewer's own review when asked for; else a dossier with a 合议/复核/objection ruling prints its
  // final result, and any other its most advanced review.
  const own = reviewId ? refs.find((r) => r.id === reviewId) : undefined;
  if (reviewId && !own) throw notFound('本案卷的评查表', reviewId);
  const decided = own ? null : decidedSheet(ctx, dossierId);
  const sheet = decided?.sheet ?? reviewService(ctx).sheet(own?.id ?? refs[0].id);
  const { template, score } = sheet;
  const values: PersonalValues = { party: d.party, partyType: d.party_type, idNumber: d.party_id_no, phone: d.party_phone };
  const answers = new Map(sheet.answers.map((a) => [a.itemCode, a]));
  const applicable = new Set(sheet.applicable);
  const items = template.items.filter((i) => applicable.has(i.code));
  const dims = dimensionsOf(template, items);
  const scoreItems = new Map(score.items.map((i) => [i.code, i]));
  for (const dim of dims) {
    const ds = score.dimensions.find((x) => x.code === dim.code);
    if (ds) Object.assign(dim, { applicableMax: ds.applicableMax, score: ds.score, deducted: ds.deducted, requested: ds.requested ?? ds.deducted });
    for (const row of dim.items) {
      const s = scoreItems.get(row.code);
      const a = answers.get(row.code);
      row.verdict = ITEM_STATUS_LABELS[s?.status ?? 'unanswered'];
      row.deducted = s ? s.deducted : null;
      row.score = s ? s.score : null;
      row.reason = maskFreeText(a?.note ?? '', mask, values);
      row.pages = (a?.pageRefs ?? []).map((p) => `第${p.page}页${p.text ? `（${maskFreeText(p.text, mask, values)}）` : ''}`).join('、');
    }
  }
  numberRows(dims);
  const names = own ? [own.reviewer] : [...new Set(refs.map((r) => r.reviewer))];
  return {
    blank: false,
    masked: mask.idNumber || mask.phone || mask.personName,
    campaign: { name: d.campaign_name, year: d.campaign_year, organiser: d.organiser },
    header: maskDossierHeader(headerOf(d), mask),
    template: templateInfo(template),
    reviewers: names,
    status: decided ? RESULT_SOURCE_LABELS[decided.source] : REVIEW_STATUS_LABELS[sheet.review.status],
    submittedAt: sheet.review.submittedAt?.slice(0, 10) ?? null,
    lockedAt: sheet.review.lockedAt?.slice(0, 10) ?? null,
    dimensions: dims,
    total: score.total,
    pointsBeforeVeto: score.pointsBeforeVeto,
    maxTotal: score.maxTotal,
    grade: score.grade,
    veto: {
      hit: score.veto.hit,
      reasons: score.veto.reasons.map((r) => ({ itemCode: r.itemCode, title: r.title, reason: maskFreeText(r.reason, mask, values) })),
    },
    unanswered: score.unanswered.length,
    findings: confirmedFindings(reads, dossierId).map((f) => ({
      ...f,
      message: maskFreeText(f.message, mask, values),
      computation: maskFreeText(f.computation, mask, values),
    })),
    exportedOn: today(),
  };
}

const templateInfo = (t: ChecklistTemplate) => ({
  name: t.name,
  key: t.key,
  version: t.version,
  totalPoints: t.totalPoints,
  vetoRule: t.vetoRule,
  naPolicy: t.naPolicy,
});

/** A blank 评查表 for paper review (kind "blank"): header from the register, every applicable item, empty columns. */
export function loadBlankSheet(ctx: CoreContext, campaignId: string, dossierId: string, mask: MaskOptions): SheetModel {
  const reads = sheetReads(ctx.read);
  const d = loadDossier(reads, campaignId, dossierId);
  const templates = templateRepository(ctx.db);
  const chosen = resolveTemplate(templates, campaignId, { caseType: d.case_type, procedure: d.procedure ?? undefined }, false);
  const template = chosen ? templates.cached(chosen.id)?.template : undefined;
  if (!template) {
    throw new AppError('conflict', `案件类型“${d.case_type}${d.procedure ? `（${d.procedure}）` : ''}”暂无适用的评查标准模板，无法生成空白评查表。`, {
      dossierId,
    });
  }
  const items = applicableItems(template, caseContext(template, d.case_type, d.procedure));
  const dims = dimensionsOf(template, items);
  numberRows(dims);
  return {
    blank: true,
    masked: mask.idNumber || mask.phone || mask.personName,
    campaign: { name: d.campaign_name, year: d.campaign_year, organiser: d.organiser },
    header: maskDossierHeader(headerOf(d), mask),
    template: templateInfo(template),
    reviewers: reads.assignedReviewers(dossierId),
    status: '空白',
    submittedAt: null,
    lockedAt: null,
    dimensions: dims,
    total: null,
    pointsBeforeVeto: null,
    maxTotal: template.totalPoints,
    grade: null,
    veto: { hit: false, reasons: [] },
    unanswered: 0,
    findings: [],
    exportedOn: today(),
  };
}

export { legalBasisText };

/** Points as printed: whole numbers plain, halves and tenths with one decimal. */
export const pts = (n: number | null | undefined): string => (n === null || n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(1));
