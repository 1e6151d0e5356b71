/**
 * Required documents per case type/procedure and the canonical filing order (domain brief §3, §7).
 * Pure data + two checks:
 *  - DOC-REQ: every required document (conditional ones only when their trigger is recorded) must be
 *    among the document tags of the dossier PDF; a missing one is a finding.
 *  - DOC-ORDER: documents out of the canonical filing order → 立卷 advisory (PG-DOC-06 / PS-DOC-01 /
 *    LI-DOC-01).
 * Document codes are the catalogue codes stored in document_tags.doc_type (shared/domain/documents);
 * a tag may also carry the canonical Chinese title.
 */

import { flag, notApplicable, pass, cannotCheck, type Outcome, type RuleEnv } from './kit';
import { DATE_LABELS, FLAG_LABELS } from './labels';
import type { DateField, DocumentTag, DossierFacts, FlagField, Scope, Severity } from './types';

/** Canonical titles of the codes used below (for messages and for tags given as titles). */
export const DOC_TITLES: Record<string, string> = {
  COVER: '卷宗封面',
  CATALOGUE: '卷内目录',
  RECORD_SHEET: '备考表',
  CASE_SOURCE: '案件来源登记表',
  FILING_APPROVAL: '立案审批表',
  INQUIRY_RECORD: '询问笔录',
  SITE_INSPECTION_RECORD: '现场检查笔录',
  EVIDENCE: '证据材料',
  PRESERVATION_NOTICE: '先行登记保存通知书',
  SUSPENSION_APPROVAL: '中止审批表',
  EXTENSION_APPROVAL: '延期审批表',
  INVESTIGATION_REPORT: '调查终结报告',
  LEGAL_REVIEW: '法制审核意见书',
  COLLECTIVE_DISCUSSION: '集体讨论记录',
  SEIZURE_DECISION: '查封扣押决定书',
  SEIZURE_LIST: '查封扣押清单',
  SEIZURE_RELEASE: '解除查封扣押决定书',
  CONFISCATION_DECISION: '没收决定书',
  DESTRUCTION_DECISION: '销毁决定书',
  PENALTY_NOTICE: '行政处罚事先告知书',
  DEFENCE_RECORD: '陈述申辩笔录',
  HEARING_RIGHTS_NOTICE: '听证告知书',
  HEARING_APPLICATION: '听证申请书',
  HEARING_NOTICE: '听证通知书',
  HEARING_RECORD: '听证笔录',
  HEARING_REPORT: '听证报告',
  DECISION_APPROVAL: '行政处罚决定审批表',
  PENALTY_DECISION: '行政处罚决定书',
  ONSPOT_DECISION: '当场行政处罚决定书',
  SERVICE_RECEIPT: '送达回证',
  PAYMENT_VOUCHER: '缴款凭证',
  REMINDER: '催告书',
  ENFORCEMENT_APPLICATION: '强制执行申请书',
  ENFORCEMENT_DECISION: '行政强制执行决定书',
  CLOSING_REPORT: '结案报告',
  APPLICATION: '申请书',
  ACCEPTANCE_NOTICE: '受理通知书',
  SUPPLEMENT_NOTICE: '补正材料通知书',
  NON_ACCEPTANCE_DECISION: '不予受理决定书',
  VERIFICATION_RECORD: '核查笔录',
  LICENCE_GRANT: '准予行政许可决定书',
  LICENCE_REFUSAL: '不予行政许可决定书',
  INSPECTION_APPROVAL: '行政检查审批表',
  INSPECTION_NOTICE: '行政检查通知书',
  INSPECTION_RESULT_NOTICE: '检查结果告知书',
};

/** Required only when the flag is true or the date is recorded (e.g. 听证笔录 only if a hearing was held). */
export interface DocCondition {
  flag?: FlagField;
  date?: DateField;
}

export interface RequiredDocument {
  label: string;
  /** Any one of these codes satisfies the requirement. */
  anyOf: string[];
  itemCode: string;
  severity: Severity;
  when?: DocCondition;
}

const D = (label: string, anyOf: string[], itemCode: string, severity: Severity = 'deduction', when?: DocCondition): RequiredDocument =>
  when ? { label, anyOf, itemCode, severity, when } : { label, anyOf, itemCode, severity };

export const REQUIRED_DOCUMENTS: Record<Scope, RequiredDocument[]> = {
  PG: [
    D('卷宗封面', ['COVER'], 'PG-DOC-05'),
    D('卷内目录', ['CATALOGUE'], 'PG-DOC-05'),
    D('立案审批表', ['FILING_APPROVAL'], 'PG-PROC-01'),
    D('询问笔录或现场检查（勘验）笔录', ['INQUIRY_RECORD', 'SITE_INSPECTION_RECORD'], 'PG-EVID-03'),
    D('先行登记保存通知书及清单', ['PRESERVATION_NOTICE'], 'PG-PROC-07', 'deduction', { date: 'preserved' }),
    D('延期审批表', ['EXTENSION_APPROVAL'], 'PG-PROC-10', 'deduction', { flag: 'extensionApproved' }),
    D('调查终结报告', ['INVESTIGATION_REPORT'], 'PG-PROC-11'),
    D('法制审核意见书', ['LEGAL_REVIEW'], 'PG-PROC-12', 'deduction', { flag: 'legalReview' }),
    D('集体讨论记录', ['COLLECTIVE_DISCUSSION'], 'PG-PROC-13', 'deduction', { flag: 'collectiveDiscussion' }),
    D('行政处罚事先告知书', ['PENALTY_NOTICE'], 'PG-PROC-14', 'veto'),
    D('听证通知书', ['HEARING_NOTICE'], 'PG-PROC-16', 'deduction', { flag: 'hearingHeld', date: 'hearing' }),
    D('听证笔录', ['HEARING_RECORD'], 'PG-PROC-16', 'deduction', { flag: 'hearingHeld', date: 'hearing' }),
    D('行政处罚决定审批表', ['DECISION_APPROVAL'], 'PG-PROC-18'),
    D('行政处罚决定书', ['PENALTY_DECISION'], 'PG-DOC-02', 'veto'),
    D('送达回证', ['SERVICE_RECEIPT'], 'PG-PROC-20'),
    D('缴款凭证', ['PAYMENT_VOUCHER'], 'PG-PROC-23', 'deduction', { date: 'paid' }),
    D('催告书', ['REMINDER'], 'PG-PROC-24', 'deduction', { date: 'reminder' }),
    D('结案报告', ['CLOSING_REPORT'], 'PG-PROC-25'),
    D('备考表', ['RECORD_SHEET'], 'PG-DOC-06'),
  ],
  PS: [
    D('当场行政处罚决定书', ['ONSPOT_DECISION', 'PENALTY_DECISION'], 'PS-PROC-04'),
    D('缴款凭证', ['PAYMENT_VOUCHER'], 'PS-DOC-01', 'deduction', { date: 'paid' }),
  ],
  LI: [
    D('卷宗封面', ['COVER'], 'LI-DOC-01'),
    D('卷内目录', ['CATALOGUE'], 'LI-DOC-01'),
    D('申请书', ['APPLICATION'], 'LI-PROC-01'),
    D('补正材料通知书', ['SUPPLEMENT_NOTICE'], 'LI-PROC-02', 'deduction', { date: 'supplementNotice' }),
    D('受理通知书', ['ACCEPTANCE_NOTICE'], 'LI-PROC-03'),
    D('听证笔录', ['HEARING_RECORD'], 'LI-PROC-07', 'deduction', { flag: 'hearingHeld', date: 'hearing' }),
    D('准予或不予行政许可决定书', ['LICENCE_GRANT', 'LICENCE_REFUSAL'], 'LI-PROC-12'),
    D('送达回证', ['SERVICE_RECEIPT'], 'LI-DOC-01'),
    D('备考表', ['RECORD_SHEET'], 'LI-DOC-01'),
  ],
  'CE-M': [
    D('现场笔录', ['SITE_INSPECTION_RECORD'], 'CE-PROC-03'),
    D('查封扣押决定书', ['SEIZURE_DECISION'], 'CE-PROC-04', 'veto'),
    D('查封扣押清单', ['SEIZURE_LIST'], 'CE-PROC-04'),
    // 行政强制法 第二十七条: a seizure ends by 没收, 销毁 or a 解除 decision — any of the three closes it.
    D('解除查封扣押决定书（或没收、销毁决定书）', ['SEIZURE_RELEASE', 'CONFISCATION_DECISION', 'DESTRUCTION_DECISION'], 'CE-PROC-07', 'deduction', { date: 'released' }),
    D('送达回证', ['SERVICE_RECEIPT'], 'CE-DOC-01'),
  ],
  'CE-E': [
    D('催告书', ['REMINDER'], 'CE-PROC-10', 'veto'),
    D('行政强制执行决定书', ['ENFORCEMENT_DECISION'], 'CE-PROC-11'),
    D('送达回证', ['SERVICE_RECEIPT'], 'CE-DOC-01'),
  ],
  IN: [
    D('行政检查审批表', ['INSPECTION_APPROVAL'], 'IN-PROC-02'),
    D('现场检查笔录', ['SITE_INSPECTION_RECORD'], 'IN-PROC-06'),
    D('检查结果告知书', ['INSPECTION_RESULT_NOTICE'], 'IN-PROC-09'),
  ],
};

export interface FilingStep {
  label: string;
  codes: string[];
  /** Slot used only with the decision-first filing style (settings.decisionFirstFiling). */
  decisionFirst?: boolean;
}

const S = (label: string, codes: string[], decisionFirst = false): FilingStep => (decisionFirst ? { label, codes, decisionFirst } : { label, codes });

/** Canonical filing orders (§7 for PG; PS-DOC-01 and LI-DOC-01 lists). Other types: no order check. */
export const FILING_ORDERS: Partial<Record<Scope, { itemCode: string; steps: FilingStep[] }>> = {
  PG: {
    itemCode: 'PG-DOC-06',
    steps: [
      S('卷宗封面', ['COVER']),
      S('卷内目录', ['CATALOGUE']),
      S('行政处罚决定书（决定书在前的立卷方式）', ['PENALTY_DECISION'], true),
      S('案件来源登记/线索核查', ['CASE_SOURCE']),
      S('立案审批表', ['FILING_APPROVAL']),
      S('询问笔录/现场检查（勘验）笔录', ['INQUIRY_RECORD', 'SITE_INSPECTION_RECORD']),
      S('证据材料', ['EVIDENCE']),
      S('先行登记保存/查封扣押文书及解除', ['PRESERVATION_NOTICE', 'SEIZURE_DECISION', 'SEIZURE_LIST', 'SEIZURE_RELEASE', 'CONFISCATION_DECISION', 'DESTRUCTION_DECISION']),
      S('中止/延期审批', ['SUSPENSION_APPROVAL', 'EXTENSION_APPROVAL']),
      S('调查终结报告', ['INVESTIGATION_REPORT']),
      S('法制审核意见', ['LEGAL_REVIEW']),
      S('集体讨论记录', ['COLLECTIVE_DISCUSSION']),
      S('事先告知书及送达回证', ['PENALTY_NOTICE', 'SERVICE_RECEIPT']),
      S('陈述申辩笔录/材料、复核意见', ['DEFENCE_RECORD']),
      S('听证告知/申请/通知/笔录/报告', ['HEARING_RIGHTS_NOTICE', 'HEARING_APPLICATION', 'HEARING_NOTICE', 'HEARING_RECORD', 'HEARING_REPORT']),
      S('行政处罚决定审批表', ['DECISION_APPROVAL']),
      S('行政处罚决定书及送达回证', ['PENALTY_DECISION', 'SERVICE_RECEIPT']),
      S('缴款凭证/催告/强制执行申请', ['PAYMENT_VOUCHER', 'REMINDER', 'ENFORCEMENT_APPLICATION', 'ENFORCEMENT_DECISION']),
      S('结案报告', ['CLOSING_REPORT']),
      S('备考表', ['RECORD_SHEET']),
    ],
  },
  PS: {
    itemCode: 'PS-DOC-01',
    steps: [
      S('卷宗封面', ['COVER']),
      S('卷内目录', ['CATALOGUE']),
      S('当场行政处罚决定书', ['ONSPOT_DECISION', 'PENALTY_DECISION']),
      S('证据材料', ['SITE_INSPECTION_RECORD', 'EVIDENCE']),
      S('缴款凭证', ['PAYMENT_VOUCHER']),
      S('备考表', ['RECORD_SHEET']),
    ],
  },
  LI: {
    itemCode: 'LI-DOC-01',
    steps: [
      S('卷宗封面', ['COVER']),
      S('卷内目录', ['CATALOGUE']),
      S('申请书', ['APPLICATION']),
      S('补正材料通知书', ['SUPPLEMENT_NOTICE']),
      S('受理/不予受理', ['ACCEPTANCE_NOTICE', 'NON_ACCEPTANCE_DECISION']),
      S('核查笔录', ['VERIFICATION_RECORD']),
      S('听证文书', ['HEARING_RIGHTS_NOTICE', 'HEARING_APPLICATION', 'HEARING_NOTICE', 'HEARING_RECORD', 'HEARING_REPORT']),
      S('许可决定书', ['LICENCE_GRANT', 'LICENCE_REFUSAL']),
      S('送达回证', ['SERVICE_RECEIPT']),
      S('备考表', ['RECORD_SHEET']),
    ],
  },
};

const TITLE_TO_CODE = new Map(Object.entries(DOC_TITLES).map(([code, title]) => [title, code]));

/** Tag → catalogue code: the code itself, or the canonical title; null when unknown. */
export function docCode(tag: DocumentTag): string | null {
  const t = tag.docType.replace(/\s+/g, '');
  if (t in DOC_TITLES) return t;
  return TITLE_TO_CODE.get(t) ?? null;
}

export function docTitle(code: string): string {
  return DOC_TITLES[code] ?? code;
}

function conditionHolds(facts: DossierFacts, c: DocCondition): boolean {
  if (c.flag && flag(facts, c.flag) === true) return true;
  if (c.date) {
    const v = facts.dates?.[c.date];
    if (v !== null && v !== undefined && v !== '') return true;
  }
  return false;
}

function conditionText(c: DocCondition): string {
  const parts: string[] = [];
  if (c.flag) parts.push(`${FLAG_LABELS[c.flag]}为“是”`);
  if (c.date) parts.push(`已记录${DATE_LABELS[c.date]}`);
  return parts.join('或');
}

export function checkRequiredDocuments(facts: DossierFacts, env: RuleEnv): Outcome {
  const list = REQUIRED_DOCUMENTS[env.scope];
  if (!list || list.length === 0) return notApplicable('本类案卷未配置必备文书清单');
  if (!env.documents) return cannotCheck('无法检查：缺少 卷内文书标注');
  const present = new Set(env.documents.map(docCode).filter((c): c is string => c !== null));
  const findings: Outcome['findings'] = [];
  const checked: string[] = [];
  for (const req of list) {
    if (req.when && !conditionHolds(facts, req.when)) continue;
    checked.push(req.label);
    if (req.anyOf.some((c) => present.has(c))) continue;
    const why = req.when ? `（${conditionText(req.when)}）` : '';
    const message = `卷内缺少${req.label}${why}`;
    findings.push({
      kind: 'violation',
      severity: req.severity,
      message,
      computation: `应有文书：${req.anyOf.map(docTitle).join(' 或 ')}；卷内文书标注中未找到`,
      itemCode: req.itemCode,
    });
  }
  const computation = `已核对 ${checked.length} 种必备文书：${checked.join('、')}`;
  if (findings.length === 0) return pass('必备文书齐全', computation);
  return { status: 'fail', message: `缺少 ${findings.length} 种必备文书`, computation, findings };
}

export function checkFilingOrder(_facts: DossierFacts, env: RuleEnv): Outcome {
  const order = FILING_ORDERS[env.scope];
  if (!order) return notApplicable('本类案卷未配置立卷顺序');
  if (!env.documents) return cannotCheck('无法检查：缺少 卷内文书标注');
  const steps = order.steps
    .map((s, i) => ({ ...s, index: i }))
    .filter((s) => !s.decisionFirst || env.settings.decisionFirstFiling);
  const tags = env.documents
    .map((t, i) => ({ t, i, code: docCode(t) }))
    .filter((x): x is { t: DocumentTag; i: number; code: string } => x.code !== null)
    .sort((a, b) => a.t.page - b.t.page || a.i - b.i);
  // Longest chain of documents whose steps can be non-decreasing (each document may sit at any of
  // its allowed steps); documents outside the chain are the misplaced ones. This flags the one
  // misplaced document, not everything after it.
  const items = tags
    .map((x) => ({ ...x, steps: steps.filter((s) => s.codes.includes(x.code)).map((s) => s.index) }))
    .filter((x) => x.steps.length > 0);
  const n = items.length;
  const best: Map<number, { len: number; prev: [number, number] | null }>[] = [];
  for (let a = 0; a < n; a++) {
    const m = new Map<number, { len: number; prev: [number, number] | null }>();
    for (const c of items[a]!.steps) {
      let top: { len: number; prev: [number, number] | null } = { len: 1, prev: null };
      for (let b = 0; b < a; b++) {
        for (const [cb, v] of best[b]!) if (cb <= c && v.len + 1 > top.len) top = { len: v.len + 1, prev: [b, cb] };
      }
      m.set(c, top);
    }
    best.push(m);
  }
  let end: [number, number] | null = null;
  let endLen = 0;
  for (let a = 0; a < n; a++) for (const [c, v] of best[a]!) if (v.len > endLen) { endLen = v.len; end = [a, c]; }
  const chainStep = new Map<number, number>();
  for (let cur = end; cur; cur = best[cur[0]]!.get(cur[1])!.prev) chainStep.set(cur[0], cur[1]);
  const findings: Outcome['findings'] = [];
  for (let a = 0; a < n; a++) {
    if (chainStep.has(a)) continue;
    const x = items[a]!;
    const maxStep = Math.max(...x.steps);
    const minStep = Math.min(...x.steps);
    let ref: { idx: number; before: boolean } | null = null;
    for (let b = 0; b < a && !ref; b++) if (chainStep.has(b) && chainStep.get(b)! > maxStep) ref = { idx: b, before: true };
    for (let b = n - 1; b > a && !ref; b--) if (chainStep.has(b) && chainStep.get(b)! < minStep) ref = { idx: b, before: false };
    const r = ref ? items[ref.idx]! : null;
    const message = r
      ? `立卷顺序不当：${docTitle(x.code)}（第 ${x.t.page} 页）应排在${docTitle(r.code)}（第 ${r.t.page} 页）${ref!.before ? '之前' : '之后'}`
      : `立卷顺序不当：${docTitle(x.code)}（第 ${x.t.page} 页）位置不符合立卷顺序`;
    findings.push({ kind: 'violation', severity: 'advisory', message, computation: `标准顺序：${steps.map((s) => s.label).join(' → ')}`, itemCode: order.itemCode });
  }
  const computation = `按页码排列的已识别文书 ${tags.length} 份，对照${env.settings.decisionFirstFiling ? '（决定书在前）' : ''}标准立卷顺序`;
  if (findings.length === 0) return pass('文书排列符合立卷顺序', computation);
  return { status: 'fail', message: `${findings.length} 份文书排列顺序不当`, computation, findings };
}

export const DOC_SEVERITY_NOTE =
  '缺少文书的判断依赖卷内文书标注完整；标注不全时应由评查人员核实后再扣分。';
